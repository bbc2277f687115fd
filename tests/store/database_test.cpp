#include "orchestrator/store/database.hpp"
#include "orchestrator/core/ulid.hpp"
#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/json_text.hpp"
#include "orchestrator/store/migrations.hpp"
#include "tests/store/temp_db.hpp"

#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <set>
#include <string>
#include <vector>

using namespace steward::store;

namespace {

template <std::size_t N>
std::int64_t scalar(Database& db, const char (&sql)[N]) {
    auto st = db.statement(sql);
    BOOST_TEST_REQUIRE(st->step());
    return st->int64(0);
}

std::int64_t count_tables(Database& db) {
    auto st = db.statement("SELECT count(*) FROM sqlite_schema WHERE type = 'table'");
    BOOST_TEST_REQUIRE(st->step());
    return st->int64(0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(database)

BOOST_AUTO_TEST_CASE(open_sets_wal_and_pragmas) {
    test::TempDb tmp;
    Database db(tmp.path());
    auto mode = db.statement("PRAGMA journal_mode");
    BOOST_TEST_REQUIRE(mode->step());
    BOOST_TEST(mode->text(0) == "wal");
    BOOST_TEST(scalar(db, "PRAGMA foreign_keys") == 1);
    BOOST_TEST(scalar(db, "PRAGMA synchronous") == 1);  // NORMAL
    BOOST_TEST(scalar(db, "PRAGMA busy_timeout") == 5000);
}

BOOST_AUTO_TEST_CASE(migrates_from_empty_and_reopen_is_idempotent) {
    test::TempDb tmp;
    std::int64_t tables = 0;
    {
        Database db(tmp.path());
        BOOST_TEST(migrate(db) == 0);
        BOOST_TEST(scalar(db, "PRAGMA user_version") == schema_version());
        tables = count_tables(db);
        BOOST_TEST(tables > 10);
    }
    Database db(tmp.path());
    BOOST_TEST(migrate(db) == schema_version());
    BOOST_TEST(migrate(db) == schema_version());
    BOOST_TEST(count_tables(db) == tables);
}

BOOST_AUTO_TEST_CASE(migration_versions_are_consecutive) {
    int expected = 1;
    for (const auto& m : migrations()) {
        BOOST_TEST(m.version == expected);
        ++expected;
    }
    BOOST_TEST(schema_version() == expected - 1);
}

BOOST_AUTO_TEST_CASE(run_uid_migration_keeps_rows_and_gives_each_run_a_ulid) {
    int uid_version = 0;
    for (const auto& m : migrations()) {
        if (std::string(m.sql).find("ADD COLUMN uid") != std::string::npos) {
            uid_version = m.version;
        }
    }
    BOOST_TEST_REQUIRE(uid_version > 1);
    test::TempDb tmp;
    Database db(tmp.path());
    for (const auto& m : migrations()) {  // the schema just before the uid migration
        if (m.version < uid_version) {
            db.exec(m.sql);
        }
    }
    db.exec("PRAGMA user_version = " + std::to_string(uid_version - 1));
    db.exec(
        "INSERT INTO workflow_definitions (name, content_hash, yaml, created_at) VALUES ('w', 'h', 'y', 1)");
    for (int i = 0; i < 50; ++i) {
        db.exec(
            "INSERT INTO runs (workflow_def_id, workflow_name, state, params_json, triggered_by, created_at, "
            "updated_at) VALUES (1, 'w', 'succeeded', '{\"n\":" +
            std::to_string(i) + "}', 'manual', " + std::to_string(1469918176385 + i) + ", 0)");
    }
    BOOST_TEST(migrate(db) == uid_version - 1);
    auto st = db.statement("SELECT id, uid, params_json FROM runs ORDER BY id");
    std::set<std::string> uids;
    int rows = 0;
    while (st->step()) {
        const std::string uid = st->text(1);
        BOOST_TEST(steward::core::is_ulid(uid), uid);
        BOOST_TEST(uid.substr(0, 10) == steward::core::make_ulid(1469918176385 + rows, 0, 0).substr(0, 10));
        BOOST_TEST(st->text(2) == "{\"n\":" + std::to_string(rows) + "}");
        uids.insert(uid);
        ++rows;
    }
    BOOST_TEST(rows == 50);
    BOOST_TEST(uids.size() == 50U);
    BOOST_CHECK_THROW(db.exec("UPDATE runs SET uid = (SELECT uid FROM runs WHERE id = 1) WHERE id = 2"),
                      StoreError);
}

BOOST_AUTO_TEST_CASE(refuses_a_database_newer_than_the_binary) {
    test::TempDb tmp;
    {
        Database db(tmp.path());
        migrate(db);
        db.exec("PRAGMA user_version = 999");
    }
    Database db(tmp.path());
    BOOST_CHECK_EXCEPTION(migrate(db), StoreError, [&](const StoreError& e) {
        const std::string what = e.what();
        return what.find("999") != std::string::npos && what.find(tmp.path()) != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(unopenable_path_is_a_clear_error) {
    BOOST_CHECK_EXCEPTION(Database("/nonexistent-dir/steward.db"), StoreError, [](const StoreError& e) {
        return std::string(e.what()).find("/nonexistent-dir/steward.db") != std::string::npos;
    });
}

BOOST_AUTO_TEST_CASE(transaction_rolls_back_unless_committed) {
    Database db(":memory:");
    db.exec("CREATE TABLE t (x INTEGER) STRICT");
    {
        Transaction tx(db);
        auto st = db.statement("INSERT INTO t (x) VALUES (?1)");
        st->bind_all(1);
        st->run();
    }
    BOOST_TEST(scalar(db, "SELECT count(*) FROM t") == 0);
    {
        Transaction tx(db);
        auto st = db.statement("INSERT INTO t (x) VALUES (?1)");
        st->bind_all(2);
        st->run();
        tx.commit();
    }
    BOOST_TEST(scalar(db, "SELECT count(*) FROM t") == 1);
    BOOST_TEST(db.transaction_depth() == 0);
}

BOOST_AUTO_TEST_CASE(nested_transactions_are_savepoints) {
    Database db(":memory:");
    db.exec("CREATE TABLE t (x INTEGER) STRICT");
    const auto insert = [&](int x) {
        auto st = db.statement("INSERT INTO t (x) VALUES (?1)");
        st->bind_all(x);
        st->run();
    };
    {
        Transaction outer(db);
        insert(1);
        {
            Transaction inner(db);
            insert(2);
        }  // inner rolled back, outer continues
        {
            Transaction inner(db);
            insert(3);
            inner.commit();
        }
        outer.commit();
    }
    BOOST_TEST(scalar(db, "SELECT sum(x) FROM t") == 4);
    BOOST_TEST(db.transaction_depth() == 0);
}

BOOST_AUTO_TEST_CASE(constraint_violation_throws_with_the_extended_code) {
    Database db(":memory:");
    db.exec(
        "CREATE TABLE p (id INTEGER PRIMARY KEY) STRICT;"
        "CREATE TABLE c (p INTEGER NOT NULL REFERENCES p (id)) STRICT;");
    auto st = db.statement("INSERT INTO c (p) VALUES (?1)");
    st->bind_all(42);
    BOOST_CHECK_EXCEPTION(st->run(), StoreError,
                          [](const StoreError& e) { return e.is_foreign_key_violation(); });
}

BOOST_AUTO_TEST_CASE(json_text_escapes) {
    BOOST_TEST(json_string("a\"b\\c\n\x01") == R"("a\"b\\c\n\u0001")");
    const std::vector<std::string> items{"x", "y\"z"};
    BOOST_TEST(json_string_array(items) == R"(["x","y\"z"])");
    BOOST_TEST(json_object({{"a", json_string("b")}, {"n", "3"}}) == R"({"a":"b","n":3})");
    Database db(":memory:");
    auto st = db.statement("SELECT json_valid(?1)");
    st->bind_all(json_object({{"s", json_string("\t\x1f\"")}, {"arr", json_string_array(items)}}));
    BOOST_TEST_REQUIRE(st->step());
    BOOST_TEST(st->int64(0) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
