// Every Livy route through the real client against the fake, over loopback.
#include "tests/fake_livy/client_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward::fake_livy;
namespace utf = boost::unit_test;

BOOST_FIXTURE_TEST_SUITE(client_routes, ClientFixture)

BOOST_AUTO_TEST_CASE(version, *utf::timeout(30)) {
    const auto v = run(client.version());
    BOOST_REQUIRE_MESSAGE(v.has_value(), why(v));
    BOOST_TEST(v->version.value_or("") == "0.9.0-incubating");
    BOOST_TEST(client.stats().last_call_attempts == 1);
}

BOOST_AUTO_TEST_CASE(session_routes, *utf::timeout(30)) {
    fake.model().options().session_start = Millis(3'600'000);  // starts when the test says so
    livy::SessionRequest req;
    req.kind = "pyspark";
    req.name = "routes-session";
    req.conf = std::map<std::string, std::string>{{"spark.x", "1"}};
    const auto created = run(client.create_session(req));
    BOOST_REQUIRE_MESSAGE(created.has_value(), why(created));
    BOOST_TEST(created->id == "0");
    BOOST_TEST(created->state == livy::SessionState::starting);
    BOOST_TEST(created->name.value_or("") == "routes-session");
    BOOST_TEST(created->conf.at("spark.x") == "1");

    const auto list = run(client.list_sessions({.from = 0, .size = 10}));
    BOOST_REQUIRE_MESSAGE(list.has_value(), why(list));
    BOOST_TEST(list->total == 1);
    BOOST_TEST(list->sessions.size() == 1U);
    BOOST_TEST(fake.requests().back().target == "/sessions?from=0&size=10");

    const auto state = run(client.session_state("0"));
    BOOST_REQUIRE_MESSAGE(state.has_value(), why(state));
    BOOST_TEST(state->state_text == "starting");

    fake.model().advance(Millis(3'600'000));
    const auto idle = run(client.wait_for_session_idle("0", Millis(2000)));
    BOOST_REQUIRE_MESSAGE(idle.has_value(), why(idle));
    BOOST_TEST(idle->state == livy::SessionState::idle);
    BOOST_TEST(run(client.get_session("0"))->kind.value_or("") == "pyspark");

    fake.model().script_statement("1+1", ok_text("2"));
    const auto st = run(client.create_statement("0", {.code = "1+1", .kind = "pyspark"}));
    BOOST_REQUIRE_MESSAGE(st.has_value(), why(st));
    BOOST_TEST(st->state == livy::StatementState::waiting);
    const auto done = run(client.wait_for_statement("0", st->id, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(done.has_value(), why(done));
    BOOST_TEST(done->state == livy::StatementState::available);
    BOOST_REQUIRE(done->output.has_value());
    BOOST_TEST(done->output->text().value_or("") == "2");
    BOOST_TEST(run(client.get_statement("0", st->id))->state == livy::StatementState::available);

    fake.model().script_statement("slow", StatementScript{ok_text("late").output, kNever});
    const auto slow = run(client.create_statement("0", {.code = "slow", .kind = std::nullopt}));
    BOOST_REQUIRE_MESSAGE(slow.has_value(), why(slow));
    BOOST_TEST(run(client.cancel_statement("0", slow->id)).has_value());
    const auto cancelled = run(client.wait_for_statement("0", slow->id, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(cancelled.has_value(), why(cancelled));
    BOOST_TEST(cancelled->state == livy::StatementState::cancelled);

    const auto statements =
        run(client.list_statements("0", {.from = std::nullopt, .size = std::nullopt, .descending = true}));
    BOOST_REQUIRE_MESSAGE(statements.has_value(), why(statements));
    BOOST_TEST(statements->total == 2);
    BOOST_TEST(statements->statements.at(0).id == slow->id);

    const auto completion = run(client.completion("0", {.code = "sc.", .kind = "spark", .cursor = 3}));
    BOOST_REQUIRE_MESSAGE(completion.has_value(), why(completion));
    BOOST_TEST(completion->candidates.size() == 2U);

    fake.model().append_log(Collection::sessions, 0, LogStream::stderr_stream, "driver up");
    const auto log = run(client.session_log("0", {.from = std::nullopt, .size = -1}));
    BOOST_REQUIRE_MESSAGE(log.has_value(), why(log));
    BOOST_TEST(log->total == 3);
    BOOST_TEST(log->log.back() == "driver up");

    BOOST_TEST(run(client.delete_session("0")).has_value());
    const auto gone = run(client.get_session("0"));
    BOOST_REQUIRE_MESSAGE(!gone.has_value(), "expected an error");
    BOOST_TEST(gone.error().code == livy::Errc::not_found);
    BOOST_TEST(gone.error().http_status == 404);
    BOOST_TEST(gone.error().message.find("not found") != std::string::npos);
    const auto again = run(client.delete_session("0"));
    BOOST_REQUIRE_MESSAGE(!again.has_value(), "expected an error");
    BOOST_TEST(again.error().code == livy::Errc::not_found);
}

BOOST_AUTO_TEST_CASE(batch_routes, *utf::timeout(30)) {
    livy::BatchRequest req;
    req.file = "/jobs/pi.py";
    req.args = std::vector<std::string>{"10"};
    req.name = "routes-batch";
    req.conf = std::map<std::string, std::string>{{"spark.y", "2"}};
    const auto created = run(client.create_batch(req));
    BOOST_REQUIRE_MESSAGE(created.has_value(), why(created));
    BOOST_TEST(created->id == "0");
    BOOST_TEST(created->state == livy::BatchState::starting);

    // The body the fake received is strict-Jackson clean and carries what we set.
    const auto& post = fake.requests().back();
    BOOST_TEST(post.method == "POST");
    BOOST_TEST(post.body.find(R"("file":"/jobs/pi.py")") != std::string::npos);
    BOOST_TEST(post.body.find("kind") == std::string::npos);

    const auto list = run(client.list_batches({.from = std::nullopt, .size = std::nullopt}));
    BOOST_REQUIRE_MESSAGE(list.has_value(), why(list));
    BOOST_TEST(list->total == 1);
    BOOST_TEST(list->batches.at(0).name.value_or("") == "routes-batch");
    BOOST_TEST(run(client.get_batch("0"))->name.value_or("") == "routes-batch");
    BOOST_TEST(run(client.batch_state("0")).has_value());
    const auto by_name = run(client.find_batch_by_name("routes-batch"));
    BOOST_REQUIRE_MESSAGE(by_name.has_value(), why(by_name));
    BOOST_REQUIRE(by_name->has_value());
    BOOST_TEST((*by_name)->id == "0");
    const auto absent = run(client.find_batch_by_name("no-such-batch"));
    BOOST_REQUIRE_MESSAGE(absent.has_value(), why(absent));
    BOOST_TEST(!absent->has_value());

    for (int i = 0; i < 150; ++i) {
        fake.model().append_log(Collection::batches, 0, LogStream::stdout_stream, "out " + std::to_string(i));
    }
    const auto last = run(client.batch_log("0", {}));  // Livy default: the last 100 lines
    BOOST_REQUIRE_MESSAGE(last.has_value(), why(last));
    BOOST_TEST(last->total == 152);
    BOOST_TEST(last->from == 52);
    BOOST_TEST(last->log.size() == 100U);
    const auto all = run(client.batch_log("0", {.from = 0, .size = -1}));
    BOOST_TEST(all->log.size() == 152U);

    const auto finished = run(client.wait_for_batch("0", Millis(2000)));
    BOOST_REQUIRE_MESSAGE(finished.has_value(), why(finished));
    BOOST_TEST(finished->state == livy::BatchState::success);
    BOOST_TEST(run(client.delete_batch("0")).has_value());
    const auto gone = run(client.batch_state("0"));
    BOOST_REQUIRE_MESSAGE(!gone.has_value(), "expected an error");
    BOOST_TEST(gone.error().code == livy::Errc::not_found);
}

BOOST_AUTO_TEST_CASE(every_call_sends_the_livy_headers, *utf::timeout(30)) {
    BOOST_TEST(run(client.version()).has_value());
    BOOST_TEST(run(client.create_batch(batch_request("/f.py"))).has_value());
    BOOST_TEST(run(client.get_batch("0")).has_value());
    BOOST_TEST(run(client.delete_batch("0")).has_value());
    BOOST_REQUIRE(fake.requests().size() == 4U);
    for (const auto& r : fake.requests()) {
        BOOST_TEST_CONTEXT(r.method << " " << r.target) {
            BOOST_TEST(r.header("X-Requested-By").value_or("") == "steward-tests");
            BOOST_TEST(r.header("Accept").value_or("").find("application/json") != std::string::npos);
            BOOST_TEST(r.header("Content-Type").value_or("").find("application/json") != std::string::npos);
            BOOST_TEST(!r.header("User-Agent").value_or("").empty());
            BOOST_TEST(!r.header("Authorization").has_value());
        }
    }
}

// The observer the metrics use: one event per HTTP exchange, with the route template and the time.
BOOST_AUTO_TEST_CASE(attempts_report_the_route_template_and_the_time, *utf::timeout(30)) {
    const auto v = run(client.version());
    BOOST_REQUIRE_MESSAGE(v.has_value(), why(v));
    BOOST_TEST_REQUIRE(!attempts.empty());
    BOOST_TEST(attempts.back().route == "/version");
    BOOST_TEST(attempts.back().status == 200);
    BOOST_TEST(attempts.back().elapsed.count() > 0);

    const auto missing = run(client.batch_log("987", {}));
    BOOST_TEST(!missing.has_value());
    BOOST_TEST(attempts.back().route == "/batches/{id}/log");
    BOOST_TEST(attempts.back().method == "GET");
    BOOST_TEST(attempts.back().status == 404);
}

BOOST_AUTO_TEST_SUITE_END()
