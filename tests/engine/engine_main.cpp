#define BOOST_TEST_MODULE engine_tests
#include <boost/test/unit_test.hpp>

#include <spdlog/spdlog.h>

/// Keeps the engine's info lines out of the test output (warnings and errors still show).
struct QuietLogs {
    QuietLogs() { spdlog::set_level(spdlog::level::warn); }
};
BOOST_TEST_GLOBAL_FIXTURE(QuietLogs);
