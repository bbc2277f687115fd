// Faults on idempotent calls and on statement POSTs: what the client retries, how often, and
// that deadlines hold.
#include "tests/fake_livy/client_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using namespace steward::fake_livy;
namespace utf = boost::unit_test;

namespace {

// A session that is idle, for statement tests.
void make_idle_session(ClientFixture& f) {
    BOOST_REQUIRE(f.run(f.client.create_session({})).has_value());
    BOOST_REQUIRE(f.run(f.client.wait_for_session_idle("0", Millis(2000))).has_value());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(client_retry, ClientFixture)

BOOST_AUTO_TEST_CASE(gets_retry_on_502_503_504, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    fake.add_fault(reply_fault("GET", "/batches/0", 502, R"("bad gateway")", 1, 1));
    fake.add_fault(reply_fault("GET", "/batches/0", 503, "", 2, 1));  // every fault counts every match
    fake.add_fault(reply_fault("GET", "/batches/0", 504, "<html>gateway timeout</html>", 3, 1));
    fake.clear_requests();
    const auto b = run(client.get_batch("0"));
    BOOST_REQUIRE_MESSAGE(b.has_value(), why(b));
    BOOST_TEST(b->id == "0");
    BOOST_TEST(client.stats().last_call_attempts == 4);
    BOOST_TEST(fake.count_requests("GET", "/batches/0") == 4U);
}

BOOST_AUTO_TEST_CASE(a_socket_that_cannot_be_opened_is_a_connection_failure, *utf::timeout(30)) {
    // The process at its descriptor limit (soft RLIMIT_NOFILE just above the highest open one,
    // every free number below taken), restored right after the call.
    rlimit saved{};
    BOOST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved) == 0);
    int highest = 2;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
        highest = std::max(highest, std::stoi(entry.path().filename().string()));
    }
    rlimit lowered = saved;
    lowered.rlim_cur = static_cast<rlim_t>(highest + 1);
    BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &lowered) == 0);
    std::vector<int> taken;
    for (int fd = ::dup(0); fd >= 0; fd = ::dup(0)) {
        taken.push_back(fd);
    }
    const auto r = run(client.list_batches({}));
    for (const int fd : taken) {
        ::close(fd);
    }
    BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &saved) == 0);
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST((r.error().code == livy::Errc::connection), r.error().message);  // never Errc::cancelled
    BOOST_TEST(r.error().message.find("Too many open files") != std::string::npos, r.error().message);
    BOOST_TEST(run(client.list_batches({})).has_value());  // and it works again with descriptors
}

BOOST_AUTO_TEST_CASE(retries_stop_at_max_attempts, *utf::timeout(30)) {
    fake.add_fault(reply_fault("GET", "/batches", 503, R"({"msg":"overloaded"})", 1, 0));
    const auto r = run(client.list_batches({}));
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::http_status);
    BOOST_TEST(r.error().http_status == 503);
    BOOST_TEST(r.error().message.find("overloaded") != std::string::npos);
    BOOST_TEST(client.stats().last_call_attempts == 4);
    BOOST_TEST(fake.count_requests("GET", "/batches") == 4U);
}

BOOST_AUTO_TEST_CASE(a_500_on_a_get_is_not_retried, *utf::timeout(30)) {
    fake.add_fault(reply_fault("GET", "/batches", 500, R"("java.lang.NullPointerException")", 1, 0));
    const auto r = run(client.list_batches({}));
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().http_status == 500);
    BOOST_TEST(r.error().message.find("NullPointerException") != std::string::npos);
    BOOST_TEST(fake.count_requests("GET", "/batches") == 1U);
}

BOOST_AUTO_TEST_CASE(gets_retry_on_a_connection_reset_mid_reply, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    fake.add_fault(action_fault(FaultAction::reset_mid_reply, "GET", "/batches/0/state", 1, 1));
    auto cut_in_body = action_fault(FaultAction::reset_mid_reply, "GET", "/batches/0/state", 2, 1);
    cut_in_body.partial_bytes = 230;  // headers complete, body cut short
    fake.add_fault(cut_in_body);
    const auto connections_before = fake.connections_accepted();
    const auto s = run(client.batch_state("0"));
    BOOST_REQUIRE_MESSAGE(s.has_value(), why(s));
    BOOST_TEST(client.stats().last_call_attempts == 3);
    BOOST_TEST(fake.count_requests("GET", "/batches/0/state") == 3U);
    BOOST_TEST(fake.connections_accepted() == connections_before + 2);  // reset ones are not reused
}

BOOST_AUTO_TEST_CASE(a_slow_reply_times_out_within_the_deadline, *utf::timeout(30)) {
    auto config = test_client_config(fake);
    config.request_timeout = Millis(200);
    config.retry.max_attempts = 1;
    livy::Client impatient(io.get_executor(), config);
    fake.add_fault(delay_fault("GET", "/version", Millis(3000)));
    const auto start = std::chrono::steady_clock::now();
    const auto r = run(impatient.version());
    const auto took = elapsed_ms(start);
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::timeout);
    BOOST_TEST(took >= 190);
    BOOST_TEST(took < 200 + 400);
}

BOOST_AUTO_TEST_CASE(a_slow_first_attempt_is_retried_for_gets, *utf::timeout(30)) {
    auto config = test_client_config(fake);
    config.request_timeout = Millis(150);
    livy::Client c(io.get_executor(), config);
    fake.add_fault(delay_fault("GET", "/version", Millis(2000), 1, 1));
    const auto start = std::chrono::steady_clock::now();
    const auto r = run(c.version());
    BOOST_REQUIRE_MESSAGE(r.has_value(), why(r));
    BOOST_TEST(c.stats().last_call_attempts == 2);
    BOOST_TEST(elapsed_ms(start) < 150 + 400);
}

BOOST_AUTO_TEST_CASE(malformed_json_is_a_bad_response, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    fake.add_fault(action_fault(FaultAction::malformed_json, "GET", "/batches/0"));
    const auto r = run(client.get_batch("0"));
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::bad_response);
    BOOST_TEST(!r.error().message.empty());
    BOOST_TEST(fake.count_requests("GET", "/batches/0") == 1U);
}

BOOST_AUTO_TEST_CASE(delete_is_retried_and_a_404_after_a_lost_reply_is_success, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    fake.add_fault(action_fault(FaultAction::drop_after_processing, "DELETE", "/batches/0"));
    const auto r = run(client.delete_batch("0"));
    BOOST_TEST(r.has_value(), why(r));
    BOOST_TEST(fake.count_requests("DELETE", "/batches/0") == 2U);
    BOOST_TEST(fake.model().count(Collection::batches) == 0U);
}

BOOST_AUTO_TEST_CASE(statement_cancel_is_retried, *utf::timeout(30)) {
    make_idle_session(*this);
    fake.model().script_statement("spin", StatementScript{ok_text("").output, kNever});
    const auto st = run(client.create_statement("0", {.code = "spin", .kind = std::nullopt}));
    BOOST_REQUIRE_MESSAGE(st.has_value(), why(st));
    fake.add_fault(reply_fault("POST", "/sessions/0/statements/*/cancel", 503, ""));
    BOOST_TEST(run(client.cancel_statement("0", st->id)).has_value());
    BOOST_TEST(fake.count_requests("POST", "/sessions/0/statements/*/cancel") == 2U);
}

BOOST_AUTO_TEST_CASE(a_statement_post_with_unknown_outcome_is_not_retried, *utf::timeout(30)) {
    make_idle_session(*this);
    fake.add_fault(action_fault(FaultAction::drop_after_processing, "POST", "/sessions/0/statements"));
    const auto dropped = run(client.create_statement("0", {.code = "x = 1", .kind = std::nullopt}));
    BOOST_REQUIRE_MESSAGE(!dropped.has_value(), "expected an error");
    BOOST_TEST(dropped.error().outcome_unknown);
    BOOST_TEST(fake.count_requests("POST", "/sessions/0/statements") == 1U);
    BOOST_TEST((fake.model().statement_count(0) == std::optional<std::size_t>(1)));

    fake.add_fault(reply_fault("POST", "/sessions/0/statements", 503, ""));
    const auto unavailable = run(client.create_statement("0", {.code = "y = 2", .kind = std::nullopt}));
    BOOST_REQUIRE_MESSAGE(!unavailable.has_value(), "expected an error");
    BOOST_TEST(unavailable.error().http_status == 503);
    BOOST_TEST(fake.count_requests("POST", "/sessions/0/statements") == 2U);
}

BOOST_AUTO_TEST_CASE(a_slow_statement_post_times_out_once, *utf::timeout(30)) {
    auto config = test_client_config(fake);
    config.request_timeout = Millis(150);
    livy::Client c(io.get_executor(), config);
    make_idle_session(*this);
    fake.add_fault(delay_fault("POST", "/sessions/0/statements", Millis(2000)));
    const auto start = std::chrono::steady_clock::now();
    const auto r = run(c.create_statement("0", {.code = "z = 3", .kind = std::nullopt}));
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::timeout);
    BOOST_TEST(r.error().outcome_unknown);
    BOOST_TEST(elapsed_ms(start) < 150 + 400);
    BOOST_TEST(fake.count_requests("POST", "/sessions/0/statements") == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
