#define BOOST_TEST_MODULE workflow_core
#include <boost/test/unit_test.hpp>
