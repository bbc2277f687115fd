// The list queries behind GET /api/tasks and GET /api/runs read an index in the order they answer
// in: no scan of the whole table, no sort of it (EXPLAIN QUERY PLAN on the statements the store
// runs), and the task list reads each task's step id and assignees without a query per task.
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

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
        BOOST_TEST(has(plan, "user_tasks_by_run (run_id=?)"), plan);
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
