#define BOOST_TEST_MODULE reports_unit_tests
#include <boost/test/unit_test.hpp>
