// The waiting helpers against the fake's state machines (real, short delays).
#include "tests/fake_livy/client_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <exception>

using namespace steward::fake_livy;
namespace utf = boost::unit_test;

namespace {

namespace asio = boost::asio;

// Lets session 0 finish starting once `refusals` statement POSTs have been made.
asio::awaitable<void> start_after_refusals(FakeLivy& fake, std::size_t refusals) {
    while (fake.count_requests("POST", "/sessions/0/statements") < refusals) {
        co_await pause_for(Millis(1));
    }
    fake.model().advance(Millis(3'600'000));
}

// co_spawn completion: a failed helper coroutine fails the test (run_coro rethrows it).
void rethrow_failure(std::exception_ptr failure) {
    if (failure) {
        std::rethrow_exception(failure);
    }
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(client_wait, ClientFixture)

BOOST_AUTO_TEST_CASE(submit_statement_waits_out_the_500_while_starting, *utf::timeout(30)) {
    fake.model().options().session_start = Millis(3'600'000);
    BOOST_REQUIRE(run(client.create_session({})).has_value());
    fake.model().script_statement("2*21", ok_text("42"));
    // The session finishes starting only after the client was refused twice.
    asio::co_spawn(io, start_after_refusals(fake, 2), rethrow_failure);
    const auto st = run(client.submit_statement("0", {.code = "2*21", .kind = "pyspark"}, Millis(3000)));
    BOOST_REQUIRE_MESSAGE(st.has_value(), why(st));
    // At least one POST was refused with Livy's bare-string 500, and exactly one statement exists.
    BOOST_TEST(fake.count_requests("POST", "/sessions/0/statements") >= 2U);
    BOOST_TEST((fake.model().statement_count(0) == std::optional<std::size_t>(1)));
    const auto done = run(client.wait_for_statement("0", st->id, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(done.has_value(), why(done));
    BOOST_TEST(done->output->text().value_or("") == "42");
}

BOOST_AUTO_TEST_CASE(submit_statement_gives_up_on_a_dead_session, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_session({})).has_value());
    fake.model().force_state(Collection::sessions, 0, "dead");
    const auto st = run(client.submit_statement("0", {.code = "1", .kind = std::nullopt}, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(!st.has_value(), "expected an error");
    BOOST_TEST(st.error().http_status == 500);
    BOOST_TEST(st.error().message.find("Session is in state dead") != std::string::npos);
    BOOST_TEST(fake.count_requests("POST", "/sessions/0/statements") == 1U);
}

BOOST_AUTO_TEST_CASE(statement_outputs_ok_json_and_error, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_session({})).has_value());
    BOOST_REQUIRE(run(client.wait_for_session_idle("0", Millis(2000))).has_value());
    fake.model().script_statement("%json x", ok_json(boost::json::parse(R"({"rows":[1,2]})")));
    fake.model().script_statement("oops", error_output("KeyError", "'foo'", {"Traceback:", "  line 1"}));
    const auto js = run(client.create_statement("0", {.code = "%json x", .kind = std::nullopt}));
    const auto err = run(client.create_statement("0", {.code = "oops", .kind = std::nullopt}));
    BOOST_REQUIRE_MESSAGE(js.has_value(), why(js));
    BOOST_REQUIRE_MESSAGE(err.has_value(), why(err));
    const auto js_done = run(client.wait_for_statement("0", js->id, Millis(2000)));
    const auto err_done = run(client.wait_for_statement("0", err->id, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(js_done.has_value(), why(js_done));
    BOOST_REQUIRE_MESSAGE(err_done.has_value(), why(err_done));
    BOOST_REQUIRE(js_done->output.has_value());
    BOOST_TEST(js_done->output->ok());
    BOOST_REQUIRE(js_done->output->json() != nullptr);
    BOOST_TEST(js_done->output->json()->at("rows").at(1).as_int64() == 2);
    BOOST_REQUIRE(err_done->output.has_value());
    BOOST_TEST(!err_done->output->ok());
    BOOST_TEST(err_done->output->ename.value_or("") == "KeyError");
    BOOST_TEST(err_done->output->evalue.value_or("") == "'foo'");
    BOOST_TEST(err_done->output->traceback.size() == 2U);
}

BOOST_AUTO_TEST_CASE(statement_wait_times_out, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_session({})).has_value());
    BOOST_REQUIRE(run(client.wait_for_session_idle("0", Millis(2000))).has_value());
    fake.model().script_statement("forever", StatementScript{ok_text("").output, kNever});
    const auto st = run(client.create_statement("0", {.code = "forever", .kind = std::nullopt}));
    BOOST_REQUIRE_MESSAGE(st.has_value(), why(st));
    const auto start = std::chrono::steady_clock::now();
    const auto r = run(client.wait_for_statement("0", st->id, Millis(150)));
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::timeout);
    BOOST_TEST(elapsed_ms(start) >= 140);
    BOOST_TEST(elapsed_ms(start) < 150 + 400);
}

BOOST_AUTO_TEST_CASE(session_that_fails_to_start_is_terminal, *utf::timeout(30)) {
    fake.model().script_session("doomed", SessionScript{Millis(20), SessionOutcome::dead});
    livy::SessionRequest req;
    req.name = "doomed";
    BOOST_REQUIRE(run(client.create_session(req)).has_value());
    const auto r = run(client.wait_for_session_idle("0", Millis(2000)));
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::terminal_state);
    BOOST_TEST(r.error().message.find("dead") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(batch_wait_reaches_success_or_dead, *utf::timeout(30)) {
    fake.model().script_batch("fails",
                              BatchScript{BatchOutcome::dead, std::nullopt, std::nullopt, {"Error: boom"}});
    BOOST_REQUIRE(run(client.create_batch(batch_request("/ok.py", "works"))).has_value());
    BOOST_REQUIRE(run(client.create_batch(batch_request("/bad.py", "fails"))).has_value());
    const auto ok = run(client.wait_for_batch("0", Millis(2000)));
    BOOST_REQUIRE_MESSAGE(ok.has_value(), why(ok));
    BOOST_TEST(ok->state == livy::BatchState::success);
    const auto bad = run(client.wait_for_batch("1", Millis(2000)));
    BOOST_REQUIRE_MESSAGE(bad.has_value(), why(bad));
    BOOST_TEST(bad->state == livy::BatchState::dead);
    BOOST_TEST((std::find(bad->log.begin(), bad->log.end(), "Error: boom") != bad->log.end()));
}

BOOST_AUTO_TEST_CASE(batch_wait_times_out_while_running, *utf::timeout(30)) {
    fake.model().script_batch("endless", BatchScript{std::nullopt, std::nullopt, kNever, {}});
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py", "endless"))).has_value());
    const auto start = std::chrono::steady_clock::now();
    const auto r = run(client.wait_for_batch("0", Millis(120)));
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::timeout);
    BOOST_TEST(elapsed_ms(start) < 120 + 400);
    BOOST_TEST((fake.model().state_of(Collection::batches, 0) == std::optional<std::string>("running")));
}

BOOST_AUTO_TEST_CASE(a_batch_garbage_collected_during_the_wait_is_not_found, *utf::timeout(30)) {
    fake.model().script_batch("short-lived", BatchScript{std::nullopt, std::nullopt, kNever, {}});
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py", "short-lived"))).has_value());
    fake.add_fault(reply_fault("GET", "/batches/0/**", 404, R"({"msg":"Session '0' not found."})", 3, 0));
    const auto r = run(client.wait_for_batch("0", Millis(2000)));
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::not_found);
}

BOOST_AUTO_TEST_CASE(a_finished_batch_is_garbage_collected_after_the_retain_time, *utf::timeout(30)) {
    fake.model().options().retain_finished = Millis(300);
    const auto created = run(client.create_batch(batch_request("/f.py", "retained")));
    BOOST_REQUIRE_MESSAGE(created.has_value(), why(created));
    const auto done = run(client.wait_for_batch(created->id, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(done.has_value(), why(done));
    BOOST_TEST(done->state == livy::BatchState::success);
    wait(Millis(400));
    const auto gone = run(client.get_batch(created->id));
    BOOST_REQUIRE_MESSAGE(!gone.has_value(), "expected an error");
    BOOST_TEST(gone.error().code == livy::Errc::not_found);
    const auto by_name = run(client.find_batch_by_name("retained"));
    BOOST_REQUIRE_MESSAGE(by_name.has_value(), why(by_name));
    BOOST_TEST(!by_name->has_value());
}

BOOST_AUTO_TEST_SUITE_END()
