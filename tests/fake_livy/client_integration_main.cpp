#define BOOST_TEST_MODULE livy_client_integration
#include <boost/test/unit_test.hpp>
