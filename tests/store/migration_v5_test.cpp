// Schema 5: accounts, sessions and API tokens. A version-4 database keeps its rows and gains the
// new (empty) tables.
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/migrations.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/printers.hpp"
#include "tests/store/temp_db.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace steward::store;

namespace {

// A database exactly as a version-4 steward left it: one run.
void make_v4_database(const std::string& path) {
    Database db(path);
    Transaction tx(db);
    for (const Migration& migration : migrations()) {
        if (migration.version <= 4) {
            db.exec(migration.sql);
        }
    }
    db.exec("PRAGMA user_version = 4");
    db.exec(R"sql(
INSERT INTO workflow_definitions (id, name, content_hash, yaml, created_at) VALUES (1, 'wf', 'h', 'name: wf', 1);
INSERT INTO runs (id, workflow_def_id, workflow_name, state, params_json, triggered_by, created_at, updated_at, uid)
    VALUES (1, 1, 'wf', 'running', '{}', 'test', 1, 1, '01ARZ3NDEKTSV4RRFFQ69G5FAV');
)sql");
    tx.commit();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(migration_v5)

BOOST_AUTO_TEST_CASE(a_version_4_database_gains_empty_identity_tables_and_keeps_its_runs) {
    test::TempDb tmp;
    make_v4_database(tmp.path());
    {
        Database db(tmp.path());
        BOOST_TEST(migrate(db) == 4);
        auto tables = db.statement(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('accounts', 'sessions', "
            "'api_tokens') AND sql LIKE '%STRICT'");
        BOOST_TEST_REQUIRE(tables->step());
        BOOST_TEST(tables->int64(0) == 3);
    }
    Store store(tmp.path());
    BOOST_TEST(store.opened_at_schema_version() == schema_version());
    BOOST_TEST(store.runs().get_run(1).has_value());
    BOOST_TEST(store.accounts().list().empty());
    BOOST_TEST(store.tokens().list(true).empty());
    store.accounts().set_password("alice", "$argon2id$x", 10);
    BOOST_TEST(store.accounts().get("alice")->credentials_changed_at == 10);
}

BOOST_AUTO_TEST_SUITE_END()
