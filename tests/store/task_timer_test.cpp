#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

UserTask review_task(RowId run, RowId step) {
    UserTask task;
    task.run_id = run;
    task.step_exec_id = step;
    task.title = "Model churn KS is 0.21: retrain?";
    task.description = "KS below 0.30";
    task.assignees = {{"alice"}, {"model_steward"}};
    task.form_json = R"({"comment":{"type":"text"}})";
    task.outcomes_json = R"(["retrain","keep"])";
    task.deadline_at = 100000;
    task.created_at = 5000;
    return task;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(tasks_and_timers, StoreFixture)

BOOST_AUTO_TEST_CASE(task_is_created_listed_and_answered_once) {
    auto& tasks = store().tasks();
    const RowId run = make_run();
    const RowId step = make_step(run, "steward_review");
    const auto id = tasks.create(review_task(run, step));
    BOOST_TEST_REQUIRE(id.has_value());
    BOOST_TEST(tasks.create(review_task(run, step)).error() == Errc::duplicate);

    auto task = tasks.get(*id);
    BOOST_TEST(task->state == TaskState::open);
    BOOST_TEST(task->assignees.users == std::vector<std::string>{"alice"});
    BOOST_TEST(task->assignees.roles == std::vector<std::string>{"model_steward"});
    BOOST_TEST(*task->deadline_at == 100000);
    BOOST_TEST(tasks.find_for_step(step)->id == *id);

    BOOST_TEST(tasks.list({.user = "alice"})->size() == 1u);
    BOOST_TEST(tasks.list({.user = "bob"})->empty());
    BOOST_TEST(tasks.list({.user = "bob", .roles = {"viewer", "model_steward"}})->size() == 1u);
    BOOST_TEST(tasks.list({.roles = {"viewer"}})->empty());
    BOOST_TEST(tasks.list({.run_id = run})->size() == 1u);
    BOOST_TEST(tasks.list({.run_id = run + 1})->empty());

    const auto answered = tasks.answer(*id, {"keep", "bob", R"({"comment":"fine"})", 9000});
    BOOST_TEST_REQUIRE(answered.has_value());
    BOOST_TEST(answered->state == TaskState::completed);
    BOOST_TEST(*answered->outcome == "keep");
    BOOST_TEST(*answered->responder == "bob");
    BOOST_TEST(*answered->response_json == R"({"comment":"fine"})");
    BOOST_TEST(*answered->responded_at == 9000);
    BOOST_TEST(*answered->closed_at == 9000);

    // An answer to a closed task is refused, and the first answer stays.
    BOOST_TEST(tasks.answer(*id, {"retrain", "alice", "{}", 9500}).error() == Errc::task_closed);
    BOOST_TEST(*tasks.get(*id)->responder == "bob");
    BOOST_TEST(tasks.note_reminder_sent(*id).error() == Errc::task_closed);
    BOOST_TEST(tasks.escalate(*id, {}, std::nullopt).error() == Errc::task_closed);
    BOOST_TEST(tasks.close(*id, TaskState::timed_out, 1).error() == Errc::task_closed);
    BOOST_TEST(tasks.list({.user = "alice"})->empty());
    BOOST_TEST(tasks.list({.answerable_only = false, .user = "alice"})->size() == 1u);

    BOOST_TEST(tasks.answer(4242, {"keep", "bob", "{}", 1}).error() == Errc::not_found);
    BOOST_TEST(tasks.answer(*id, {"", "bob", "{}", 1}).error() == Errc::invalid_argument);
    BOOST_TEST(tasks.list({.limit = 0}).error() == Errc::invalid_argument);
}

BOOST_AUTO_TEST_CASE(reminders_escalation_and_timeout) {
    auto& tasks = store().tasks();
    const RowId run = make_run();
    const RowId id = *tasks.create(review_task(run, make_step(run, "review")));
    BOOST_TEST(*tasks.note_reminder_sent(id) == 1);
    BOOST_TEST(*tasks.note_reminder_sent(id) == 2);

    const auto escalated = tasks.escalate(id, {{}, {"head_of_analytics"}}, 200000);
    BOOST_TEST_REQUIRE(escalated.has_value());
    BOOST_TEST(escalated->state == TaskState::escalated);
    BOOST_TEST(escalated->escalation_level == 1);
    BOOST_TEST(*escalated->deadline_at == 200000);
    BOOST_TEST(escalated->reminders_sent == 2);
    BOOST_TEST(escalated->assignees.roles ==
               (std::vector<std::string>{"head_of_analytics", "model_steward"}));
    BOOST_TEST(tasks.list({.roles = {"head_of_analytics"}})->size() == 1u);

    BOOST_TEST(tasks.close(id, TaskState::completed, 1).error() == Errc::invalid_argument);
    BOOST_TEST(tasks.close(id, TaskState::timed_out, 210000, std::string_view("keep")).has_value());
    const auto closed = tasks.get(id);
    BOOST_TEST(closed->state == TaskState::timed_out);
    BOOST_TEST(*closed->outcome == "keep");
    BOOST_TEST(!closed->responder.has_value());
    BOOST_TEST(tasks.answer(id, {"retrain", "alice", "{}", 220000}).error() == Errc::task_closed);
}

BOOST_AUTO_TEST_CASE(timers_due_after_reopen_fire_once) {
    const RowId run = make_run();
    const RowId step = make_step(run, "review");
    auto& timers = store().timers();
    const RowId deadline = timers.schedule({.run_id = run,
                                            .step_exec_id = step,
                                            .kind = TimerKind::deadline,
                                            .due_at = 10000,
                                            .payload_json = R"({"task":1})"});
    const RowId reminder =
        timers.schedule({.run_id = run, .step_exec_id = step, .kind = TimerKind::reminder, .due_at = 5000});
    const RowId later = timers.schedule({.run_id = run, .kind = TimerKind::retry, .due_at = 50000});
    const RowId cron = timers.schedule({.kind = TimerKind::cron, .due_at = 7000});
    BOOST_TEST(*timers.next_due() == 5000);
    BOOST_TEST(timers.due(4999)->empty());

    // The server goes down at t=1000 and comes back at t=20000: both deadlines passed meanwhile.
    reopen();
    auto& reopened = store().timers();
    auto due = reopened.due(20000);
    BOOST_TEST_REQUIRE(due->size() == 3u);
    BOOST_TEST((*due)[0].id == reminder);  // earliest first
    BOOST_TEST((*due)[1].id == cron);
    BOOST_TEST((*due)[2].id == deadline);
    BOOST_TEST((*due)[2].payload_json == R"({"task":1})");
    BOOST_TEST(!(*due)[1].run_id.has_value());
    BOOST_TEST(reopened.due(20000, 1)->size() == 1u);

    BOOST_TEST(reopened.mark_fired(deadline, 20001).has_value());
    BOOST_TEST(reopened.mark_fired(deadline, 20002).error() == Errc::conflict);
    BOOST_TEST(reopened.get(deadline)->state == TimerState::fired);
    BOOST_TEST(*reopened.get(deadline)->closed_at == 20001);
    BOOST_TEST(reopened.cancel_for_step(step, 20003) == 1);  // the reminder
    BOOST_TEST(reopened.cancel(reminder, 20004).error() == Errc::conflict);
    BOOST_TEST(reopened.cancel(999, 20004).error() == Errc::not_found);
    BOOST_TEST(reopened.pending_for_run(run).size() == 1u);
    BOOST_TEST(reopened.due(20000)->size() == 1u);  // only the cron tick is left due
    BOOST_TEST(reopened.cancel(cron, 20005).has_value());
    BOOST_TEST(*reopened.next_due() == 50000);
    BOOST_TEST(reopened.mark_fired(later, 50000).has_value());
    BOOST_TEST(!reopened.next_due().has_value());
    BOOST_TEST(reopened.due(1, 0).error() == Errc::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
