// Cancellation, and crash recovery: a generation is killed (its loop stopped and abandoned) at a
// chosen moment and a new one is started on the same database and fake Livy.

#include "tests/engine/harness.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;

namespace {

HarnessOptions never_finishing() {
    HarnessOptions options;
    options.fake.model.batch_run = fake_livy::kNever;
    return options;
}

std::optional<store::LivyHandle> handle_of(EngineHarness& h, RowId run, std::string_view step,
                                           store::LivyKind kind) {
    auto exec = h.store().runs().latest_step(run, step);
    if (!exec) {
        return std::nullopt;
    }
    auto handle = h.store().livy().find_handle(exec->id, kind);
    return handle ? std::optional<store::LivyHandle>(*handle) : std::nullopt;
}

std::int64_t submitted_batch(EngineHarness& h, RowId run, std::string_view step) {
    const std::string id = h.livy_id(run, step);
    BOOST_REQUIRE(!id.empty());
    return std::stoll(id);
}

void append_lines(EngineHarness& h, std::int64_t batch, int from, int to) {
    h.livy().call([&] {
        for (int i = from; i < to; ++i) {
            h.livy().fake().model().append_log(fake_livy::Collection::batches, static_cast<int>(batch),
                                               fake_livy::LogStream::stdout_stream,
                                               "line " + std::to_string(i));
        }
        return 0;
    });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cancellation)

BOOST_AUTO_TEST_CASE(cancel_deletes_the_runs_livy_objects) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: doomed
steps:
  - {id: prep, type: livy_session, session: main, statements: [{code: "x = 1"}]}
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    const auto batch = submitted_batch(h, run, "job");
    const auto session = handle_of(h, run, "prep", store::LivyKind::session)->livy_id.value();
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 0U);  // shared: kept while the run lives
    BOOST_REQUIRE(h.engine().cancel_run(run, "alice").has_value());
    BOOST_TEST((h.finish(run) == store::RunState::cancelled));
    BOOST_TEST(h.livy().count("DELETE", "/batches/" + std::to_string(batch)) == 1U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/" + session) == 1U);
    BOOST_TEST((h.step(run, "job").state == store::StepState::cancelled));
    BOOST_TEST(h.has_event(run, "run.cancel_requested"));
    BOOST_TEST(h.has_event(run, "run.cancelled"));
    BOOST_TEST(h.store().livy().handles_to_reattach().empty());
    auto again = h.engine().cancel_run(run, "alice");
    BOOST_TEST((again.error().code == engine::Errc::run_finished));
    BOOST_TEST((h.engine().cancel_run(9999, "alice").error().code == engine::Errc::not_found));
}

BOOST_AUTO_TEST_CASE(cancel_closes_the_open_task_and_its_timers) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: asked
steps:
  - id: ask
    type: user_task
    title: "?"
    assignees: {users: [alice]}
    outcomes: [ok]
    timeout: 1h
    remind: {every: 10m, channel: mail}
)");
    BOOST_REQUIRE(h.run_until([&] { return h.open_task(run).has_value(); }));
    const auto task = *h.open_task(run);
    BOOST_REQUIRE(h.engine().cancel_run(run, "ops").has_value());
    BOOST_TEST((h.finish(run) == store::RunState::cancelled));
    BOOST_TEST((h.store().tasks().get(task.id).value().state == store::TaskState::cancelled));
    BOOST_TEST(h.has_event(run, "task.cancelled"));  // an inbox following the events drops it
    BOOST_TEST(h.store().timers().pending_for_run(run).empty());
    BOOST_TEST((h.engine().complete_task(task.id, {"alice", {}, "ok", "{}"}).error().code ==
                engine::Errc::task_closed));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(recovery)

BOOST_AUTO_TEST_CASE(a_running_batch_is_reattached_and_its_log_stored_once) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: long
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
  - {id: tell, type: notify, channel: ops, message: "rows ${steps.job.outputs.rows}"}
)");
    const auto batch = submitted_batch(h, run, "job");
    append_lines(h, batch, 0, 5);
    BOOST_REQUIRE(h.run_until([&] { return h.log(run, "job").size() == 5; }));
    const auto events_before = h.events(run);
    h.crash();

    append_lines(h, batch, 5, 8);  // the job goes on while Steward is down
    h.livy().call([&] {
        h.livy().fake().model().append_log(fake_livy::Collection::batches, static_cast<int>(batch),
                                           fake_livy::LogStream::stdout_stream,
                                           "STEWARD_OUTPUT {\"rows\": 8}");
        return h.livy().fake().model().force_state(fake_livy::Collection::batches, static_cast<int>(batch),
                                                   "success");
    });
    h.boot();
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    const auto log = h.log(run, "job");
    BOOST_REQUIRE_EQUAL(log.size(), 9U);  // 8 lines + the output line, none twice
    for (int i = 0; i < 8; ++i) {
        BOOST_TEST(log[static_cast<std::size_t>(i)] == "line " + std::to_string(i));
    }
    BOOST_TEST(h.livy().count("POST", "/batches") == 1U);
    BOOST_TEST(h.record().sent.back().message.message == "rows 8");
    const auto events_after = h.events(run);
    BOOST_TEST(std::equal(events_before.begin(), events_before.end(), events_after.begin()));  // none lost
    BOOST_TEST(h.has_event(run, "livy.reattached"));
}

BOOST_AUTO_TEST_CASE(an_intent_without_an_id_is_found_by_name_never_submitted_twice) {
    EngineHarness h;
    h.boot();
    bool crashed = false;
    h.record().on_event = [&](const engine::EngineEvent& event) {
        if (event.type == "livy.intent") {
            crashed = true;
            h.io().stop();  // killed right after the intent was committed, around the POST
        }
    };
    const RowId run = h.start(R"(name: intent
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    BOOST_REQUIRE(h.run_until([&] { return crashed; }));
    const auto handle = handle_of(h, run, "job", store::LivyKind::batch);
    BOOST_REQUIRE(handle.has_value());
    BOOST_TEST(!handle->livy_id.has_value());
    h.crash();

    h.boot();
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.livy().count("POST", "/batches") == 1U);
    BOOST_TEST(h.livy().call(
                   [&] { return h.livy().fake().model().ids(fake_livy::Collection::batches).size(); }) == 1U);
    BOOST_TEST(handle_of(h, run, "job", store::LivyKind::batch)->livy_id.has_value());
}

BOOST_AUTO_TEST_CASE(a_batch_that_reached_livy_before_the_crash_is_adopted_by_name) {
    EngineHarness h;
    h.boot();
    bool crashed = false;
    h.record().on_event = [&](const engine::EngineEvent& event) {
        if (event.type == "livy.intent") {
            crashed = true;
            h.io().stop();
        }
    };
    h.livy().call([&] {  // whatever the killed process sends is lost
        h.livy().fake().add_fault(fake_livy::action_fault(fake_livy::FaultAction::drop_before_processing,
                                                          "POST", "/batches", 1, 0));
        return 0;
    });
    const RowId run = h.start(R"(name: adopted
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    BOOST_REQUIRE(h.run_until([&] { return crashed; }));
    const auto handle = *handle_of(h, run, "job", store::LivyKind::batch);
    h.crash();
    // The POST of the killed process did reach Livy: the batch exists under the handle's name.
    h.livy().call([&] {
        h.livy().fake().clear_faults();
        h.livy().fake().clear_requests();
        return h.livy()
            .fake()
            .model()
            .create_batch(R"({"file": "/abs/job.py", "name": ")" + handle.name + R"("})")
            .status;
    });
    h.boot();
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.livy().call(
                   [&] { return h.livy().fake().model().ids(fake_livy::Collection::batches).size(); }) == 1U);
    BOOST_TEST(h.livy().count("POST", "/batches") == 0U);  // the engine itself never posted one
    BOOST_TEST(h.has_event(run, "livy.reattached"));
}

BOOST_AUTO_TEST_CASE(a_running_statement_is_reattached_not_run_twice) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        auto slow = fake_livy::ok_json(boost::json::parse(R"({"rows": 11})"));
        slow.run = std::chrono::hours(1);
        h.livy().fake().model().script_statement("slow()", slow);
        return 0;
    });
    const RowId run = h.start(R"y(name: slow-session
steps:
  - {id: s, type: livy_session, statements: [{code: "x = 1"}, {code: "slow()"}]}
)y");
    BOOST_REQUIRE(h.run_until([&] {
        auto exec = h.store().runs().latest_step(run, "s");
        if (!exec) {
            return false;
        }
        const auto records = h.store().livy().list_statements(exec->id);
        return records.size() == 2 && records[1].statement_id.has_value();
    }));
    h.crash();
    h.boot();
    h.livy().call([&] {
        h.livy().fake().model().advance(std::chrono::hours(1));
        return 0;
    });
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.outputs(run, "s").at("rows").as_int64() == 11);
    BOOST_TEST(h.livy().count("POST", "/sessions") == 1U);
    BOOST_TEST(h.livy().count("POST", "/sessions/*/statements") == 2U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);
}

BOOST_AUTO_TEST_CASE(a_graceful_shutdown_writes_nothing_and_the_run_resumes) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: paused
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    const auto batch = submitted_batch(h, run, "job");
    h.settle();
    const auto events_before = h.events(run);
    bool stopped = false;
    struct Stopped {
        bool* flag;
        void operator()(const std::exception_ptr& /*error*/) const { *flag = true; }
    };
    boost::asio::co_spawn(h.io(), h.engine().shutdown(), Stopped{&stopped});
    BOOST_REQUIRE(h.run_until([&] { return stopped; }));
    BOOST_TEST(h.engine().active_runs() == 0U);
    BOOST_TEST((h.engine().start_run("paused", {}).error().code == engine::Errc::shutting_down));
    BOOST_TEST((h.events(run) == events_before));
    BOOST_TEST((h.run(run).state == store::RunState::running));
    h.crash();
    h.livy().call([&] {
        return h.livy().fake().model().force_state(fake_livy::Collection::batches, static_cast<int>(batch),
                                                   "success");
    });
    h.boot();
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.livy().count("POST", "/batches") == 1U);
}

BOOST_AUTO_TEST_CASE(an_open_task_survives_and_a_deadline_passed_while_down_fires_at_start) {
    EngineHarness h;
    h.boot();
    const char* yaml = R"(name: patient
steps:
  - id: ask
    type: user_task
    title: "?"
    assignees: {users: [alice]}
    outcomes: [yes, no]
    timeout: 1h
    on_timeout: {outcome: no}
  - {id: tell, type: notify, channel: ops, message: "${steps.ask.outcome}"}
)";
    const RowId answered = h.start(yaml);
    const RowId expired = h.engine().start_run("patient", {}).value();
    BOOST_REQUIRE(h.run_until([&] { return h.open_task(answered) && h.open_task(expired); }));
    const auto task = *h.open_task(answered);
    h.crash();

    h.advance(30min);
    h.boot();
    BOOST_TEST(h.engine().complete_task(task.id, {"alice", {}, "yes", "{}"}).has_value());
    BOOST_TEST((h.finish(answered) == store::RunState::succeeded));
    BOOST_TEST(*h.step(answered, "ask").outcome == "yes");
    BOOST_TEST((h.run(expired).state == store::RunState::waiting));
    h.crash();

    h.advance(2h);  // the other task's deadline passes while the server is down
    h.boot();
    BOOST_TEST((h.finish(expired) == store::RunState::succeeded));
    BOOST_TEST(*h.step(expired, "ask").outcome == "no");
    BOOST_TEST(h.has_event(expired, "task.timed_out"));
}

BOOST_AUTO_TEST_CASE(waits_and_retries_pending_at_a_crash_resume) {
    HarnessOptions options;
    options.fake.model.batch_outcome = fake_livy::BatchOutcome::dead;
    EngineHarness h(options);
    h.boot();
    const RowId waiting = h.start(R"(name: sleeper
steps:
  - {id: nap, type: wait, duration: 1h}
)");
    const RowId retrying = h.start(R"(name: retrier
steps:
  - {id: job, type: livy_batch, file: /abs/job.py, retry: {max: 1, delay: 10m}}
)");
    BOOST_REQUIRE(h.run_until([&] {
        return h.state_of(waiting, "nap") == store::StepState::waiting &&
               h.has_event(retrying, "step.retry_scheduled");
    }));
    h.crash();
    h.advance(2h);
    h.boot();
    BOOST_TEST((h.finish(waiting) == store::RunState::succeeded));
    BOOST_TEST((h.finish(retrying) == store::RunState::failed));
    BOOST_TEST(h.step(retrying, "job").attempt == 2);
    BOOST_TEST(h.livy().count("POST", "/batches") == 2U);
}

BOOST_AUTO_TEST_CASE(a_cancellation_interrupted_by_a_crash_completes_at_start) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: half-cancelled
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    const auto batch = submitted_batch(h, run, "job");
    BOOST_REQUIRE(h.engine().cancel_run(run, "ops").has_value());
    h.crash();  // before the coroutine could delete anything
    h.boot();
    BOOST_TEST((h.finish(run) == store::RunState::cancelled));
    BOOST_TEST(h.livy().count("DELETE", "/batches/" + std::to_string(batch)) == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
