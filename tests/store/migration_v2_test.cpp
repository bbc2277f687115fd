// Schema 2: livy_handles.livy_id becomes TEXT; a version-1 database keeps every row.
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/migrations.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/printers.hpp"
#include "tests/store/temp_db.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace steward::store;

namespace {

// A database exactly as a version-1 steward left it: one run with a batch (Livy id 42), a session
// without an id yet, and a statement of that session.
void make_v1_database(const std::string& path) {
    Database db(path);
    Transaction tx(db);
    db.exec(migrations()[0].sql);
    db.exec("PRAGMA user_version = 1");
    db.exec(R"sql(
INSERT INTO workflow_definitions (id, name, content_hash, yaml, created_at) VALUES (1, 'wf', 'h', 'name: wf', 1);
INSERT INTO runs (id, workflow_def_id, workflow_name, state, params_json, triggered_by, created_at, updated_at)
    VALUES (1, 1, 'wf', 'running', '{}', 'test', 1, 1);
INSERT INTO step_executions (id, run_id, step_id, attempt, state, created_at) VALUES (1, 1, 'train', 1, 'running', 1);
INSERT INTO step_executions (id, run_id, step_id, attempt, state, created_at) VALUES (2, 1, 'prep', 1, 'running', 1);
INSERT INTO livy_handles (id, run_id, step_exec_id, kind, name, livy_id, state, terminal, session_key,
                          follower_state, created_at, updated_at)
    VALUES (7, 1, 1, 'batch', 'steward-abc-1-train-1', 42, 'running', 0, NULL, '{"v":1}', 10, 11);
INSERT INTO livy_handles (id, run_id, step_exec_id, kind, name, livy_id, state, terminal, session_key,
                          follower_state, created_at, updated_at)
    VALUES (8, 1, 2, 'session', 'steward-abc-1-prep-2-s', NULL, 'not_submitted', 0, 'r1:main', '', 12, 13);
INSERT INTO livy_statements (step_exec_id, idx, handle_id, statement_id, state, created_at, updated_at)
    VALUES (2, 0, 8, 3, 'running', 14, 15);
)sql");
    tx.commit();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migration_v2)

BOOST_AUTO_TEST_CASE(integer_livy_ids_become_their_decimal_text_and_every_row_stays) {
    test::TempDb tmp;
    make_v1_database(tmp.path());
    {
        Database db(tmp.path());
        BOOST_TEST(migrate(db) == 1);
        auto type = db.statement("SELECT typeof(livy_id), livy_id FROM livy_handles WHERE id = 7");
        BOOST_TEST_REQUIRE(type->step());
        BOOST_TEST(type->text(0) == "text");
        BOOST_TEST(type->text(1) == "42");
        auto fk = db.statement("PRAGMA foreign_key_check");
        BOOST_TEST(!fk->step());  // livy_statements still points at its handle
        auto indexes = db.statement(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'livy_handles' "
            "AND name IN ('livy_handles_live', 'livy_handles_by_session_key')");
        BOOST_TEST_REQUIRE(indexes->step());
        BOOST_TEST(indexes->int64(0) == 2);
    }
    Store store(tmp.path());
    auto& livy = store.livy();
    const auto batch = livy.get_handle(7);
    BOOST_TEST_REQUIRE(batch.has_value());
    BOOST_TEST(batch->livy_id.value_or("") == "42");
    BOOST_TEST(batch->name == "steward-abc-1-train-1");
    BOOST_TEST(batch->state == "running");
    BOOST_TEST(batch->follower_state == "{\"v\":1}");
    BOOST_TEST(batch->created_at == 10);
    BOOST_TEST(batch->updated_at == 11);
    const auto session = livy.get_handle(8);
    BOOST_TEST_REQUIRE(session.has_value());
    BOOST_TEST(!session->livy_id.has_value());
    BOOST_TEST(session->session_key.value_or("") == "r1:main");
    const auto statements = livy.list_statements(2);
    BOOST_TEST_REQUIRE(statements.size() == 1U);
    BOOST_TEST(statements[0].handle_id == 8);
    BOOST_TEST(statements[0].statement_id.value_or(-1) == 3);
    BOOST_TEST(livy.handles_to_reattach().size() == 2U);
    // A GUID fits now; the stored integer id still conflicts with a different one.
    BOOST_TEST(livy.set_livy_id(8, "9f3c2a7e-1b4d-4e8a-9c21-0d5e6f7a8b9c", 20).has_value());
    BOOST_TEST(livy.get_handle(8)->livy_id.value_or("") == "9f3c2a7e-1b4d-4e8a-9c21-0d5e6f7a8b9c");
    BOOST_TEST(livy.set_livy_id(7, "42", 21).has_value());
    BOOST_TEST(livy.set_livy_id(7, "43", 22).error() == Errc::conflict);
}

BOOST_AUTO_TEST_SUITE_END()
