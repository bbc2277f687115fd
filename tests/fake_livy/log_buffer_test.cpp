#include "tests/fake_livy/log_buffer.hpp"
#include "tests/fake_livy/faults.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using steward::fake_livy::FaultPlan;
using steward::fake_livy::LogBuffer;
using steward::fake_livy::LogStream;
using steward::fake_livy::path_matches;
using steward::fake_livy::reply_fault;

namespace utf = boost::unit_test;

BOOST_AUTO_TEST_SUITE(log_buffer)

BOOST_AUTO_TEST_CASE(empty_log_has_both_markers, *utf::timeout(5)) {
    LogBuffer log;
    const std::vector<std::string> want{"stdout: ", "\nstderr: "};
    BOOST_TEST(log.lines() == want, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(page_defaults_to_the_last_hundred_lines, *utf::timeout(5)) {
    LogBuffer log;
    for (int i = 0; i < 150; ++i) {
        log.append(LogStream::stdout_stream, "line " + std::to_string(i));
    }
    const auto page = log.page(std::nullopt, std::nullopt);
    BOOST_TEST(page.total == 152U);
    BOOST_TEST(page.from == 52U);
    BOOST_TEST(page.lines.size() == 100U);
    BOOST_TEST(page.lines.front() == "line 51");
    BOOST_TEST(page.lines.back() == "\nstderr: ");
}

BOOST_AUTO_TEST_CASE(negative_size_returns_everything_from_from, *utf::timeout(5)) {
    LogBuffer log;
    log.append(LogStream::stdout_stream, "a");
    log.append(LogStream::stderr_stream, "b");
    BOOST_TEST(log.page(std::nullopt, -1).lines.size() == 4U);
    const auto tail = log.page(2, -1);
    BOOST_TEST(tail.from == 2U);
    BOOST_TEST(tail.lines.size() == 2U);
    BOOST_TEST(tail.lines.front() == "\nstderr: ");
    const auto from_only = log.page(1, std::nullopt);  // from without size: 100 lines from there
    BOOST_TEST(from_only.lines.size() == 3U);
    BOOST_TEST(log.page(42, 5).lines.empty());
    BOOST_TEST(log.page(42, 5).total == 4U);
}

BOOST_AUTO_TEST_CASE(each_section_is_a_ring_of_capacity_lines, *utf::timeout(5)) {
    LogBuffer log(3);
    for (int i = 0; i < 5; ++i) {
        log.append(LogStream::stdout_stream, "o" + std::to_string(i));
    }
    log.append(LogStream::stderr_stream, "e0");
    const std::vector<std::string> want{"stdout: ", "o2", "o3", "o4", "\nstderr: ", "e0"};
    BOOST_TEST(log.lines() == want, boost::test_tools::per_element());
    BOOST_TEST(log.appended(LogStream::stdout_stream) == 5U);
    const std::vector<std::string> last_two{"\nstderr: ", "e0"};
    BOOST_TEST(log.tail(2) == last_two, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(fault_plan)

BOOST_AUTO_TEST_CASE(path_patterns_match_segments, *utf::timeout(5)) {
    BOOST_TEST(path_matches("", "/anything"));
    BOOST_TEST(path_matches("/batches", "/batches"));
    BOOST_TEST(path_matches("/batches", "/batches/"));
    BOOST_TEST(!path_matches("/batches", "/batches/1"));
    BOOST_TEST(path_matches("/batches/*", "/batches/1"));
    BOOST_TEST(!path_matches("/batches/*", "/batches/1/log"));
    BOOST_TEST(path_matches("/batches/*/log", "/batches/7/log"));
    BOOST_TEST(path_matches("/sessions/**", "/sessions"));
    BOOST_TEST(path_matches("/sessions/**", "/sessions/1/statements/2"));
    BOOST_TEST(!path_matches("/sessions/**", "/batches/1"));
}

BOOST_AUTO_TEST_CASE(faults_fire_on_the_nth_match_for_times_matches, *utf::timeout(5)) {
    FaultPlan plan;
    plan.add(reply_fault("GET", "/batches/*", 503, "", 2, 2));
    BOOST_TEST(!plan.match("GET", "/batches/1"));             // 1st match
    BOOST_TEST(!plan.match("POST", "/batches/1"));            // other method: not counted
    BOOST_TEST(!plan.match("GET", "/sessions/1"));            // other path: not counted
    BOOST_TEST(plan.match("GET", "/batches/1").has_value());  // 2nd
    BOOST_TEST(plan.match("GET", "/batches/2").has_value());  // 3rd
    BOOST_TEST(!plan.match("GET", "/batches/1"));             // 4th: window over
    BOOST_TEST(plan.fired().at(0) == 2U);
}

BOOST_AUTO_TEST_CASE(zero_times_means_forever_and_first_fault_wins, *utf::timeout(5)) {
    FaultPlan plan;
    plan.add(reply_fault("", "", 500, "first", 1, 0));
    plan.add(reply_fault("", "", 502, "second", 1, 0));
    for (int i = 0; i < 5; ++i) {
        const auto f = plan.match("DELETE", "/x");
        BOOST_REQUIRE(f.has_value());
        BOOST_TEST(f->status == 500U);
    }
    BOOST_TEST(plan.fired().at(1) == 0U);
    plan.clear();
    BOOST_TEST(!plan.match("GET", "/x"));
}

BOOST_AUTO_TEST_SUITE_END()
