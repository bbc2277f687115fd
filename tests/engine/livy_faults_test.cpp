// The Livy fault matrix (docs/livy-client.md, "Livy faults and what Steward does"): one case per
// fault, each asserting the run's final state, the creates and deletes Livy saw, and what a user
// reads (the step's error, the run's condition, the events).

#include "tests/engine/harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <string>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;
namespace json = boost::json;
using fake_livy::Collection;

namespace {

constexpr std::string_view kBatchFlow = R"(name: faults
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)";

HarnessOptions never_finishing() {
    HarnessOptions options;
    options.fake.model.batch_run = fake_livy::kNever;
    options.fake.model.batch_start = std::chrono::milliseconds(1);
    return options;
}

/// Creates (POSTs) and deletes Livy saw for `collection` ("batches" or "sessions").
std::size_t creates(EngineHarness& h, const std::string& collection) {
    return h.livy().count("POST", "/" + collection);
}
std::size_t deletes(EngineHarness& h, const std::string& collection) {
    return h.livy().count("DELETE", "/" + collection + "/*");
}

/// Forces the live batch (or session) `id` into `state`.
void force(EngineHarness& h, Collection c, const std::string& id, std::string state) {
    h.livy().call([&] { return h.livy().fake().model().force_state(c, std::stoi(id), state); });
}

/// Livy restarted without recovery: it forgets every session and batch.
void restart_livy(EngineHarness& h) {
    h.livy().call([&] { return h.livy().fake().model().restart(); });
}

/// Livy stops listening (connections refused) or listens again on the same port.
void stop_livy(EngineHarness& h) {
    h.livy().call([&] {
        h.livy().fake().stop();
        return 0;
    });
}
void start_livy(EngineHarness& h) {
    h.livy().call([&] {
        h.livy().fake().start();
        return 0;
    });
}

std::string error_of(EngineHarness& h, RowId run, std::string_view step) {
    return h.step(run, step).error.value_or("");
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

/// Runs until the run carries condition `kind`; its detail ("" on timeout, with a test error).
std::string await_condition(EngineHarness& h, RowId run, std::string_view kind) {
    std::string detail;
    const bool seen = h.run_until([&] {
        const auto condition = h.run(run).condition;
        if (condition && condition->kind == kind) {
            detail = condition->detail;
            return true;
        }
        return false;
    });
    BOOST_TEST(seen, "no condition " << kind << " on run " << run);
    return detail;
}

/// The payloads of a run's events of `type`, in order.
std::vector<json::object> payloads(EngineHarness& h, RowId run, std::string_view type) {
    std::vector<json::object> out;
    for (const auto& event : h.store().runs().list_events(run, 0, 10000).value()) {
        if (event.type == type) {
            out.push_back(json::parse(event.payload_json).as_object());
        }
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(livy_faults)

// Livy restarted mid-run, without recovery: the batch is gone (404 on the next poll).
BOOST_AUTO_TEST_CASE(livy_restarted_mid_batch_fails_the_step_saying_livy_forgot_it) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(kBatchFlow);
    const std::string id = h.livy_id(run, "job");
    BOOST_REQUIRE(!id.empty());
    restart_livy(h);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(error_of(h, run, "job") == "step 'job': Livy no longer knows batch " + id +
                                              " (the server restarted or garbage-collected it)");
    BOOST_TEST(contains(h.run(run).error.value_or(""), "Livy no longer knows batch " + id));
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 0U);  // nothing left to delete
}

// The same with a retry policy: each attempt submits exactly once.
BOOST_AUTO_TEST_CASE(livy_restarted_mid_batch_with_a_retry_submits_once_per_attempt) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: faults
steps:
  - {id: job, type: livy_batch, file: /abs/job.py, retry: {max: 2, delay: 10s}}
)");
    BOOST_REQUIRE(!h.livy_id(run, "job").empty());
    restart_livy(h);
    BOOST_REQUIRE(h.run_until([&] { return h.state_of(run, "job") == store::StepState::failed; }));
    h.settle();
    h.advance(10s);
    BOOST_REQUIRE(h.run_until([&] { return h.step(run, "job").attempt == 2; }));
    const std::string second = h.livy_id(run, "job");
    BOOST_REQUIRE(!second.empty());
    force(h, Collection::batches, second, "success");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.step(run, "job").attempt == 2);
    BOOST_TEST(creates(h, "batches") == 2U);  // one per attempt
    BOOST_TEST(deletes(h, "batches") == 0U);
}

// A batch whose success was seen (and stored) before the restart: the step succeeds without
// asking Livy again, even after an engine crash at that moment.
BOOST_AUTO_TEST_CASE(a_batch_seen_succeeding_before_livy_restarted_succeeds) {
    EngineHarness h(never_finishing());
    h.boot();
    bool crashed = false;
    h.record().on_event = [&](const engine::EngineEvent& event) {
        if (event.type == "livy.state" && contains(event.payload_json, "\"success\"")) {
            crashed = true;
            h.io().stop();  // killed right after the final state was committed
        }
    };
    const RowId run = h.start(kBatchFlow);
    const std::string id = h.livy_id(run, "job");
    BOOST_REQUIRE(!id.empty());
    force(h, Collection::batches, id, "success");
    BOOST_REQUIRE(h.run_until([&] { return crashed; }));
    h.crash();
    restart_livy(h);
    h.livy().call([&] {
        h.livy().fake().clear_requests();
        return 0;
    });
    h.boot();
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.step(run, "job").attempt == 1);
    BOOST_TEST(h.livy().count("", "/batches/**") == 0U);  // neither polled nor re-created
    BOOST_TEST(h.livy().count("POST", "/batches") == 0U);
}

// Livy restarted while a statement ran: the session is gone.
BOOST_AUTO_TEST_CASE(livy_restarted_mid_statement_fails_the_step_saying_livy_forgot_the_session) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        auto script = fake_livy::ok_text("finally");
        script.run = fake_livy::kNever;
        h.livy().fake().model().script_statement("spin()", script);
        return 0;
    });
    const RowId run = h.start(R"y(name: faults
steps:
  - {id: s, type: livy_session, statements: [{code: "spin()"}]}
)y");
    const std::string id = h.livy_id(run, "s", store::LivyKind::session);
    BOOST_REQUIRE(h.run_until([&] { return h.livy().count("POST", "/sessions/*/statements") == 1U; }));
    restart_livy(h);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(error_of(h, run, "s") == "step 's': Livy no longer knows session " + id +
                                            " (the server restarted or garbage-collected it) while "
                                            "statement 1 (Livy statement 0) ran");
    BOOST_TEST(creates(h, "sessions") == 1U);
    BOOST_TEST(deletes(h, "sessions") == 0U);
}

// Livy unreachable (connections refused), before the submission and while the batch runs: the
// run waits with the condition livy_unreachable, then goes on; no retry is used.
BOOST_AUTO_TEST_CASE(unreachable_livy_is_waited_for_with_a_visible_condition) {
    EngineHarness h(never_finishing());
    h.settings.livy_outage_max_backoff = 20ms;
    h.settings.livy_create_patience = 0ms;  // only the bound of kMaxCreateRounds rounds is left
    h.boot();
    stop_livy(h);
    const RowId run = h.start(kBatchFlow);
    std::string detail = await_condition(h, run, "livy_unreachable");
    BOOST_TEST(contains(detail, "Livy does not answer ("), detail);
    BOOST_TEST(contains(detail, "the next is at 2024-05-01T06:00:00"), detail);
    // More tries than the bound on creating: waiting for Livy is no reason to give up.
    const std::string try_failed = "try 25 failed";  // kMaxCreateRounds is 20
    BOOST_REQUIRE(h.run_until([&] {
        const auto condition = h.run(run).condition;
        return condition && contains(condition->detail, try_failed);
    }));
    BOOST_TEST((h.state_of(run, "job") == store::StepState::running));
    start_livy(h);
    const std::string id = h.livy_id(run, "job");
    BOOST_REQUIRE(!id.empty());
    BOOST_REQUIRE(h.run_until([&] { return !h.run(run).condition.has_value(); }));

    stop_livy(h);  // and again while it runs
    detail = await_condition(h, run, "livy_unreachable");
    BOOST_TEST(contains(detail, "GET /batches"), detail);
    BOOST_TEST((h.state_of(run, "job") == store::StepState::running));
    start_livy(h);
    BOOST_REQUIRE(h.run_until([&] { return !h.run(run).condition.has_value(); }));
    force(h, Collection::batches, id, "success");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.step(run, "job").attempt == 1);
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 0U);
    BOOST_TEST(!h.run(run).condition.has_value());
}

// The same while a session's statement runs: its polls wait, the statement's output is read once
// Livy is back, and the statement is posted once.
BOOST_AUTO_TEST_CASE(unreachable_livy_while_a_statement_runs_is_waited_for) {
    EngineHarness h;
    h.settings.livy_outage_max_backoff = 100ms;
    h.boot();
    h.livy().call([&] {
        auto script = fake_livy::ok_text("done");
        script.run = std::chrono::milliseconds(300);
        h.livy().fake().model().script_statement("slow()", script);
        return 0;
    });
    const RowId run = h.start(R"y(name: faults
steps:
  - {id: s, type: livy_session, statements: [{code: "slow()"}]}
)y");
    BOOST_REQUIRE(!h.livy_id(run, "s", store::LivyKind::session).empty());
    BOOST_REQUIRE(h.run_until([&] { return h.livy().count("POST", "/sessions/*/statements") == 1U; }));
    stop_livy(h);
    const std::string detail = await_condition(h, run, "livy_unreachable");
    BOOST_TEST(contains(detail, "GET /sessions/"), detail);
    start_livy(h);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.log(run, "s") == std::vector<std::string>{"done"});
    BOOST_TEST(!h.run(run).condition.has_value());
    BOOST_TEST(creates(h, "sessions") == 1U);
    BOOST_TEST(h.livy().count("POST", "/sessions/*/statements") == 1U);
    BOOST_TEST(deletes(h, "sessions") == 1U);  // its own session, closed with the step
}

// Waiting for an unreachable Livy does not suspend the step's timeout.
BOOST_AUTO_TEST_CASE(the_step_timeout_applies_while_livy_is_unreachable) {
    EngineHarness h(never_finishing());
    h.settings.livy_outage_max_backoff = 50ms;
    h.boot();
    const RowId run = h.start(R"(name: faults
steps:
  - {id: job, type: livy_batch, file: /abs/job.py, timeout: 10m}
)");
    BOOST_REQUIRE(!h.livy_id(run, "job").empty());
    stop_livy(h);
    (void)await_condition(h, run, "livy_unreachable");
    h.advance(10min);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "job").state == store::StepState::timed_out));
    BOOST_TEST(error_of(h, run, "job") == "step 'job' timed out after 10m");
    BOOST_TEST(!h.run(run).condition.has_value());  // a finished run has none
    start_livy(h);
}

// 500/503 answers for a while: waited out like an unreachable Livy, the condition says why.
BOOST_AUTO_TEST_CASE(livy_answering_503_for_a_while_is_waited_out) {
    EngineHarness h(never_finishing());
    h.settings.livy_outage_max_backoff = 50ms;
    h.boot();
    const RowId run = h.start(kBatchFlow);
    const std::string id = h.livy_id(run, "job");
    BOOST_REQUIRE(!id.empty());
    h.livy().call([&] {
        h.livy().fake().add_fault(
            fake_livy::reply_fault("GET", "", 503, R"({"msg":"Service Unavailable"})", 1, 0));
        return 0;
    });
    const std::string detail = await_condition(h, run, "livy_unreachable");
    BOOST_TEST(contains(detail, "503"), detail);
    BOOST_TEST(h.has_event(run, "livy.warning"));
    h.livy().call([&] {
        h.livy().fake().clear_faults();
        return 0;
    });
    BOOST_REQUIRE(h.run_until([&] { return !h.run(run).condition.has_value(); }));
    force(h, Collection::batches, id, "success");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.step(run, "job").attempt == 1);
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 0U);
}

// Replies slower than the client's deadline: each call times out; waited out the same way.
BOOST_AUTO_TEST_CASE(replies_slower_than_the_deadline_are_waited_out) {
    HarnessOptions options = never_finishing();
    options.livy_request_timeout = 150ms;
    EngineHarness h(options);
    h.settings.livy_list_polling = false;
    h.settings.livy_outage_max_backoff = 50ms;
    h.boot();
    const RowId run = h.start(kBatchFlow);
    const std::string id = h.livy_id(run, "job");
    BOOST_REQUIRE(!id.empty());
    h.livy().call([&] {
        h.livy().fake().add_fault(fake_livy::delay_fault("GET", "/batches/*/state", 400ms, 1, 0));
        return 0;
    });
    const std::string detail = await_condition(h, run, "livy_unreachable");
    BOOST_TEST(contains(detail, "GET /batches/" + id + "/state"), detail);
    h.livy().call([&] {
        h.livy().fake().clear_faults();
        return 0;
    });
    BOOST_REQUIRE(h.run_until([&] { return !h.run(run).condition.has_value(); }));
    force(h, Collection::batches, id, "success");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.step(run, "job").attempt == 1);
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 0U);
}

// The session dies while its statement runs: Livy then refuses the statement's GET (400).
BOOST_AUTO_TEST_CASE(a_session_dying_while_a_statement_runs_fails_the_step_saying_so) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        auto script = fake_livy::ok_text("finally");
        script.run = fake_livy::kNever;
        h.livy().fake().model().script_statement("spin()", script);
        return 0;
    });
    const RowId run = h.start(R"y(name: faults
steps:
  - {id: s, type: livy_session, statements: [{code: "spin()"}]}
)y");
    const std::string id = h.livy_id(run, "s", store::LivyKind::session);
    BOOST_REQUIRE(h.run_until([&] { return h.livy().count("POST", "/sessions/*/statements") == 1U; }));
    force(h, Collection::sessions, id, "dead");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(
        contains(error_of(h, run, "s"),
                 "step 's': session " + id + " ended in state dead while statement 1 (Livy statement 0) ran"),
        error_of(h, run, "s"));
    BOOST_TEST(creates(h, "sessions") == 1U);
    BOOST_TEST(h.livy().count("POST", "/sessions/*/statements") == 1U);
    BOOST_TEST(deletes(h, "sessions") == 0U);  // Livy ended it already
}

// A batch stuck in `starting` past the step's timeout: deleted, and the delete confirmed.
BOOST_AUTO_TEST_CASE(a_batch_stuck_starting_past_its_timeout_is_deleted_and_the_delete_confirmed) {
    HarnessOptions options;
    options.fake.model.batch_start = fake_livy::kNever;
    EngineHarness h(options);
    h.boot();
    const RowId run = h.start(R"(name: faults
steps:
  - {id: job, type: livy_batch, file: /abs/job.py, timeout: 10m}
)");
    const std::string id = h.livy_id(run, "job");
    BOOST_REQUIRE(!id.empty());
    BOOST_TEST(h.livy()
                   .call([&] { return h.livy().fake().model().state_of(Collection::batches, std::stoi(id)); })
                   .value_or("") == "starting");
    h.settle();
    h.advance(10min);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "job").state == store::StepState::timed_out));
    BOOST_TEST(error_of(h, run, "job") == "step 'job' timed out after 10m");
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 1U);
    const auto deleted = payloads(h, run, "livy.deleted");
    BOOST_REQUIRE_EQUAL(deleted.size(), 1U);
    BOOST_TEST(deleted[0].at("confirmed").as_bool());
    BOOST_TEST(h.livy().call([&] { return h.livy().fake().model().count(Collection::batches); }) == 0U);
}

// A wrong final state reported, then corrected (LIVY-620 style: `dead`, then the batch goes on
// and succeeds): a failure state is believed only when the next look confirms it.
BOOST_AUTO_TEST_CASE(a_wrong_final_state_corrected_by_livy_is_not_believed) {
    EngineHarness h(never_finishing());
    h.settings.livy_list_polling = false;
    h.boot();
    const RowId run = h.start(kBatchFlow);
    const std::string id = h.livy_id(run, "job");
    BOOST_REQUIRE(!id.empty());
    h.livy().call([&] {
        h.livy().fake().add_fault(
            fake_livy::reply_fault("GET", "/batches/*/state", 200, R"({"id":)" + id + R"(,"state":"dead"})"));
        return 0;
    });
    BOOST_REQUIRE(h.run_until(
        [&] { return h.livy().call([&] { return h.livy().fake().faults_fired(); }).at(0) == 1U; }));
    BOOST_REQUIRE(h.run_until([&] { return h.livy().count("GET", "/batches/*/state") >= 6U; }));
    BOOST_TEST((h.state_of(run, "job") == store::StepState::running));
    force(h, Collection::batches, id, "success");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    std::vector<std::string> states;
    for (const auto& payload : payloads(h, run, "livy.state")) {
        states.emplace_back(payload.at("state").as_string());
    }
    BOOST_TEST(std::count(states.begin(), states.end(), "dead") == 1);  // what Livy said is kept
    BOOST_TEST(states.back() == "success");
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 0U);
}

// A failure state Livy repeats is believed: the step fails on the second look.
BOOST_AUTO_TEST_CASE(a_confirmed_failure_state_fails_the_step) {
    HarnessOptions options;
    options.fake.model.batch_outcome = fake_livy::BatchOutcome::dead;
    EngineHarness h(options);
    h.boot();
    const RowId run = h.start(kBatchFlow);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(contains(error_of(h, run, "job"), "ended in state dead"), error_of(h, run, "job"));
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 0U);
}

// The log endpoint fails while the state endpoint works: the outcome does not depend on logs;
// a warning says the log is incomplete.
BOOST_AUTO_TEST_CASE(a_failing_log_endpoint_does_not_change_the_outcome) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        h.livy().fake().add_fault(
            fake_livy::reply_fault("GET", "/batches/*/log", 500, R"({"msg":"log unavailable"})", 1, 0));
        return 0;
    });
    const RowId run = h.start(kBatchFlow);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(!h.step(run, "job").error.has_value());
    const auto warnings = payloads(h, run, "livy.warning");
    BOOST_REQUIRE_EQUAL(warnings.size(), 1U);
    BOOST_TEST(contains(std::string(warnings[0].at("error").as_string()), "the batch log cannot be read"));
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 0U);
}

// No step waits forever: without a timeout in the workflow, the server's default applies.
BOOST_AUTO_TEST_CASE(a_step_without_a_timeout_gets_the_servers_default) {
    EngineHarness h(never_finishing());
    h.settings.default_step_timeout = 2h;
    h.boot();
    const RowId run = h.start(kBatchFlow);
    BOOST_REQUIRE(!h.livy_id(run, "job").empty());
    const auto started = payloads(h, run, "step.started");
    BOOST_REQUIRE_EQUAL(started.size(), 1U);
    BOOST_TEST(started[0].at("deadline").as_string() == "2024-05-01T08:00:00.000Z");
    h.settle();
    h.advance(2h - 1s);
    BOOST_TEST((h.run(run).state == store::RunState::running));
    h.advance(1s);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "job").state == store::StepState::timed_out));
    BOOST_TEST(error_of(h, run, "job") ==
               "step 'job' timed out after 2h (the server's engine.default_step_timeout)");
    BOOST_TEST(creates(h, "batches") == 1U);
    BOOST_TEST(deletes(h, "batches") == 1U);

    // The workflow's defaults.timeout wins over the server's default.
    const RowId second = h.start(R"(name: faults2
defaults: {timeout: 30m}
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    BOOST_REQUIRE(!h.livy_id(second, "job").empty());
    h.settle();
    h.advance(30min);
    BOOST_TEST((h.finish(second) == store::RunState::failed));
    BOOST_TEST(error_of(h, second, "job") == "step 'job' timed out after 30m");
}

BOOST_AUTO_TEST_SUITE_END()
