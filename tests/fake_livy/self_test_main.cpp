#define BOOST_TEST_MODULE fake_livy
#include <boost/test/unit_test.hpp>
