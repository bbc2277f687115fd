#define BOOST_TEST_MODULE engine_unit_tests
#include <boost/test/unit_test.hpp>
