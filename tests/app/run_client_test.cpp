// The CLI commands of one run against a real API server (loopback) over a fake engine:
// `steward runs show`, `steward cancel`, `steward rerun`, `steward logs [--follow]`, and the run
// list's --trigger/--since filters.
#include "orchestrator/app/client_commands.hpp"
#include "orchestrator/app/run_client_commands.hpp"
#include "tests/app/api_server_thread.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <thread>

namespace app = steward::app;
namespace store = steward::store;

namespace {

using app::test::call;
using app::test::Outcome;
using app::test::TokenEnv;

// Run 1 of churn (trigger cli, running): step train, attempt 1 failed on Livy batch 7 with a
// two-line error and two log lines, attempt 2 running with three. Run 2 of "other".
struct Fixture : app::test::ApiServerThread {
    store::RowId run = 0;
    store::RowId other = 0;
    store::RowId running_exec = 0;
    std::string tester = harness.token("tester");  // model_owner and operator (trigger churn*)
    std::string vera = harness.token("vera");      // viewer
    std::string olga = harness.token("olga");      // operator
    std::string bob = harness.token("bob");        // no role
    std::string server;

    Fixture() {
        commands.add_workflow("churn");
        commands.add_workflow("other");
        run = db.runs().create_run(commands.known["churn"].definition_id, R"({"x":1})", "cli",
                                   1'796'637'600'000);
        other = db.runs().create_run(commands.known["other"].definition_id, R"({"x":2})", "http:olga",
                                     1'796'641'200'000);
        db.runs().set_run_state(run, store::RunState::running, 1'796'637'600'500).value();
        const auto failed = db.runs().begin_step(run, "train", 1, 1'796'637'601'000).value();
        auto handle =
            db.livy().record_intent(failed, store::LivyKind::batch, std::nullopt, 1'796'637'601'000).value();
        db.livy().set_livy_id(handle.id, "7", 1'796'637'601'100).value();
        db.livy()
            .set_app_info(handle.id, {"application_1_0007", std::nullopt, std::nullopt}, 1'796'637'601'200)
            .value();
        db.livy().append_log_lines(failed, 0, std::vector<std::string>{"first try 0", "first try 1"}).value();
        db.runs()
            .finish_step(failed,
                         {.state = store::StepState::failed,
                          .error = std::string("batch 7 ended dead\nYARN diagnostics: out of memory")},
                         1'796'637'613'000)
            .value();
        running_exec = db.runs().begin_step(run, "train", 2, 1'796'637'614'000).value();
        db.livy()
            .append_log_lines(running_exec, 0, std::vector<std::string>{"line 0", "line 1", "line 2"})
            .value();
        db.runs().append_event(run, running_exec, 1'796'637'614'000, "step.started");
        start();
        server = url();
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(run_client, Fixture)

BOOST_AUTO_TEST_CASE(runs_show_prints_steps_attempts_livy_ids_errors_and_logs) {
    const TokenEnv env(vera);  // viewing needs only view
    const auto shown = call(app::runs_main, {"show", std::to_string(run), "--server", server});
    BOOST_TEST(shown.status == 0, shown.err);
    BOOST_TEST(shown.out.find("run " + std::to_string(run) + " (churn): running\n") == 0, shown.out);
    BOOST_TEST(shown.out.find("  trigger   cli\n") != std::string::npos, shown.out);
    BOOST_TEST(shown.out.find("  params    {\"x\":1}\n") != std::string::npos, shown.out);
    BOOST_TEST(shown.out.find("  started   2026-12-07 10:00:00\n") != std::string::npos, shown.out);
    BOOST_TEST(
        shown.out.find("STEP   ATTEMPT  STATE    STARTED              DURATION  LIVY") != std::string::npos,
        shown.out);
    BOOST_TEST(shown.out.find(
                   "train  1        failed   2026-12-07 10:00:01  12s       batch 7 application_1_0007") !=
                   std::string::npos,
               shown.out);
    BOOST_TEST(shown.out.find("train  2        running  2026-12-07 10:00:14") != std::string::npos,
               shown.out);
    BOOST_TEST(
        shown.out.find("errors:\n  train (attempt 1):\n    batch 7 ended dead\n    YARN diagnostics: out of "
                       "memory\n") != std::string::npos,
        shown.out);
    BOOST_TEST(
        shown.out.find("events: 1 (the last: step.started at 2026-12-07 10:00:14)") != std::string::npos,
        shown.out);
    BOOST_TEST(shown.out.find("--- log of") == std::string::npos);

    const auto logs = call(app::runs_main, {"show", std::to_string(run), "--logs", "--server", server});
    BOOST_TEST(logs.status == 0, logs.err);
    BOOST_TEST(logs.out.find("--- log of train, attempt 1 (failed) ---\nfirst try 0\nfirst try 1\n\n"
                             "--- log of train, attempt 2 (running) ---\nline 0\nline 1\nline 2\n") !=
                   std::string::npos,
               logs.out);

    const auto json = call(app::runs_main, {"show", std::to_string(run), "--json", "--server", server});
    BOOST_TEST(boost::json::parse(json.out).at("steps").at(0).at("attempts").as_array().size() == 2U);
}

BOOST_AUTO_TEST_CASE(runs_show_explains_401_404_and_usage) {
    ::unsetenv("STEWARD_TOKEN");
    const auto anonymous = call(app::runs_main, {"show", "1", "--server", server});
    BOOST_TEST(anonymous.status == 1);
    BOOST_TEST(anonymous.err.find("steward runs show: HTTP 401 unauthenticated") == 0, anonymous.err);
    const TokenEnv env(tester);
    const auto missing = call(app::runs_main, {"show", "99", "--server", server});
    BOOST_TEST(missing.status == 1);
    BOOST_TEST(missing.err == "steward runs show: HTTP 404 not_found: no run 99\n");
    BOOST_TEST(call(app::runs_main, {"show"}).status == 2);
    BOOST_TEST(call(app::runs_main, {"show", "x1"}).err ==
               "steward runs show: the run id must be a number, got 'x1'\n");
    BOOST_TEST(call(app::runs_main, {"show", "1", "--log"}).status == 2);
    const auto help = call(app::runs_main, {"show", "--help"});
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.find("Usage: steward runs show ID [--logs]") == 0, help.out);
    BOOST_TEST(call(app::runs_main, {"--help"}).out.find("steward runs show ID") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(runs_filters_by_trigger_and_creation_time) {
    const TokenEnv env(tester);
    const auto cli = call(app::runs_main, {"--server", server, "--trigger", "cli", "--json"});
    BOOST_TEST(cli.status == 0, cli.err);
    const auto listed = boost::json::parse(cli.out);
    BOOST_TEST(listed.at("runs").as_array().size() == 1U);
    BOOST_TEST(listed.at("runs").at(0).at("id").as_int64() == run);
    const auto later = call(app::runs_main, {"--server", server, "--since", "2026-12-07T10:30:00Z"});
    BOOST_TEST(later.out.find("other") != std::string::npos, later.out);
    BOOST_TEST(later.out.find("churn") == std::string::npos, later.out);
    const auto bad = call(app::runs_main, {"--server", server, "--until", "noon"});
    BOOST_TEST(bad.status == 1);
    BOOST_TEST(bad.err.find("HTTP 400 invalid_param: query parameter 'until' must be an ISO-8601 time") !=
                   std::string::npos,
               bad.err);
}

BOOST_AUTO_TEST_CASE(cancel_needs_the_permission_and_names_the_refusal) {
    const std::string id = std::to_string(run);
    {
        const TokenEnv env(vera);
        const auto refused = call(app::cancel_main, {id, "--server", server});
        BOOST_TEST(refused.status == 1);
        BOOST_TEST(
            refused.err.find("steward cancel: HTTP 403 forbidden: permission 'cancel' is required") == 0,
            refused.err);
    }
    const TokenEnv env(olga);
    const auto cancelled = call(app::cancel_main, {id, "--server", server});
    BOOST_TEST(cancelled.status == 0, cancelled.err);
    BOOST_TEST(cancelled.out == "run " + id + " (churn) is being cancelled; it is cancelled now\n");
    BOOST_TEST(on_server([&] { return commands.last_cancel_actor; }).ends_with(" of olga"));
    const auto again = call(app::cancel_main, {id, "--server", server});
    BOOST_TEST(again.status == 1);
    BOOST_TEST(again.err.find("HTTP 409") != std::string::npos, again.err);
    BOOST_TEST(call(app::cancel_main, {"99", "--server", server}).err.find("HTTP 404") != std::string::npos);
    BOOST_TEST(call(app::cancel_main, {}).status == 2);
    BOOST_TEST(call(app::cancel_main, {"1", "2"}).status == 2);
    BOOST_TEST(call(app::cancel_main, {"--help"}).out.find("Usage: steward cancel ID") == 0);
}

BOOST_AUTO_TEST_CASE(rerun_prints_the_new_run_and_names_refusals) {
    const std::string id = std::to_string(run);
    {
        const TokenEnv env(vera);  // a viewer may not rerun
        const auto refused = call(app::rerun_main, {id, "--server", server});
        BOOST_TEST(refused.status == 1);
        BOOST_TEST(
            refused.err.find("steward rerun: HTTP 403 forbidden: permission 'trigger' is required") == 0,
            refused.err);
    }
    {
        const TokenEnv env(olga);  // olga triggers churn* only
        const auto elsewhere = call(app::rerun_main, {std::to_string(other), "--server", server});
        BOOST_TEST(elsewhere.status == 1);
        BOOST_TEST(elsewhere.err.find("workflow 'other'") != std::string::npos, elsewhere.err);
    }
    const TokenEnv env(tester);
    const auto started = call(app::rerun_main, {id, "--server", server});
    BOOST_TEST(started.status == 0, started.err);
    const store::RowId rerun = other + 1;
    BOOST_TEST(started.out ==
               "run " + std::to_string(rerun) + " started (churn), a rerun of run " + id + "\n");
    BOOST_TEST(on_server([&] { return db.runs().get_run(rerun).value().rerun_of.value_or(0); }) == run);
    const auto json = call(app::rerun_main, {id, "--json", "--server", server});
    BOOST_TEST(boost::json::parse(json.out).at("rerun_of").as_int64() == run);
    const auto missing = call(app::rerun_main, {"99", "--server", server});
    BOOST_TEST(missing.status == 1);
    BOOST_TEST(missing.err == "steward rerun: HTTP 404 not_found: no run 99\n");
    BOOST_TEST(call(app::rerun_main, {"abc"}).status == 2);
    BOOST_TEST(call(app::rerun_main, {"--help"}).status == 0);
}

BOOST_AUTO_TEST_CASE(logs_prints_an_attempt_and_names_what_is_unknown) {
    const TokenEnv env(vera);
    const std::string id = std::to_string(run);
    const auto latest = call(app::logs_main, {id, "train", "--server", server});
    BOOST_TEST(latest.status == 0, latest.err);
    BOOST_TEST(latest.out == "line 0\nline 1\nline 2\n");
    BOOST_TEST(latest.err.empty());
    const auto first = call(app::logs_main, {id, "train", "--attempt", "1", "--server", server});
    BOOST_TEST(first.out == "first try 0\nfirst try 1\n");
    const auto step = call(app::logs_main, {id, "score", "--server", server});
    BOOST_TEST(step.status == 1);
    BOOST_TEST(step.err ==
               "steward logs: HTTP 404 not_found: run " + id + " has no step 'score' (steps: train)\n");
    const auto attempt = call(app::logs_main, {id, "train", "--attempt", "5", "--server", server});
    BOOST_TEST(attempt.err.find("has no attempt 5 (attempts: 1, 2)") != std::string::npos, attempt.err);
    BOOST_TEST(call(app::logs_main, {id}).status == 2);
    BOOST_TEST(call(app::logs_main, {"x", "train"}).status == 2);
    BOOST_TEST(call(app::logs_main, {id, "train", "--attempt", "last"}).status == 2);
    BOOST_TEST(call(app::logs_main, {id, "train", "--interval", "0"}).status == 2);
    BOOST_TEST(call(app::logs_main, {"--help"}).out.find("Usage: steward logs RUN STEP") == 0);
    const TokenEnv nobody(bob);
    BOOST_TEST(call(app::logs_main, {id, "train", "--server", server}).err.find("HTTP 403 forbidden") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(logs_follow_prints_new_lines_until_the_step_ends) {
    const TokenEnv env(tester);
    const std::string id = std::to_string(run);
    // The step writes two more lines, then ends, while the client follows.
    std::thread step([this] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        on_server([this] {
            return db.livy().append_log_lines(running_exec, 3, std::vector<std::string>{"late 3"}).value();
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        on_server([this] {
            db.livy().append_log_lines(running_exec, 4, std::vector<std::string>{"late 4"}).value();
            return db.runs()
                .finish_step(running_exec, {.state = store::StepState::succeeded}, 1'796'637'700'000)
                .has_value();
        });
    });
    const auto started = std::chrono::steady_clock::now();
    const auto followed =
        call(app::logs_main, {id, "train", "--follow", "--interval", "0.05", "--server", server});
    const auto took = std::chrono::steady_clock::now() - started;
    step.join();
    BOOST_TEST(followed.status == 0, followed.err);
    BOOST_TEST(followed.out == "line 0\nline 1\nline 2\nlate 3\nlate 4\n");
    BOOST_TEST(followed.err == "steward logs: step 'train' attempt 2 ended succeeded\n");
    BOOST_TEST(took >= std::chrono::milliseconds(600));
    BOOST_TEST(took < std::chrono::seconds(10));
    // An ended step: --follow prints what is stored and returns at once.
    const auto ended = call(app::logs_main, {id, "train", "--attempt", "1", "--follow", "--server", server});
    BOOST_TEST(ended.out == "first try 0\nfirst try 1\n");
    BOOST_TEST(ended.err == "steward logs: step 'train' attempt 1 ended failed\n");
}

BOOST_AUTO_TEST_SUITE_END()
