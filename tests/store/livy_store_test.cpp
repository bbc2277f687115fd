#include "orchestrator/store/database.hpp"
#include "orchestrator/store/migrations.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace steward::store;
using steward::store::test::StoreFixture;

BOOST_FIXTURE_TEST_SUITE(livy_store, StoreFixture)

BOOST_AUTO_TEST_CASE(names_are_deterministic_unique_and_never_numeric) {
    BOOST_TEST(LivyStore::handle_name("ab12cd34", 7, "train", 42, LivyKind::batch) ==
               "steward-ab12cd34-7-train-42");
    BOOST_TEST(LivyStore::handle_name("ab12cd34", 7, "train", 42, LivyKind::session) ==
               "steward-ab12cd34-7-train-42-s");
    BOOST_TEST(LivyStore::handle_name("i", 1, "a b/c", 2, LivyKind::batch) == "steward-i-1-a_b_c-2");
    BOOST_TEST(LivyStore::handle_name("i", 1, std::string(100, 'x'), 2, LivyKind::batch).size() ==
               std::string("steward-i-1--2").size() + 40);
    BOOST_TEST(store().instance_id().size() == 8u);
}

BOOST_AUTO_TEST_CASE(intent_then_id_and_reattach_after_restart) {
    const RowId run = make_run();
    BOOST_TEST(store().runs().set_run_state(run, RunState::running, 1).has_value());
    const RowId train = make_step(run, "train");
    const RowId score = make_step(run, "score");

    auto& livy = store().livy();
    const auto batch = livy.record_intent(train, LivyKind::batch, std::nullopt, 100);
    BOOST_TEST_REQUIRE(batch.has_value());
    BOOST_TEST(batch->name ==
               LivyStore::handle_name(store().instance_id(), run, "train", train, LivyKind::batch));
    BOOST_TEST(batch->state == "not_submitted");
    BOOST_TEST(!batch->livy_id.has_value());
    BOOST_TEST(livy.record_intent(train, LivyKind::batch, std::nullopt, 101).error() == Errc::duplicate);
    BOOST_TEST(livy.record_intent(999, LivyKind::batch, std::nullopt, 101).error() == Errc::not_found);

    const auto session = livy.record_intent(score, LivyKind::session, std::string_view("shared"), 110);
    BOOST_TEST_REQUIRE(session.has_value());
    BOOST_TEST(livy.set_livy_id(session->id, "17", 120).has_value());
    BOOST_TEST(livy.set_livy_id(session->id, "17", 121).has_value());  // idempotent
    BOOST_TEST(livy.set_livy_id(session->id, "18", 122).error() == Errc::conflict);
    BOOST_TEST(livy.set_livy_id(999, "18", 122).error() == Errc::not_found);
    BOOST_TEST(livy.update_state(session->id, "idle", false, 130).has_value());
    BOOST_TEST(livy.find_open_session("shared")->id == session->id);
    BOOST_TEST(livy.find_open_session("other").error() == Errc::not_found);

    // Crash: the batch intent was stored but Livy's answer never was.
    reopen();
    auto& again = store().livy();
    auto live = again.handles_to_reattach();
    BOOST_TEST_REQUIRE(live.size() == 2u);
    BOOST_TEST(live[0].id == batch->id);
    BOOST_TEST(!live[0].livy_id.has_value());  // found in Livy by name, not submitted again
    BOOST_TEST(again.find_by_name(batch->name)->id == batch->id);
    BOOST_TEST(*live[1].livy_id == "17");
    BOOST_TEST(*live[1].session_key == "shared");
    BOOST_TEST(live[1].state == "idle");
    BOOST_TEST(again.find_handle(train, LivyKind::batch)->id == batch->id);
    BOOST_TEST(again.find_handle(train, LivyKind::session).error() == Errc::not_found);

    BOOST_TEST(again.update_state(batch->id, "success", true, 200).has_value());
    BOOST_TEST(again.handles_to_reattach().size() == 1u);
    BOOST_TEST(store().runs().set_run_state(run, RunState::cancelled, 300).has_value());
    BOOST_TEST(again.handles_to_reattach().empty());  // only runs that will resume
    BOOST_TEST(again.update_state(999, "x", true, 1).error() == Errc::not_found);
    BOOST_TEST(again.save_follower_state(999, "x", 1).error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(statements_follow_intent_then_id) {
    const RowId run = make_run();
    const RowId step = make_step(run, "features");
    auto& livy = store().livy();
    const auto session = livy.record_intent(step, LivyKind::session, std::nullopt, 1);
    BOOST_TEST_REQUIRE(session.has_value());
    const auto first = livy.record_statement_intent(step, 0, session->id, 10);
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST(first->state == "not_submitted");
    BOOST_TEST(livy.record_statement_intent(step, 0, session->id, 11).error() == Errc::duplicate);
    BOOST_TEST(livy.record_statement_intent(step, -1, session->id, 11).error() == Errc::invalid_argument);
    BOOST_TEST(livy.set_statement_id(step, 0, 3, 12).has_value());
    BOOST_TEST(livy.set_statement_id(step, 0, 4, 12).error() == Errc::conflict);
    BOOST_TEST(livy.set_statement_id(step, 5, 4, 12).error() == Errc::not_found);
    BOOST_TEST(livy.update_statement(step, 0, "available", std::string_view(R"({"n":1})"), 13).has_value());
    BOOST_TEST(livy.update_statement(step, 9, "available", std::nullopt, 13).error() == Errc::not_found);
    BOOST_TEST(livy.record_statement_intent(step, 1, session->id, 14).has_value());
    const auto statements = livy.list_statements(step);
    BOOST_TEST_REQUIRE(statements.size() == 2u);
    BOOST_TEST(*statements[0].statement_id == 3);
    BOOST_TEST(statements[0].state == "available");
    BOOST_TEST(*statements[0].output_json == R"({"n":1})");
    BOOST_TEST(!statements[1].statement_id.has_value());
}

BOOST_AUTO_TEST_CASE(log_append_is_idempotent_across_a_restart) {
    const RowId run = make_run();
    const RowId step = make_step(run);
    const auto handle = store().livy().record_intent(step, LivyKind::batch, std::nullopt, 1);
    BOOST_TEST_REQUIRE(handle.has_value());
    const std::vector<std::string> first{"line 0", "line 1", "line 2"};
    {
        auto tx = store().transaction();
        BOOST_TEST(*store().livy().append_log_lines(step, 0, first) == 3);
        BOOST_TEST(store().livy().save_follower_state(handle->id, R"({"from":3})", 2).has_value());
        tx.commit();
    }
    // Lines 3..4 were written but the process died before the follower position was saved.
    const std::vector<std::string> second{"line 3", "line 4"};
    BOOST_TEST(*store().livy().append_log_lines(step, 3, second) == 2);
    reopen();

    auto& livy = store().livy();
    BOOST_TEST(livy.get_handle(handle->id)->follower_state == R"({"from":3})");
    BOOST_TEST(livy.next_log_seq(step) == 5);
    // The resumed follower re-reads from 3 and re-appends 3..5: only line 5 is new.
    const std::vector<std::string> resumed{"line 3", "line 4", "line 5"};
    BOOST_TEST(*livy.append_log_lines(step, 3, resumed) == 1);
    const auto log = livy.get_log(step, 0, 100);
    BOOST_TEST_REQUIRE(log->size() == 6u);
    for (std::size_t i = 0; i < log->size(); ++i) {
        BOOST_TEST((*log)[i].seq == static_cast<std::int64_t>(i));
        BOOST_TEST((*log)[i].line == "line " + std::to_string(i));
    }
    const auto tail = livy.get_log(step, 4, 1);
    BOOST_TEST_REQUIRE(tail->size() == 1u);
    BOOST_TEST((*tail)[0].line == "line 4");

    BOOST_TEST(livy.append_log_lines(step, 7, resumed).error() == Errc::invalid_argument);  // a gap
    BOOST_TEST(livy.append_log_lines(step, -1, resumed).error() == Errc::invalid_argument);
    BOOST_TEST(livy.get_log(step, -1, 10).error() == Errc::invalid_argument);
    BOOST_TEST(livy.get_log(step, 0, 0).error() == Errc::invalid_argument);
    BOOST_TEST(livy.next_log_seq(step + 100) == 0);
}

BOOST_AUTO_TEST_CASE(the_spark_application_is_kept_with_the_handle) {
    const RowId run = make_run();
    const RowId step = make_step(run, "train");
    auto& livy = store().livy();
    const auto handle = livy.record_intent(step, LivyKind::batch, std::nullopt, 100);
    BOOST_TEST_REQUIRE(handle.has_value());
    BOOST_TEST((handle->app == LivyAppInfo{}));  // nothing known yet
    const LivyAppInfo app{"application_1_0001", "http://nm:8042/node/containerlogs/c1/u",
                          "http://rm:8088/proxy/application_1_0001/"};
    BOOST_TEST(livy.set_app_info(handle->id, app, 200).has_value());
    BOOST_TEST(livy.set_app_info(999, app, 200).error() == Errc::not_found);
    reopen();
    const auto again = store().livy().find_handle(step, LivyKind::batch);
    BOOST_TEST_REQUIRE(again.has_value());
    BOOST_TEST(*again->app.app_id == "application_1_0001");
    BOOST_TEST(*again->app.driver_log_url == "http://nm:8042/node/containerlogs/c1/u");
    BOOST_TEST(*again->app.spark_ui_url == "http://rm:8088/proxy/application_1_0001/");
    BOOST_TEST(again->updated_at == 200);
}

BOOST_AUTO_TEST_CASE(handles_of_a_first_version_database_gain_null_application_fields) {
    test::TempDb old;
    {
        Database db(old.path());
        db.exec(migrations()[0].sql);
        db.exec("PRAGMA user_version = 1");
        db.exec(
            "INSERT INTO workflow_definitions (id, name, content_hash, yaml, created_at) VALUES (1, 'w', "
            "'h', 'y', 1);"
            "INSERT INTO runs (id, workflow_def_id, workflow_name, state, params_json, triggered_by, "
            "created_at, "
            "updated_at) VALUES (1, 1, 'w', 'running', '{}', 'manual', 1, 1);"
            "INSERT INTO step_executions (id, run_id, step_id, attempt, state, created_at) "
            "VALUES (1, 1, 'train', 1, 'running', 1);"
            "INSERT INTO livy_handles (id, run_id, step_exec_id, kind, name, livy_id, state, created_at, "
            "updated_at) "
            "VALUES (1, 1, 1, 'batch', 'steward-x-1-train-1', 4, 'running', 1, 1);");
    }
    Store migrated(old.path());
    BOOST_TEST(migrated.opened_at_schema_version() == 1);
    const auto handle = migrated.livy().get_handle(1);
    BOOST_TEST_REQUIRE(handle.has_value());
    BOOST_TEST(*handle->livy_id == "4");
    BOOST_TEST((handle->app == LivyAppInfo{}));
    BOOST_TEST(migrated.livy()
                   .set_app_info(1, LivyAppInfo{"application_9_0001", std::nullopt, std::nullopt}, 5)
                   .has_value());
}

BOOST_AUTO_TEST_SUITE_END()
