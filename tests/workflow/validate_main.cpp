#define BOOST_TEST_MODULE workflow_validate
#include <boost/test/unit_test.hpp>
