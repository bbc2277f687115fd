// The run queries behind the API's run list, run detail, event pages and reruns: filters by
// trigger and creation time, `more` of a page, the latest events of a long history, and the
// rerun link (migration 7).
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/migrations.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

std::vector<RowId> ids_of(const std::vector<Run>& runs) {
    std::vector<RowId> ids;
    for (const Run& run : runs) {
        ids.push_back(run.id);
    }
    return ids;
}

// Runs 1..6 of "wf" created at 1000, 2000, ... with these triggers.
struct RunsFixture : StoreFixture {
    RowId def = 0;
    std::vector<RowId> ids;

    RunsFixture() {
        def = make_definition("wf");
        const std::vector<std::string> triggers{"cli",           "http:alice", "cron", "http:token 3 of bot",
                                                "httpd:mallory", "http"};
        for (std::size_t i = 0; i < triggers.size(); ++i) {
            ids.push_back(
                store().runs().create_run(def, "{}", triggers[i], static_cast<Millis>(1000 * (i + 1))));
        }
    }

    std::vector<RowId> listed(const RunFilter& filter) {
        return ids_of(store().runs().list_runs(filter).value());
    }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(run_queries, RunsFixture)

BOOST_AUTO_TEST_CASE(trigger_kind_matches_the_kind_and_every_caller_of_it) {
    // "http" is the kind: plain "http" and every "http:who", never "httpd:...".
    BOOST_TEST(listed({.trigger = "http"}) == (std::vector<RowId>{ids[5], ids[3], ids[1]}),
               boost::test_tools::per_element());
    BOOST_TEST(listed({.trigger = "http:alice"}) == std::vector<RowId>{ids[1]},
               boost::test_tools::per_element());
    BOOST_TEST(listed({.trigger = "cron"}) == std::vector<RowId>{ids[2]}, boost::test_tools::per_element());
    BOOST_TEST(listed({.trigger = "http:"}).empty());
    BOOST_TEST(listed({.trigger = "%"}).empty());  // no LIKE wildcards
    BOOST_TEST(listed({.trigger = "htt"}).empty());
}

BOOST_AUTO_TEST_CASE(time_range_is_since_inclusive_until_exclusive_and_combines_with_the_rest) {
    BOOST_TEST(listed({.created_since = 2000, .created_until = 4000}) == (std::vector<RowId>{ids[2], ids[1]}),
               boost::test_tools::per_element());
    BOOST_TEST(listed({.created_since = 5000}) == (std::vector<RowId>{ids[5], ids[4]}),
               boost::test_tools::per_element());
    BOOST_TEST(listed({.created_until = 1001}) == std::vector<RowId>{ids[0]},
               boost::test_tools::per_element());
    BOOST_TEST(listed({.trigger = "http", .created_until = 5000}) == (std::vector<RowId>{ids[3], ids[1]}),
               boost::test_tools::per_element());
    store().runs().set_run_state(ids[3], RunState::running, 7000).value();
    BOOST_TEST(listed({.state = RunState::running, .trigger = "http"}) == std::vector<RowId>{ids[3]},
               boost::test_tools::per_element());
    BOOST_TEST(listed({.workflow_name = "other", .trigger = "http"}).empty());
    BOOST_TEST(listed({.created_since = 9000}).empty());
}

BOOST_AUTO_TEST_CASE(a_page_says_whether_more_runs_follow) {
    auto& runs = store().runs();
    auto first = runs.list_runs_page({.limit = 4}).value();
    BOOST_TEST(first.runs.size() == 4U);
    BOOST_TEST(first.more);
    auto last = runs.list_runs_page({.limit = 4, .offset = 4}).value();
    BOOST_TEST(last.runs.size() == 2U);
    BOOST_TEST(!last.more);
    BOOST_TEST(!runs.list_runs_page({.limit = 6}).value().more);
    BOOST_TEST(runs.list_runs_page({.limit = 2, .trigger = "http"}).value().more);
    BOOST_TEST(!runs.list_runs_page({.limit = 3, .trigger = "http"}).value().more);
    BOOST_TEST(runs.list_runs_page({.workflow_name = "wf", .limit = 5}).value().more);
    BOOST_TEST(runs.list_runs_page({.limit = 1001}).error() == Errc::invalid_argument);
    BOOST_TEST(runs.list_runs_page({.limit = 10, .offset = -1, .trigger = "cli"}).error() ==
               Errc::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_rerun_names_the_run_it_repeats_and_the_first_lists_its_reruns) {
    auto& runs = store().runs();
    const RowId again = runs.create_run(def, R"({"x":1})", "http:alice", 9000, ids[0]);
    const RowId twice = runs.create_run(def, R"({"x":1})", "http:alice", 9500, ids[0]);
    BOOST_TEST(runs.get_run(again)->rerun_of.value_or(0) == ids[0]);
    BOOST_TEST(!runs.get_run(ids[0])->rerun_of.has_value());
    BOOST_TEST(runs.reruns_of(ids[0]) == (std::vector<RowId>{again, twice}),
               boost::test_tools::per_element());
    BOOST_TEST(runs.reruns_of(again).empty());
    BOOST_TEST(runs.list_runs({.limit = 1}).value().at(0).rerun_of.value_or(0) == ids[0]);
    // The link is a foreign key: a rerun of a run that does not exist is a caller bug.
    BOOST_CHECK_THROW(runs.create_run(def, "{}", "cli", 9600, RowId{999}), StoreError);
}

BOOST_AUTO_TEST_CASE(a_condition_keeps_its_start_while_its_kind_holds_and_ends_with_the_run) {
    auto& runs = store().runs();
    const RowId id = ids[0];
    BOOST_TEST(!runs.get_run(id)->condition.has_value());
    BOOST_TEST(runs.set_condition(id, RunCondition{"livy_unreachable", "refused", 7000}, 7000).has_value());
    BOOST_TEST(runs.set_condition(id, RunCondition{"livy_unreachable", "timed out", 8000}, 8000).has_value());
    auto run = runs.get_run(id).value();
    BOOST_REQUIRE(run.condition.has_value());
    BOOST_TEST(run.condition->kind == "livy_unreachable");
    BOOST_TEST(run.condition->detail == "timed out");
    BOOST_TEST(run.condition->since == 7000);  // the same kind: still since the first
    BOOST_TEST(runs.set_condition(id, RunCondition{"retrying", "boom", 8500}, 8500).has_value());
    BOOST_TEST(runs.get_run(id)->condition->since == 8500);
    BOOST_TEST(runs.set_condition(id, std::nullopt, 8600).has_value());
    BOOST_TEST(!runs.get_run(id)->condition.has_value());
    BOOST_TEST(runs.set_condition(id, RunCondition{"stuck", "no driver", 8700}, 8700).has_value());
    BOOST_TEST(runs.set_run_state(id, RunState::failed, 8800, "gave up").has_value());
    BOOST_TEST(!runs.get_run(id)->condition.has_value());  // cleared by the end
    BOOST_TEST(runs.set_condition(id, RunCondition{"stuck", "x", 8900}, 8900).error() == Errc::conflict);
    BOOST_TEST(runs.set_condition(RowId{999}, std::nullopt, 8900).error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(the_latest_events_of_ten_thousand_are_read_without_the_rest) {
    auto& runs = store().runs();
    const RowId other = ids[1];
    {
        auto tx = store().transaction();
        for (int i = 0; i < 10000; ++i) {
            runs.append_event(ids[0], std::nullopt, 1000 + i, "tick", "{\"i\":" + std::to_string(i) + "}");
            if (i % 1000 == 0) {
                runs.append_event(other, std::nullopt, 1000 + i, "other");
            }
        }
        tx.commit();
    }
    BOOST_TEST(runs.count_events(ids[0]) == 10000);
    BOOST_TEST(runs.count_events(other) == 10);
    BOOST_TEST(runs.count_events(999) == 0);
    const auto last = runs.latest_events(ids[0], 100).value();
    BOOST_REQUIRE(last.size() == 100U);
    BOOST_TEST(last.front().payload_json == R"({"i":9900})");
    BOOST_TEST(last.back().payload_json == R"({"i":9999})");
    BOOST_TEST(last.front().id < last.back().id);
    BOOST_TEST(runs.latest_events(other, 100).value().size() == 10U);
    BOOST_TEST(runs.latest_events(ids[0], 0).value().empty());
    BOOST_TEST(runs.latest_events(ids[0], 10000).value().size() == 10000U);
    BOOST_TEST(runs.latest_events(ids[0], 10001).error() == Errc::invalid_argument);
    BOOST_TEST(runs.latest_events(ids[0], -1).error() == Errc::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(migration_v7)

BOOST_AUTO_TEST_CASE(a_version_5_database_keeps_its_runs_with_no_rerun_link) {
    test::TempDb tmp;
    {
        Database db(tmp.path());
        Transaction tx(db);
        for (const Migration& migration : migrations()) {
            if (migration.version <= 5) {
                db.exec(migration.sql);
            }
        }
        db.exec("PRAGMA user_version = 5");
        db.exec(R"sql(
INSERT INTO workflow_definitions (id, name, content_hash, yaml, created_at) VALUES (1, 'wf', 'h', 'name: wf', 1);
INSERT INTO runs (id, workflow_def_id, workflow_name, state, params_json, triggered_by, created_at, updated_at, uid)
    VALUES (1, 1, 'wf', 'running', '{}', 'cli', 1, 1, '01ARZ3NDEKTSV4RRFFQ69G5FAV');
)sql");
        tx.commit();
    }
    Store store(tmp.path());
    BOOST_TEST(store.opened_at_schema_version() == 5);
    const auto run = store.runs().get_run(1);
    BOOST_TEST_REQUIRE(run.has_value());
    BOOST_TEST(!run->rerun_of.has_value());
    BOOST_TEST(store.runs().create_run(1, "{}", "cli", 2, RowId{1}) == 2);
    BOOST_TEST(store.runs().reruns_of(1) == std::vector<RowId>{2}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
