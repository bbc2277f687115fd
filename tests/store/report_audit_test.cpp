#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <sqlite3.h>

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <string>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

Report monthly(const std::string& model, const std::string& period, Millis at, double ks) {
    Report r;
    r.model = model;
    r.model_version = "1.0.1";
    r.period_label = period;
    r.created_at = at;
    r.report_json = R"({"ks":)" + std::to_string(ks) + "}";
    r.figures = {{"ks", ks}, {"auc", 0.5 + ks}};
    return r;
}

// The one place tests touch SQLite directly: an attacker who edits the file and drops the guard.
void tamper(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    BOOST_TEST_REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
    BOOST_TEST(rc == SQLITE_OK, (error != nullptr ? error : ""));
    sqlite3_free(error);
    sqlite3_close(db);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(reports_and_audit, StoreFixture)

BOOST_AUTO_TEST_CASE(report_round_trips_with_figures) {
    const RowId run = make_run();
    Report r = monthly("churn:xgb", "2024-01", 100, 0.42);
    r.run_id = run;
    r.step_id = "report";
    r.figures.emplace_back("gini_nan", std::nan(""));
    const auto id = store().reports().save(r);
    BOOST_TEST_REQUIRE(id.has_value());
    const auto got = store().reports().get(*id);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(*got->run_id == run);
    BOOST_TEST(*got->step_id == "report");
    BOOST_TEST(*got->model_version == "1.0.1");
    BOOST_TEST(got->period_label == "2024-01");
    BOOST_TEST(got->report_json == r.report_json);
    BOOST_TEST_REQUIRE(got->figures.size() == 3u);  // sorted by name
    BOOST_TEST(got->figures[0].first == "auc");
    BOOST_TEST(got->figures[1].first == "gini_nan");
    BOOST_TEST(std::isnan(got->figures[1].second));
    BOOST_TEST(got->figures[2].second == 0.42);
    BOOST_TEST(store().reports().list_for_run(run).size() == 1u);
    BOOST_TEST(store().reports().get(999).error() == Errc::not_found);

    Report bad = monthly("churn", "2024-02", 1, 0.1);
    BOOST_TEST(store().reports().save(bad).error() == Errc::invalid_argument);
    bad = monthly("churn:xgb", "", 1, 0.1);
    BOOST_TEST(store().reports().save(bad).error() == Errc::invalid_argument);
    bad = monthly("churn:xgb", "2024-02", 1, 0.1);
    bad.figures.emplace_back("ks", 0.2);
    BOOST_TEST(store().reports().save(bad).error() == Errc::invalid_argument);
    BOOST_TEST(store().reports().list_for_run(run).size() == 1u);
}

BOOST_AUTO_TEST_CASE(trend_returns_the_last_n_oldest_first) {
    auto& reports = store().reports();
    // Saved out of order; a report of another model and one without ks interleave.
    const double ks[] = {0.40, 0.38, 0.35, 0.31, 0.27};
    const char* periods[] = {"2024-01", "2024-02", "2024-03", "2024-04", "2024-05"};
    for (int i : {2, 0, 4, 1, 3}) {
        BOOST_TEST(reports.save(monthly("churn:xgb", periods[i], 1000 * (i + 1), ks[i])).has_value());
        BOOST_TEST(reports.save(monthly("churn:logit", periods[i], 1000 * (i + 1), 0.9)).has_value());
    }
    Report no_ks = monthly("churn:xgb", "2024-06", 9000, 0);
    no_ks.figures = {{"auc", 0.7}};
    BOOST_TEST(reports.save(no_ks).has_value());

    const auto last3 = reports.trend("churn:xgb", "ks", 3);
    BOOST_TEST_REQUIRE(last3->size() == 3u);
    BOOST_TEST((*last3)[0].period_label == "2024-03");
    BOOST_TEST((*last3)[1].period_label == "2024-04");
    BOOST_TEST((*last3)[2].period_label == "2024-05");
    BOOST_TEST((*last3)[2].value == 0.27);
    BOOST_TEST(*(*last3)[2].model_version == "1.0.1");
    BOOST_TEST(reports.trend("churn:xgb", "ks", 100)->size() == 5u);
    BOOST_TEST(reports.trend("churn:xgb", "auc", 100)->size() == 6u);
    BOOST_TEST(reports.trend("churn:xgb", "auc", 1)->front().period_label == "2024-06");
    BOOST_TEST(reports.trend("churn:none", "ks", 3)->empty());
    BOOST_TEST(reports.trend("churn", "ks", 3).error() == Errc::invalid_argument);
    BOOST_TEST(reports.trend("churn:xgb", "ks", 0).error() == Errc::invalid_argument);

    // The trend is an index search, not a table scan.
    Database db(tmp.path());
    auto plan = db.statement(
        "EXPLAIN QUERY PLAN SELECT r.id, r.period_label, r.model_version, r.created_at, f.value FROM reports "
        "r "
        "JOIN report_figures f ON f.report_id = r.id AND f.name = ?2 "
        "WHERE r.model = ?1 ORDER BY r.created_at DESC, r.id DESC LIMIT ?3");
    std::string details;
    while (plan->step()) {
        details += plan->text(3) + "\n";
    }
    BOOST_TEST(details.find("USING INDEX reports_by_model") != std::string::npos, details);
    BOOST_TEST(details.find("USING PRIMARY KEY") != std::string::npos, details);
    BOOST_TEST(details.find("TEMP B-TREE") == std::string::npos, details);
}

BOOST_AUTO_TEST_CASE(audit_chain_verifies_and_detects_tampering) {
    auto& audit = store().audit();
    BOOST_TEST(audit.verify_chain().ok);
    BOOST_TEST(audit.verify_chain().rows_checked == 0);
    for (int i = 0; i < 5; ++i) {
        const auto row =
            audit.append(100 + i, "alice", "run.cancel", "run", std::to_string(i), R"({"reason":"test"})");
        BOOST_TEST_REQUIRE(row.has_value());
        BOOST_TEST(row->hash == AuditLog::row_hash(*row));
    }
    BOOST_TEST(audit.append(1, "", "x", "run", "1").error() == Errc::invalid_argument);
    const auto rows = audit.list(0, 10);
    BOOST_TEST_REQUIRE(rows->size() == 5u);
    BOOST_TEST((*rows)[0].prev_hash.empty());
    BOOST_TEST((*rows)[3].prev_hash == (*rows)[2].hash);
    BOOST_TEST((*rows)[3].hash.size() == 64u);
    BOOST_TEST(audit.list(3, 10)->size() == 2u);

    auto ok = audit.verify_chain();
    BOOST_TEST(ok.ok);
    BOOST_TEST(ok.rows_checked == 5);
    BOOST_TEST(ok.head_hash == (*rows)[4].hash);

    // The guard refuses an ordinary edit.
    Database raw(tmp.path());
    BOOST_CHECK_THROW(raw.exec("UPDATE audit_log SET actor = 'mallory'"), StoreError);

    // Whoever drops the guard and edits a row is caught by the chain.
    tamper(tmp.path(),
           "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 3;");
    reopen();
    auto bad = store().audit().verify_chain();
    BOOST_TEST(!bad.ok);
    BOOST_TEST(*bad.first_bad_id == 3);
    BOOST_TEST(bad.problem.find("audit row 3") != std::string::npos, bad.problem);
    BOOST_TEST(bad.problem.find("content was changed") != std::string::npos, bad.problem);
}

BOOST_AUTO_TEST_CASE(audit_chain_detects_a_removed_row) {
    for (int i = 0; i < 4; ++i) {
        BOOST_TEST(store().audit().append(i, "bob", "task.answer", "task", std::to_string(i)).has_value());
    }
    tamper(tmp.path(), "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;");
    reopen();
    const auto bad = store().audit().verify_chain();
    BOOST_TEST(!bad.ok);
    BOOST_TEST(*bad.first_bad_id == 3);
    BOOST_TEST(bad.problem.find("does not link") != std::string::npos, bad.problem);
}

BOOST_AUTO_TEST_SUITE_END()
