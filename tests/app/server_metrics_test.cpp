// The process figures of /metrics: /proc/PID/stat parsing (the command name may hold spaces and
// parentheses), and the collector on this very process.
#include "orchestrator/app/server_metrics.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace app = steward::app;

BOOST_AUTO_TEST_SUITE(server_metrics)

BOOST_AUTO_TEST_CASE(proc_stat_fields_are_found_after_the_command_name) {
    // Fields 14/15 (utime, stime) = 250/50, 22 (starttime) = 12345, 24 (rss) = 4096.
    const std::string text =
        "4242 (odd) name (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 12345 "
        "123456789 4096 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    const auto stat = app::parse_proc_stat(text);
    BOOST_TEST_REQUIRE(stat.has_value());
    BOOST_TEST(stat->cpu_ticks == 300.0);
    BOOST_TEST(stat->start_ticks == 12345.0);
    BOOST_TEST(stat->rss_pages == 4096.0);
    BOOST_TEST(!app::parse_proc_stat("4242 (cut) S 1 2 3").has_value());
    BOOST_TEST(!app::parse_proc_stat("no parenthesis").has_value());
}

BOOST_AUTO_TEST_CASE(the_process_collector_reports_this_process) {
    steward::core::metrics::Registry registry;
    app::add_process_metrics(registry);
    const std::string text = registry.render();
    for (const char* name : {"process_resident_memory_bytes ", "process_cpu_seconds_total ",
                             "process_open_fds ", "process_max_fds ", "process_start_time_seconds "}) {
        BOOST_TEST(text.find(std::string("\n") + name) != std::string::npos, name << " missing in " << text);
    }
}

BOOST_AUTO_TEST_SUITE_END()
