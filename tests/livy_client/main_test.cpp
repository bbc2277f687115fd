#define BOOST_TEST_MODULE livy_client unit tests
#include <boost/test/unit_test.hpp>
