#include "orchestrator/core/ulid.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace steward::store;
using steward::store::test::StoreFixture;

BOOST_FIXTURE_TEST_SUITE(run_store, StoreFixture)

BOOST_AUTO_TEST_CASE(definitions_are_versioned_by_content_hash) {
    auto& runs = store().runs();
    const RowId a = runs.upsert_definition("wf", "name: wf\nsteps: [a]\n", "hash-a", 10);
    const RowId same = runs.upsert_definition("wf", "name: wf\nsteps: [a]\n", "hash-a", 20);
    const RowId b = runs.upsert_definition("wf", "name: wf\nsteps: [b]\n", "hash-b", 30);
    BOOST_TEST(a == same);
    BOOST_TEST(a != b);

    const RowId run = runs.create_run(a, "{}", "manual", 40);
    const RowId c = runs.upsert_definition("wf", "name: wf\nsteps: [c]\n", "hash-c", 50);
    BOOST_TEST(runs.latest_definition("wf")->id == c);
    // The run keeps the definition it started with.
    const auto started_with = runs.get_definition(runs.get_run(run)->workflow_def_id);
    BOOST_TEST_REQUIRE(started_with.has_value());
    BOOST_TEST(started_with->content_hash == "hash-a");
    BOOST_TEST(started_with->yaml == "name: wf\nsteps: [a]\n");
    BOOST_TEST(started_with->created_at == 10);

    BOOST_TEST(runs.get_definition(9999).error() == Errc::not_found);
    BOOST_TEST(runs.latest_definition("nope").error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(list_definitions_gives_each_version_with_its_runs_newest_first) {
    auto& runs = store().runs();
    const RowId a = runs.upsert_definition("wf", "name: wf\nsteps: [a]\n", "hash-a", 10);
    const RowId other = runs.upsert_definition("other", "name: other\n", "hash-o", 15);
    const RowId b = runs.upsert_definition("wf", "name: wf\nsteps: [b]\n", "hash-b", 20);
    runs.create_run(a, "{}", "manual", 100);
    runs.create_run(a, "{}", "cron", 300);
    runs.create_run(other, "{}", "manual", 400);
    const auto versions = runs.list_definitions("wf");
    BOOST_REQUIRE(versions.size() == 2u);
    BOOST_TEST(versions[0].id == b);
    BOOST_TEST(versions[0].content_hash == "hash-b");
    BOOST_TEST(versions[0].created_at == 20);
    BOOST_TEST(versions[0].runs == 0);
    BOOST_TEST(!versions[0].first_run_at.has_value());
    BOOST_TEST(!versions[0].last_run_at.has_value());
    BOOST_TEST(versions[1].id == a);
    BOOST_TEST(versions[1].runs == 2);
    BOOST_TEST(versions[1].first_run_at.value() == 100);
    BOOST_TEST(versions[1].last_run_at.value() == 300);
    BOOST_TEST(runs.list_definitions("nope").empty());
}

BOOST_AUTO_TEST_CASE(each_run_gets_a_ulid_unique_across_databases) {
    Store other(":memory:");
    const RowId def_here = store().runs().upsert_definition("wf", "y", "h", 1);
    const RowId def_there = other.runs().upsert_definition("wf", "y", "h", 1);
    // Run 1 of two databases, created in the same millisecond: same id, different uid.
    const auto here =
        store().runs().get_run(store().runs().create_run(def_here, "{}", "manual", 1469918176385));
    const auto there =
        other.runs().get_run(other.runs().create_run(def_there, "{}", "manual", 1469918176385));
    BOOST_TEST(here->id == there->id);
    BOOST_TEST(here->uid != there->uid);
    BOOST_TEST(steward::core::is_ulid(here->uid), here->uid);
    BOOST_TEST(here->uid.substr(0, 10) == "01ARYZ6S41");
    BOOST_TEST(store().runs().list_runs({}).value().at(0).uid == here->uid);
}

BOOST_AUTO_TEST_CASE(run_lifecycle_sets_times_and_refuses_leaving_a_terminal_state) {
    auto& runs = store().runs();
    const RowId id = make_run();
    auto run = runs.get_run(id);
    BOOST_TEST_REQUIRE(run.has_value());
    BOOST_TEST(run->state == RunState::pending);
    BOOST_TEST(run->workflow_name == "churn-modelops");
    BOOST_TEST(run->params_json == R"({"p":1})");
    BOOST_TEST(run->trigger == "manual");
    BOOST_TEST(!run->started_at.has_value());

    BOOST_TEST(runs.set_run_state(id, RunState::running, 5000).has_value());
    BOOST_TEST(runs.set_current_step(id, std::string_view("train"), 5001).has_value());
    BOOST_TEST(runs.set_run_state(id, RunState::waiting, 6000).has_value());
    BOOST_TEST(runs.set_run_state(id, RunState::running, 7000).has_value());
    run = runs.get_run(id);
    BOOST_TEST(*run->started_at == 5000);  // first time running, not the resume
    BOOST_TEST(*run->current_step == "train");
    BOOST_TEST(run->updated_at == 7000);

    BOOST_TEST(runs.set_run_state(id, RunState::failed, 8000, std::string_view("boom")).has_value());
    run = runs.get_run(id);
    BOOST_TEST(*run->finished_at == 8000);
    BOOST_TEST(*run->error == "boom");
    BOOST_TEST(runs.set_run_state(id, RunState::running, 9000).error() == Errc::conflict);
    BOOST_TEST(runs.set_run_state(4242, RunState::running, 9000).error() == Errc::not_found);
    BOOST_TEST(runs.set_current_step(4242, std::nullopt, 9000).error() == Errc::not_found);
    BOOST_TEST(runs.get_run(4242).error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(list_runs_filters_and_pages_newest_first) {
    auto& runs = store().runs();
    std::vector<RowId> a_runs;
    for (int i = 0; i < 5; ++i) {
        a_runs.push_back(make_run("wf-a"));
        make_run("wf-b");
    }
    BOOST_TEST(runs.set_run_state(a_runs[1], RunState::running, 1).has_value());
    BOOST_TEST(runs.set_run_state(a_runs[3], RunState::running, 1).has_value());

    auto page = runs.list_runs({.workflow_name = "wf-a", .limit = 2, .offset = 0});
    BOOST_TEST_REQUIRE(page->size() == 2u);
    BOOST_TEST((*page)[0].id == a_runs[4]);
    BOOST_TEST((*page)[1].id == a_runs[3]);
    page = runs.list_runs({.workflow_name = "wf-a", .limit = 2, .offset = 4});
    BOOST_TEST_REQUIRE(page->size() == 1u);
    BOOST_TEST((*page)[0].id == a_runs[0]);

    page = runs.list_runs({.state = RunState::running});
    BOOST_TEST_REQUIRE(page->size() == 2u);
    BOOST_TEST((*page)[0].id == a_runs[3]);
    page = runs.list_runs({.workflow_name = "wf-b", .state = RunState::running});
    BOOST_TEST(page->empty());
    page = runs.list_runs({.workflow_name = "wf-a", .state = RunState::pending});
    BOOST_TEST(page->size() == 3u);
    BOOST_TEST(runs.list_runs({})->size() == 10u);

    BOOST_TEST(runs.list_runs({.limit = 0}).error() == Errc::invalid_argument);
    BOOST_TEST(runs.list_runs({.limit = 1001}).error() == Errc::invalid_argument);
    BOOST_TEST(runs.list_runs({.offset = -1}).error() == Errc::invalid_argument);

    BOOST_TEST(runs.set_run_state(a_runs[0], RunState::succeeded, 1).has_value());
    const auto unfinished = runs.unfinished_runs();
    BOOST_TEST(unfinished.size() == 9u);
    BOOST_TEST(unfinished.front().id == a_runs[0] + 1);  // oldest first, the succeeded one left out
}

BOOST_AUTO_TEST_CASE(step_attempts_record_results) {
    auto& runs = store().runs();
    const RowId run = make_run();
    const RowId first = make_step(run, "train", 1);
    auto step = runs.get_step(first);
    BOOST_TEST(step->state == StepState::running);
    BOOST_TEST(*step->started_at == 3000);

    BOOST_TEST(runs.set_step_outputs(first, R"({"rows":10})").has_value());
    BOOST_TEST(runs.finish_step(first, {.state = StepState::failed, .error = "exit 1"}, 4000).has_value());
    BOOST_TEST(runs.finish_step(first, {.state = StepState::succeeded}, 4001).error() == Errc::conflict);

    const auto second = runs.begin_step(run, "train", 2, 5000, StepState::pending);
    BOOST_TEST_REQUIRE(second.has_value());
    BOOST_TEST(!runs.get_step(*second)->started_at.has_value());
    BOOST_TEST(runs.finish_step(*second, {.state = StepState::running}, 5500).has_value());
    BOOST_TEST(*runs.get_step(*second)->started_at == 5500);
    BOOST_TEST(
        runs.finish_step(*second,
                         {.state = StepState::succeeded, .outputs_json = R"({"auc":0.8})", .outcome = "ok"},
                         6000)
            .has_value());

    step = runs.get_step(first);
    BOOST_TEST(step->state == StepState::failed);
    BOOST_TEST(*step->error == "exit 1");
    BOOST_TEST(*step->outputs_json == R"({"rows":10})");  // kept: the result did not set outputs
    BOOST_TEST(*step->finished_at == 4000);

    const auto latest = runs.latest_step(run, "train");
    BOOST_TEST(latest->id == *second);
    BOOST_TEST(latest->attempt == 2);
    BOOST_TEST(*latest->outputs_json == R"({"auc":0.8})");
    BOOST_TEST(*latest->outcome == "ok");
    BOOST_TEST(runs.list_steps(run).size() == 2u);
    BOOST_TEST(runs.latest_step(run, "score").error() == Errc::not_found);

    BOOST_TEST(runs.begin_step(run, "x", 0, 1).error() == Errc::invalid_argument);
    BOOST_TEST(runs.begin_step(run, "x", 1, 1, StepState::succeeded).error() == Errc::invalid_argument);
    BOOST_TEST(runs.finish_step(777, {}, 1).error() == Errc::not_found);
    BOOST_TEST(runs.set_step_outputs(777, "{}").error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(events_are_an_ordered_append_only_history) {
    auto& runs = store().runs();
    const RowId run = make_run();
    const RowId step = make_step(run);
    const RowId e1 = runs.append_event(run, std::nullopt, 10, "run.started");
    const RowId e2 = runs.append_event(run, step, 11, "step.started", R"({"step":"train"})");
    const RowId e3 = runs.append_event(run, step, 12, "step.succeeded");
    auto events = runs.list_events(run);
    BOOST_TEST_REQUIRE(events->size() == 3u);
    BOOST_TEST((*events)[1].id == e2);
    BOOST_TEST(*(*events)[1].step_exec_id == step);
    BOOST_TEST((*events)[1].payload_json == R"({"step":"train"})");
    BOOST_TEST(!(*events)[0].step_exec_id.has_value());
    events = runs.list_events(run, e1, 1);
    BOOST_TEST_REQUIRE(events->size() == 1u);
    BOOST_TEST((*events)[0].id == e2);
    BOOST_TEST(runs.list_events(run, e3)->empty());
    BOOST_TEST(runs.list_events(run, 0, 0).error() == Errc::invalid_argument);

    // The schema refuses edits, even from a second connection that bypasses the store.
    Database raw(tmp.path());
    BOOST_CHECK_THROW(raw.exec("UPDATE events SET type = 'x'"), StoreError);
    BOOST_CHECK_THROW(raw.exec("DELETE FROM events"), StoreError);
}

BOOST_AUTO_TEST_CASE(foreign_keys_and_json_are_enforced) {
    auto& runs = store().runs();
    BOOST_CHECK_EXCEPTION(runs.begin_step(999, "train", 1, 1), StoreError,
                          [](const StoreError& e) { return e.is_foreign_key_violation(); });
    BOOST_CHECK_EXCEPTION(runs.append_event(999, std::nullopt, 1, "x"), StoreError,
                          [](const StoreError& e) { return e.is_foreign_key_violation(); });
    BOOST_CHECK_THROW(runs.create_run(999, "{}", "manual", 1), StoreError);
    const RowId run = make_run();
    BOOST_CHECK_EXCEPTION(runs.append_event(run, std::nullopt, 1, "x", "{not json"), StoreError,
                          [](const StoreError& e) { return e.is_constraint_violation(); });
    BOOST_CHECK_THROW(runs.create_run(make_definition(), "[1,", "manual", 1), StoreError);
}

BOOST_AUTO_TEST_CASE(a_transition_commits_as_one_or_not_at_all) {
    auto& runs = store().runs();
    const RowId run = make_run();
    const RowId first = make_step(run, "a");
    {
        auto tx = store().transaction();
        BOOST_TEST(runs.finish_step(first, {.state = StepState::succeeded}, 10).has_value());
        runs.append_event(run, first, 10, "step.succeeded");
        BOOST_TEST(runs.begin_step(run, "b", 1, 10).has_value());
        // No commit: as if the process died here.
    }
    BOOST_TEST(runs.get_step(first)->state == StepState::running);
    BOOST_TEST(runs.list_steps(run).size() == 1u);
    BOOST_TEST(runs.list_events(run)->empty());
    {
        auto tx = store().transaction();
        BOOST_TEST(runs.finish_step(first, {.state = StepState::succeeded}, 10).has_value());
        runs.append_event(run, first, 10, "step.succeeded");
        BOOST_TEST(runs.begin_step(run, "b", 1, 10).has_value());
        BOOST_TEST(runs.set_current_step(run, std::string_view("b"), 10).has_value());
        tx.commit();
    }
    reopen();
    BOOST_TEST(store().runs().get_step(first)->state == StepState::succeeded);
    BOOST_TEST(store().runs().list_steps(run).size() == 2u);
    BOOST_TEST(store().runs().list_events(run)->size() == 1u);
    BOOST_TEST(*store().runs().get_run(run)->current_step == "b");
}

BOOST_AUTO_TEST_SUITE_END()
