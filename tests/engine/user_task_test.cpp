// user_task: who may answer, outcomes and forms, routing by outcome, reminders, on_timeout
// (outcome, fail, escalate) and escalate.after, all on the manual clock.

#include "tests/engine/harness.hpp"

#include "orchestrator/engine/json_values.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;

namespace {

const char* kReview = R"(name: review
steps:
  - id: ask
    type: user_task
    title: "Retrain run ${run.id}?"
    assignees: {users: [alice], roles: [steward]}
    form:
      comment: {type: text, required: true}
      risk: {type: enum, values: [low, high], default: low}
    outcomes: [retrain, keep]
    next: {retrain: retrain, keep: keep}
  - {id: retrain, type: notify, channel: ops, message: "retrain", next: end}
  - {id: keep, type: notify, channel: ops, message: "keep ${steps.ask.outputs.comment} by ${steps.ask.outputs.responder}"}
)";

store::UserTask wait_for_task(EngineHarness& h, RowId run) {
    std::optional<store::UserTask> task;
    BOOST_REQUIRE(h.run_until([&] {
        task = h.open_task(run);
        return task.has_value();
    }));
    h.settle();
    return *task;
}

engine::TaskResponse answer(std::string user, std::string outcome, std::string form,
                            std::vector<std::string> roles = {}) {
    return engine::TaskResponse{std::move(user), std::move(roles), std::move(outcome), std::move(form)};
}

std::string timed_task(std::string_view on_timeout, std::string_view extra = "") {
    return std::string(R"(name: timed
steps:
  - id: ask
    type: user_task
    title: "Approve?"
    assignees: {users: [alice]}
    outcomes: [approve, reject]
    timeout: 1h
)") + std::string(on_timeout) +
           std::string(extra) +
           R"(  - {id: after, type: notify, channel: ops, message: "outcome ${steps.ask.outcome}"}
)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(user_task)

BOOST_AUTO_TEST_CASE(only_assignees_answer_with_a_valid_outcome_and_form) {
    EngineHarness h;
    h.settings.user_roles = {{"carol", {"steward"}}};
    h.boot();
    const RowId run = h.start(kReview);
    const auto task = wait_for_task(h, run);
    BOOST_TEST(task.title == "Retrain run " + std::to_string(run) + "?");
    BOOST_TEST((h.run(run).state == store::RunState::waiting));
    BOOST_TEST(h.has_event(run, "task.opened"));

    const auto refused = [&](const engine::TaskResponse& response, engine::Errc code) {
        auto result = h.engine().complete_task(task.id, response);
        BOOST_REQUIRE(result.has_error());
        BOOST_TEST((result.error().code == code), result.error().message);
        return result.error().message;
    };
    BOOST_TEST(refused(answer("bob", "keep", R"({"comment": "x"})"), engine::Errc::not_assignee)
                   .find("user 'bob' may not answer task") == 0U);
    BOOST_TEST(refused(answer("alice", "maybe", R"({"comment": "x"})"), engine::Errc::bad_outcome) ==
               "outcome 'maybe' is not one of: retrain, keep");
    BOOST_TEST(refused(answer("alice", "keep", R"({"risk": "low"})"), engine::Errc::form_invalid) ==
               "missing required form field 'comment'");
    BOOST_TEST(
        refused(answer("alice", "keep", R"({"comment": "x", "risk": "extreme"})"), engine::Errc::form_invalid)
            .find("form field 'risk'") == 0U);
    auto unknown = h.engine().complete_task(task.id + 100, answer("alice", "keep", "{}"));
    BOOST_TEST((unknown.error().code == engine::Errc::not_found));
    BOOST_TEST((h.open_task(run).has_value()));  // nothing above changed the task

    // A role from the settings' users -> roles map, and one passed by the caller, both qualify;
    // carol answers.
    auto done = h.engine().complete_task(task.id, answer("carol", "keep", R"({"comment": "stable"})"));
    BOOST_REQUIRE_MESSAGE(done.has_value(), (done ? "" : done.error().message));
    BOOST_TEST((done->state == store::TaskState::completed));
    BOOST_TEST(done->responder.value_or("") == "carol");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.store().runs().latest_step(run, "retrain").has_error());  // keep went to 'keep'
    BOOST_TEST(h.record().sent.back().message.message == "keep stable by carol");
    const auto outputs = h.outputs(run, "ask");
    BOOST_TEST(outputs.at("risk").as_string() == "low");
    BOOST_TEST(*h.step(run, "ask").outcome == "keep");
    BOOST_TEST(h.store().audit().list_for_object("user_task", std::to_string(task.id)).size() == 1U);

    // An answer after the task closed is refused.
    const auto closed =
        refused(answer("alice", "retrain", R"({"comment": "late"})"), engine::Errc::task_closed);
    BOOST_TEST(closed.find("is closed (completed by carol") != std::string::npos, closed);

    // Roles passed by the caller count too.
    const RowId second = h.engine().start_run("review", {}).value();
    const auto task2 = wait_for_task(h, second);
    BOOST_TEST(h.engine()
                   .complete_task(task2.id, answer("dave", "retrain", R"({"comment": "c"})", {"steward"}))
                   .has_value());
    BOOST_TEST((h.finish(second) == store::RunState::succeeded));
    BOOST_TEST((h.step(second, "retrain").state == store::StepState::succeeded));
}

BOOST_AUTO_TEST_CASE(on_timeout_outcome_closes_the_task_with_that_outcome) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(timed_task("    on_timeout: {outcome: reject}\n"));
    const auto task = wait_for_task(h, run);
    BOOST_TEST(task.deadline_at.value_or(0) == kT0 + 3'600'000);
    h.advance(59min);
    BOOST_TEST((h.open_task(run).has_value()));
    h.advance(1min);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    const auto closed = h.store().tasks().get(task.id).value();
    BOOST_TEST((closed.state == store::TaskState::timed_out));
    BOOST_TEST(closed.outcome.value_or("") == "reject");
    BOOST_TEST(*h.step(run, "ask").outcome == "reject");
    BOOST_TEST(h.outputs(run, "ask").at("responder").as_string() == "system");
    BOOST_TEST(h.record().sent.back().message.message == "outcome reject");
    BOOST_TEST(h.has_event(run, "task.timed_out"));
}

BOOST_AUTO_TEST_CASE(on_timeout_fail_and_no_on_timeout_fail_the_run) {
    for (const char* variant : {"    on_timeout: {fail: true}\n", ""}) {
        EngineHarness h;
        h.boot();
        const RowId run = h.start(timed_task(variant));
        const auto task = wait_for_task(h, run);
        h.advance(1h);
        BOOST_TEST((h.finish(run) == store::RunState::failed));
        BOOST_TEST((h.step(run, "ask").state == store::StepState::timed_out));
        BOOST_TEST(h.step(run, "ask").error.value_or("").find("got no answer by 2024-05-01T07:00:00.000Z") !=
                   std::string::npos);
        BOOST_TEST((h.store().tasks().get(task.id).value().state == store::TaskState::timed_out));
        auto late = h.engine().complete_task(task.id, answer("alice", "approve", "{}"));
        BOOST_TEST((late.error().code == engine::Errc::task_closed));
    }
}

BOOST_AUTO_TEST_CASE(on_timeout_escalate_reassigns_with_a_new_deadline_then_fails) {
    EngineHarness h;
    h.boot();
    const auto yaml = timed_task("    on_timeout: {escalate: {roles: [head]}, timeout: 2h}\n");
    const RowId run = h.start(yaml);
    const auto task = wait_for_task(h, run);
    h.advance(1h);
    BOOST_REQUIRE(h.run_until(
        [&] { return h.store().tasks().get(task.id).value().state == store::TaskState::escalated; }));
    const auto escalated = h.store().tasks().get(task.id).value();
    BOOST_TEST(escalated.escalation_level == 1);
    BOOST_TEST(escalated.deadline_at.value_or(0) == kT0 + 3 * 3'600'000);
    BOOST_TEST((escalated.assignees.roles == std::vector<std::string>{"head"}));
    BOOST_TEST(h.has_event(run, "task.escalated"));
    h.advance(119min);
    BOOST_TEST((h.run(run).state == store::RunState::waiting));
    h.advance(1min);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(h.step(run, "ask").error.value_or("").find("(after escalation)") != std::string::npos);

    // The escalation's assignees may answer before the new deadline.
    const RowId second = h.engine().start_run("timed", {}).value();
    const auto task2 = wait_for_task(h, second);
    h.advance(1h);
    BOOST_REQUIRE(h.run_until([&] { return h.store().tasks().get(task2.id).value().escalation_level == 1; }));
    BOOST_TEST(h.engine().complete_task(task2.id, answer("hannah", "approve", "{}", {"head"})).has_value());
    BOOST_TEST((h.finish(second) == store::RunState::succeeded));
}

BOOST_AUTO_TEST_CASE(escalate_after_adds_assignees_before_the_deadline) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(
        timed_task("    on_timeout: {outcome: approve}\n", "    escalate: {after: 30m, users: [boss]}\n"));
    const auto task = wait_for_task(h, run);
    BOOST_TEST((h.engine().complete_task(task.id, answer("boss", "approve", "{}")).error().code ==
                engine::Errc::not_assignee));
    h.advance(30min);
    BOOST_REQUIRE(h.run_until(
        [&] { return h.store().tasks().get(task.id).value().state == store::TaskState::escalated; }));
    BOOST_TEST(h.engine().complete_task(task.id, answer("boss", "reject", "{}")).has_value());
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(*h.step(run, "ask").outcome == "reject");
}

BOOST_AUTO_TEST_CASE(reminders_fire_exactly_max_times) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(timed_task(
        "    on_timeout: {outcome: approve}\n",
        "    remind: {every: 10m, channel: mail, max: 3, message: \"Still open: run ${run.id}\"}\n"));
    const auto task = wait_for_task(h, run);
    const auto reminders = [&] {
        return std::count_if(h.record().sent.begin(), h.record().sent.end(),
                             [](const Record::Sent& s) { return s.message.kind == "reminder"; });
    };
    h.advance(9min);
    BOOST_TEST(reminders() == 0);
    for (int i = 1; i <= 5; ++i) {
        h.advance(10min);  // 19, 29, 39, 49, 59 minutes
        BOOST_REQUIRE(h.run_until([&] { return reminders() == std::min(i, 3); }));
    }
    BOOST_TEST(reminders() == 3);
    BOOST_TEST(h.store().tasks().get(task.id).value().reminders_sent == 3);
    const auto& first = h.record().sent.front();
    BOOST_TEST(first.channel == "mail");
    BOOST_TEST(first.message.message == "Still open: run " + std::to_string(run));
    BOOST_TEST(first.message.task_id.value_or(0) == task.id);
    h.advance(1min);  // the deadline: on_timeout closes it
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(reminders() == 3);
}

BOOST_AUTO_TEST_CASE(an_answer_cancels_pending_reminders) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(timed_task("", "    remind: {every: 10m, channel: mail}\n"));
    const auto task = wait_for_task(h, run);
    h.advance(10min);
    BOOST_REQUIRE(h.run_until([&] { return h.store().tasks().get(task.id).value().reminders_sent == 1; }));
    BOOST_TEST(h.engine().complete_task(task.id, answer("alice", "approve", "{}")).has_value());
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.store().timers().pending_for_run(run).empty());
    h.advance(30min);
    BOOST_TEST(h.store().tasks().get(task.id).value().reminders_sent == 1);
}

BOOST_AUTO_TEST_SUITE_END()
