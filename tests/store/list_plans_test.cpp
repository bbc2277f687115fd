// The list queries behind GET /api/tasks, GET /api/runs and GET /api/reports read an index in the
// order they answer in: no scan of the whole table, no sort of it (EXPLAIN QUERY PLAN on the
// statements the store runs), and their keyset bound (`before`) is a range on that index, so a
// page far down the list costs what the first one does; the task list reads each task's step id
// and assignees without a query per task.
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <utility>
#include <vector>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

std::string plan_of(Database& db, const std::string& sql) {
    Statement plan(db.handle(), "EXPLAIN QUERY PLAN " + sql);
    std::string details;
    while (plan.step()) {
        details += plan.text(3) + "\n";
    }
    return details;
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(list_plans, StoreFixture)

BOOST_AUTO_TEST_CASE(answerable_task_lists_read_the_partial_index_newest_first) {
    Database db(tmp.path());
    for (const TaskFilter& filter : {TaskFilter{}, TaskFilter{.user = "alice", .roles = {"model_owner"}},
                                     TaskFilter{.roles = {"model_owner"}}}) {
        const std::string plan = plan_of(db, TaskStore::list_sql(filter));
        BOOST_TEST(has(plan, "INDEX user_tasks_answerable"), plan);
        BOOST_TEST(!has(plan, "SCAN t\n"), plan);  // the table itself in id order: every task
        BOOST_TEST(!has(plan, "TEMP B-TREE"), plan);
    }
}

BOOST_AUTO_TEST_CASE(a_runs_task_list_reads_its_index) {
    Database db(tmp.path());
    for (const bool answerable : {true, false}) {
        const std::string plan =
            plan_of(db, TaskStore::list_sql({.answerable_only = answerable, .run_id = 7, .user = "alice"}));
        BOOST_TEST(has(plan, "user_tasks_by_run (run_id=?"), plan);
        BOOST_TEST(!has(plan, "TEMP B-TREE"), plan);
    }
}

BOOST_AUTO_TEST_CASE(the_newest_runs_are_read_in_primary_key_order) {
    // RunStore::list_runs without a filter: the table in descending rowid order, stopped by the
    // LIMIT, never sorted.
    Database db(tmp.path());
    const std::string plan = plan_of(db, "SELECT id FROM runs ORDER BY id DESC LIMIT ?1 OFFSET ?2");
    BOOST_TEST(!has(plan, "TEMP B-TREE"), plan);
}

BOOST_AUTO_TEST_CASE(task_lists_start_at_their_keyset_bound_in_the_index) {
    // The completed tasks (one state) come from (state, id), all tasks from the table's rowid,
    // answerable ones from their partial index, a run's from (run_id, id): each starts at the
    // bound `before` rather than reading the tasks above it.
    Database db(tmp.path());
    const std::vector<std::pair<TaskFilter, std::string>> cases{
        {{.state = TaskState::completed, .before = 10}, "USING INDEX user_tasks_by_state (state=? AND id<?)"},
        {{.answerable_only = false, .before = 10}, "USING INTEGER PRIMARY KEY (rowid<?)"},
        {{.before = 10}, "USING INDEX user_tasks_answerable (id<?)"},
        {{.answerable_only = false, .run_id = 7, .before = 10},
         "USING INDEX user_tasks_by_run (run_id=? AND id<?)"},
    };
    for (const auto& [filter, wanted] : cases) {
        const std::string plan = plan_of(db, TaskStore::list_sql(filter));
        BOOST_TEST(has(plan, "SEARCH t " + wanted), plan);
        BOOST_TEST(!has(plan, "SCAN t"), plan);
        BOOST_TEST(!has(plan, "TEMP B-TREE"), plan);
    }
}

BOOST_AUTO_TEST_CASE(report_lists_start_at_their_keyset_bound_in_the_index) {
    Database db(tmp.path());
    for (const auto& [filter, index] : {std::pair{ReportFilter{.model = "risk:churn"}, "reports_by_model"},
                                        std::pair{ReportFilter{}, "reports_by_created"}}) {
        const std::string plan = plan_of(db, ReportStore::list_sql(filter));
        BOOST_TEST(has(plan, std::string("SEARCH reports USING INDEX ") + index), plan);
        BOOST_TEST(has(plan, "created_at<?)"), plan);  // starts at the bound's time
        BOOST_TEST(!has(plan, "SCAN reports"), plan);
        BOOST_TEST(!has(plan, "TEMP B-TREE"), plan);
    }
}

BOOST_AUTO_TEST_CASE(keyset_pages_follow_each_other) {
    const RowId run = make_run();
    std::vector<RowId> runs{run};
    for (int i = 0; i < 4; ++i) {
        runs.push_back(make_run());
    }
    std::vector<RowId> tasks;
    for (int i = 0; i < 5; ++i) {
        UserTask task;
        task.run_id = run;
        task.step_exec_id = make_step(run, "approve", i + 1);
        task.title = "t" + std::to_string(i);
        task.created_at = 5000;
        tasks.push_back(store().tasks().create(task).value());
    }
    const auto first = store().tasks().list({.limit = 2}).value();
    BOOST_TEST_REQUIRE(first.size() == 2u);
    BOOST_TEST(first[1].id == tasks[3]);
    const auto second = store().tasks().list({.limit = 2, .before = first[1].id}).value();
    BOOST_TEST_REQUIRE(second.size() == 2u);
    BOOST_TEST(second[0].id == tasks[2]);
    BOOST_TEST(second[1].id == tasks[1]);
    BOOST_TEST(store().tasks().count({.before = tasks[1]}).value() == 5);  // the count ignores it
    BOOST_TEST(!store().tasks().list({.by_deadline = true, .before = 3}).has_value());

    const auto page = store().runs().list_runs_page({.limit = 3, .before = runs[4]}).value();
    BOOST_TEST_REQUIRE(page.runs.size() == 3u);
    BOOST_TEST(page.runs[0].id == runs[3]);
    BOOST_TEST(page.more);
    const auto last = store().runs().list_runs_page({.limit = 3, .before = runs[1]}).value();
    BOOST_TEST_REQUIRE(last.runs.size() == 1u);
    BOOST_TEST(last.runs[0].id == runs[0]);
    BOOST_TEST(!last.more);
    const auto named = store()
                           .runs()
                           .list_runs_page({.workflow_name = "churn-modelops", .limit = 1, .before = runs[2]})
                           .value();
    BOOST_TEST_REQUIRE(named.runs.size() == 1u);
    BOOST_TEST(named.runs[0].id == runs[1]);
}

BOOST_AUTO_TEST_CASE(listed_tasks_carry_their_step_and_assignees) {
    auto& tasks = store().tasks();
    const RowId run = make_run();
    for (int i = 0; i < 3; ++i) {
        UserTask task;
        task.run_id = run;
        task.step_exec_id = make_step(run, "approve", i + 1);
        task.title = "t" + std::to_string(i);
        task.description = "";
        task.assignees = {{"alice", "bob"}, {i == 1 ? "model_owner" : "head_of_analytics"}};
        task.created_at = 5000;
        BOOST_TEST_REQUIRE(tasks.create(task).has_value());
    }
    const auto listed = tasks.list({.roles = {"model_owner", "head_of_analytics"}});
    BOOST_TEST_REQUIRE(listed->size() == 3u);
    BOOST_TEST((*listed)[0].title == "t2");
    BOOST_TEST((*listed)[1].assignees.roles == std::vector<std::string>{"model_owner"});
    for (const UserTask& task : *listed) {
        BOOST_TEST(task.step_id == "approve");
        BOOST_TEST(task.assignees.users == (std::vector<std::string>{"alice", "bob"}));
    }
    BOOST_TEST(tasks.get((*listed)[0].id)->step_id == "approve");
}

BOOST_AUTO_TEST_SUITE_END()
