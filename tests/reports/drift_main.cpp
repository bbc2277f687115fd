// reports_drift_tests: drift statistics. Suites drift_stats, drift_ks, drift_chi2 and drift are
// hand-checkable unit cases; drift_reference (disabled by default, run by its own ctest entry)
// compares with numpy/scipy figures produced by drift_reference.py.
#define BOOST_TEST_MODULE reports_drift_tests
#include <boost/test/unit_test.hpp>
