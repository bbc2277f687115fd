// The store queries behind the web UI (migration 9): the inbox filters, deadline order and count
// of the task list, a step's decision history across reruns, a model's open tasks and its previous
// report. Each reads an index (EXPLAIN QUERY PLAN on the statements the store runs).
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
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

// Tasks of one run: each on its own step attempt of "approve".
struct TaskFixture : StoreFixture {
    RowId run = make_run("churn");
    int attempt = 0;

    RowId add_task(Assignees assignees, std::optional<Millis> deadline, RowId in_run = 0,
                   const std::string& step = "approve") {
        UserTask task;
        task.run_id = in_run != 0 ? in_run : run;
        task.step_exec_id = make_step(task.run_id, step, ++attempt);
        task.title = "t";
        task.assignees = std::move(assignees);
        task.deadline_at = deadline;
        task.created_at = 5000 + attempt;
        return store().tasks().create(task).value();
    }

    std::vector<RowId> ids(const TaskFilter& filter) {
        std::vector<RowId> out;
        for (const UserTask& task : store().tasks().list(filter).value()) {
            out.push_back(task.id);
        }
        return out;
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ui_queries, TaskFixture)

BOOST_AUTO_TEST_CASE(inbox_filters_deadline_order_and_count_agree) {
    const RowId mine = add_task({{"alice"}, {}}, 9000);
    const RowId role = add_task({{}, {"model_owner"}}, 7000);
    const RowId both = add_task({{"alice"}, {"model_owner"}}, std::nullopt);
    const RowId other = add_task({{"bob"}, {"validator"}}, 8000);
    const RowId closed = add_task({{"alice"}, {}}, 1000);
    BOOST_TEST_REQUIRE(store().tasks().answer(closed, {"ok", "alice", "{}", 6000}).has_value());

    // for=me, roles, answerable as the API builds them.
    const TaskFilter me{.user = "alice", .assigned_only = true};
    const TaskFilter roles{.roles = {"model_owner"}, .assigned_only = true};
    const TaskFilter either{.user = "alice", .roles = {"model_owner"}, .assigned_only = true};
    const TaskFilter no_roles{.assigned_only = true};
    BOOST_TEST(ids(me) == (std::vector<RowId>{both, mine}));
    BOOST_TEST(ids(roles) == (std::vector<RowId>{both, role}));
    BOOST_TEST(ids(either) == (std::vector<RowId>{both, role, mine}));
    BOOST_TEST(ids(no_roles).empty());  // assigned to nobody's roles: none, not everyone's
    BOOST_TEST(store().tasks().count(no_roles).value() == 0);
    BOOST_TEST(store().tasks().count(either).value() == 3);
    BOOST_TEST(store().tasks().count({}).value() == 4);
    BOOST_TEST(store().tasks().count({.answerable_only = false}).value() == 5);
    BOOST_TEST(store().tasks().count({.state = TaskState::completed}).value() == 1);
    BOOST_TEST(ids({.state = TaskState::completed}) == std::vector<RowId>{closed});

    // Deadline ascending, none last; overdue = open with a deadline before now.
    BOOST_TEST(ids({.by_deadline = true}) == (std::vector<RowId>{role, other, mine, both}));
    TaskFilter overdue{.deadline_before = 8500, .by_deadline = true};
    BOOST_TEST(ids(overdue) == (std::vector<RowId>{role, other}));
    BOOST_TEST(store().tasks().count(overdue).value() == 2);
    overdue.by_deadline = false;
    BOOST_TEST(ids(overdue) == (std::vector<RowId>{other, role}));
    TaskFilter page = either;
    page.by_deadline = true;
    page.limit = 1;
    page.offset = 1;
    BOOST_TEST(ids(page) == std::vector<RowId>{mine});
    BOOST_TEST(store().tasks().count(page).value() == 3);
    BOOST_TEST(ids({.run_id = run, .by_deadline = true}) == (std::vector<RowId>{role, other, mine, both}));

    // A deadline order over every task or one closed state would sort the table: refused.
    BOOST_TEST(!store().tasks().list({.answerable_only = false, .by_deadline = true}).has_value());
    BOOST_TEST(!store().tasks().count({.state = TaskState::completed, .by_deadline = true}).has_value());
}

BOOST_AUTO_TEST_CASE(inbox_statements_read_their_indexes) {
    Database db(tmp.path());
    const std::vector<TaskFilter> answerable{
        TaskFilter{.by_deadline = true},
        TaskFilter{.user = "alice", .assigned_only = true, .by_deadline = true},
        TaskFilter{.deadline_before = 10, .by_deadline = true}};
    for (const TaskFilter& filter : answerable) {
        const std::string list = plan_of(db, TaskStore::list_sql(filter));
        BOOST_TEST(has(list, "INDEX user_tasks_open_by_deadline"), list);
        BOOST_TEST(!has(list, "TEMP B-TREE"), list);
        const std::string count = plan_of(db, TaskStore::count_sql(filter));
        BOOST_TEST(has(count, "INDEX user_tasks_open_by_deadline"), count);
    }
    // Overdue reads a range of the deadline index, not all open tasks.
    BOOST_TEST(has(plan_of(db, TaskStore::count_sql({.deadline_before = 10})), "<?)"));
    const std::string one_state = plan_of(db, TaskStore::list_sql({.state = TaskState::completed}));
    BOOST_TEST(has(one_state, "INDEX user_tasks_by_state (state=?"), one_state);
    BOOST_TEST(!has(one_state, "TEMP B-TREE"), one_state);
    const std::string newest = plan_of(db, TaskStore::list_sql({.user = "alice", .assigned_only = true}));
    BOOST_TEST(has(newest, "INDEX user_tasks_answerable"), newest);
    BOOST_TEST(!has(newest, "TEMP B-TREE"), newest);
}

BOOST_AUTO_TEST_CASE(a_steps_history_spans_its_rerun_family_and_reads_indexes) {
    const RowId def = make_definition("churn", "h2");
    const RowId first = store().runs().create_run(def, "{}", "manual", 2000);
    const RowId rerun = store().runs().create_run(def, "{}", "manual", 2100, first);
    const RowId rerun_of_rerun = store().runs().create_run(def, "{}", "manual", 2200, rerun);
    const RowId sibling = store().runs().create_run(def, "{}", "manual", 2300, first);
    const RowId unrelated = store().runs().create_run(def, "{}", "manual", 2400);
    std::vector<RowId> closed;
    for (const RowId r : {first, rerun, rerun_of_rerun, sibling, unrelated}) {
        const RowId task = add_task({{"alice"}, {}}, std::nullopt, r);
        BOOST_TEST_REQUIRE(store().tasks().answer(task, {"approve", "alice", "{}", 7000 + r}).has_value());
        closed.push_back(task);
    }
    add_task({{"alice"}, {}}, std::nullopt, rerun_of_rerun);  // open: not history
    const RowId other_step = add_task({{"alice"}, {}}, std::nullopt, rerun, "review");
    BOOST_TEST_REQUIRE(store().tasks().answer(other_step, {"ok", "alice", "{}", 9000}).has_value());

    // From any run of the family: the four family runs' closed "approve" tasks, newest first.
    const std::vector<RowId> expected{closed[3], closed[2], closed[1], closed[0]};
    for (const RowId from : {first, rerun_of_rerun, sibling}) {
        std::vector<RowId> got;
        for (const UserTask& task : store().tasks().step_history(from, "approve", 20).value()) {
            got.push_back(task.id);
            BOOST_TEST(task.responder.value_or("") == "alice");
        }
        BOOST_TEST(got == expected);
    }
    BOOST_TEST(store().tasks().step_history(first, "approve", 2).value().size() == 2U);
    BOOST_TEST(store().tasks().step_history(unrelated, "approve", 20).value().size() == 1U);
    BOOST_TEST(!store().tasks().step_history(first, "approve", 0).has_value());

    Database db(tmp.path());
    const std::string plan = plan_of(db, TaskStore::step_history_sql());
    BOOST_TEST(has(plan, "INDEX runs_by_rerun_of (rerun_of=?)"), plan);
    BOOST_TEST(has(plan, "step_executions_by_run (run_id=? AND step_id=?)"), plan);
    BOOST_TEST(!has(plan, "SCAN t"), plan);
    BOOST_TEST(!has(plan, "SCAN s"), plan);
}

BOOST_AUTO_TEST_CASE(a_models_open_tasks_are_those_of_the_workflows_that_registered_it) {
    const RowId other_run = make_run("other");
    NewModelVersion version;
    version.model = {"risk", "churn"};
    version.version = {1, 0};
    version.artifact_uri = "hdfs:///m";
    version.run_id = run;  // workflow "churn"
    version.at = 100;
    BOOST_TEST_REQUIRE(store().registry().register_version(version).has_value());
    version.run_id.reset();  // registered outside a run: no workflow
    BOOST_TEST_REQUIRE(store().registry().register_version(version).has_value());

    add_task({{"alice"}, {}}, 1000);
    add_task({{}, {"model_owner"}}, std::nullopt);
    const RowId answered = add_task({{"alice"}, {}}, 1000);
    BOOST_TEST_REQUIRE(store().tasks().answer(answered, {"ok", "alice", "{}", 900}).has_value());
    add_task({{"alice"}, {}}, 1000, other_run);  // another workflow's
    BOOST_TEST(store().registry().workflows_of({"risk", "churn"}) == std::vector<std::string>{"churn"});
    BOOST_TEST(store().registry().workflows_of({"risk", "fraud"}).empty());
    const auto open = store().tasks().open_by_workflow(5000);
    BOOST_TEST_REQUIRE(open.size() == 2U);
    BOOST_TEST(open.at("churn").open == 2);
    BOOST_TEST(open.at("churn").overdue == 1);
    BOOST_TEST(open.at("other").open == 1);

    Database db(tmp.path());
    const std::string plan =
        plan_of(db,
                "SELECT r.workflow_name, count(*) FROM user_tasks t INDEXED BY user_tasks_open_by_deadline "
                "JOIN runs r ON r.id = t.run_id WHERE t.state IN ('open', 'escalated') GROUP BY "
                "r.workflow_name");
    BOOST_TEST(has(plan, "user_tasks_open_by_deadline"), plan);
    BOOST_TEST(!has(plan, "SCAN r"), plan);
}

BOOST_AUTO_TEST_CASE(the_previous_report_is_the_one_before_by_period_then_time) {
    auto& reports = store().reports();
    const auto save = [&](const char* period, Millis at, double ks) {
        Report r;
        r.model = "risk:churn";
        r.model_version = "1.0.1";
        r.period_label = period;
        r.created_at = at;
        r.report_json = "{}";
        r.figures = {{"ks", ks}, {"psi.age", 0.3}};
        return reports.save(r).value();
    };
    const RowId august = save("2026-08", 1000, 0.30);
    const RowId september = save("2026-09", 2000, 0.35);
    const RowId september_again = save("2026-09", 3000, 0.36);
    const RowId october = save("2026-10", 4000, 0.40);
    const auto latest = reports.latest_for_model("risk:churn").value();
    BOOST_TEST(latest.id == october);
    const auto previous = reports.previous_for_model("risk:churn", latest);
    BOOST_TEST_REQUIRE(previous.has_value());
    BOOST_TEST(previous->id == september_again);
    BOOST_TEST(previous->figures.size() == 1U);  // the headline figures only
    BOOST_TEST(reports.previous_for_model("risk:churn", *previous)->id == september);
    BOOST_TEST(reports.previous_for_model("risk:churn", reports.get(september).value())->id == august);
    BOOST_TEST(!reports.previous_for_model("risk:churn", reports.get(august).value()).has_value());
    BOOST_TEST(reports.figure(october, "psi.age").value() == 0.3);
    BOOST_TEST(!reports.figure(october, "psi.city").has_value());

    Database db(tmp.path());
    const std::string plan =
        plan_of(db,
                "SELECT id FROM reports INDEXED BY reports_by_model_period WHERE model = ?1 AND "
                "(period_label, created_at, id) < (?2, ?3, ?4) "
                "ORDER BY period_label DESC, created_at DESC, id DESC LIMIT 1");
    BOOST_TEST(has(plan, "reports_by_model_period (model=? AND"), plan);
    BOOST_TEST(!has(plan, "TEMP B-TREE"), plan);
}

BOOST_AUTO_TEST_SUITE_END()
