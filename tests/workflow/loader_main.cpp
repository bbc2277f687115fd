#define BOOST_TEST_MODULE workflow_loader
#include <boost/test/unit_test.hpp>
