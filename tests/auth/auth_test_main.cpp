#define BOOST_TEST_MODULE auth_tests
#include <boost/test/unit_test.hpp>
