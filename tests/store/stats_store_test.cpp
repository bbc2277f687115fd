// Scrape-time aggregates for /metrics (StatsStore) and the commit observer of the store.
#include "tests/store/store_fixture.hpp"

#include <chrono>
#include <vector>

using namespace steward::store;
using steward::store::test::StoreFixture;

BOOST_FIXTURE_TEST_SUITE(stats_store, StoreFixture)

BOOST_AUTO_TEST_CASE(runs_are_counted_by_workflow_and_state) {
    BOOST_TEST(store().stats().runs_by_workflow_and_state().empty());
    const RowId a1 = make_run("alpha");
    make_run("alpha");
    make_run("beta");
    BOOST_TEST_REQUIRE(store().runs().set_run_state(a1, RunState::running, 2500).has_value());
    const auto counts = store().stats().runs_by_workflow_and_state();
    BOOST_TEST_REQUIRE(counts.size() == 3u);
    BOOST_TEST(counts[0].workflow == "alpha");
    BOOST_TEST(counts[0].state == "pending");
    BOOST_TEST(counts[0].count == 1);
    BOOST_TEST(counts[1].workflow == "alpha");
    BOOST_TEST(counts[1].state == "running");
    BOOST_TEST(counts[2].workflow == "beta");
    BOOST_TEST(counts[2].count == 1);
}

BOOST_AUTO_TEST_CASE(open_tasks_their_oldest_and_the_overdue_ones) {
    OpenTaskStats none = store().stats().open_tasks(10'000);
    BOOST_TEST(none.open == 0);
    BOOST_TEST(none.overdue == 0);
    BOOST_TEST(!none.oldest_created.has_value());

    const RowId run = make_run();
    const auto task = [&](const char* step, Millis created, std::optional<Millis> deadline) {
        UserTask t;
        t.run_id = run;
        t.step_exec_id = make_step(run, step);
        t.title = step;
        t.created_at = created;
        t.deadline_at = deadline;
        auto id = store().tasks().create(t);
        BOOST_TEST_REQUIRE(id.has_value());
        return *id;
    };
    task("a", 4000, 9000);          // overdue at 10'000
    task("b", 5000, std::nullopt);  // no deadline
    task("c", 6000, 20'000);
    const RowId closed = task("d", 1000, 2000);
    BOOST_TEST_REQUIRE(store().tasks().close(closed, TaskState::cancelled, 7000).has_value());

    const OpenTaskStats stats = store().stats().open_tasks(10'000);
    BOOST_TEST(stats.open == 3);
    BOOST_TEST(stats.overdue == 1);
    BOOST_TEST(stats.oldest_created.value_or(0) == 4000);
}

BOOST_AUTO_TEST_CASE(live_livy_objects_are_counted_by_kind) {
    const RowId run = make_run();
    const auto batch = store().livy().record_intent(make_step(run, "b1"), LivyKind::batch, std::nullopt, 1);
    const auto done = store().livy().record_intent(make_step(run, "b2"), LivyKind::batch, std::nullopt, 1);
    const auto session =
        store().livy().record_intent(make_step(run, "s1"), LivyKind::session, std::string_view("k"), 1);
    BOOST_TEST_REQUIRE((batch && done && session));
    BOOST_TEST_REQUIRE(store().livy().update_state(done->id, "success", true, 2).has_value());
    const auto counts = store().stats().live_livy_objects();
    BOOST_TEST_REQUIRE(counts.size() == 2u);
    BOOST_TEST(counts[0].kind == "batch");
    BOOST_TEST(counts[0].count == 1);
    BOOST_TEST(counts[1].kind == "session");
    BOOST_TEST(counts[1].count == 1);
}

BOOST_AUTO_TEST_CASE(the_run_count_stays_cheap_with_100000_runs) {
    const RowId def = make_definition("bulk");
    {
        auto t = store().transaction();
        for (int i = 0; i < 100'000; ++i) {
            store().runs().create_run(def, "{}", "cron", 1000 + i);
        }
        t.commit();
    }
    const auto start = std::chrono::steady_clock::now();
    const auto counts = store().stats().runs_by_workflow_and_state();
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_TEST_REQUIRE(counts.size() == 1u);
    BOOST_TEST(counts[0].count == 100'000);
    // A covering-index scan takes a few milliseconds; a table scan with a temporary B-tree
    // would take several times longer. Generous bound for a loaded CI machine.
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 500);
}

BOOST_AUTO_TEST_CASE(the_commit_observer_times_outermost_commits_only) {
    std::vector<double> seen;
    store().set_commit_observer([&seen](double seconds) { seen.push_back(seconds); });
    {
        auto outer = store().transaction();
        {
            auto inner = store().transaction();
            make_definition("x");
            inner.commit();
        }
        BOOST_TEST(seen.empty());
        outer.commit();
    }
    BOOST_TEST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0] >= 0.0);
    {
        auto rolled_back = store().transaction();
        make_definition("y", "h2");
    }
    BOOST_TEST(seen.size() == 1u);
    store().set_commit_observer({});
    {
        auto t = store().transaction();
        t.commit();
    }
    BOOST_TEST(seen.size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
