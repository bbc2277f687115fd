// The registry and report listings the API pages through: model summaries, the alias history
// (and its backfill from the audit log by migration 6), and filtered report lists with their
// headline figures.
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/migrations.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

const ModelName churn_model{"risk", "churn"};
const ModelName fraud_model{"risk", "fraud"};

ModelVersion add_version(Store& store, const ModelName& model, std::int64_t major, std::int64_t minor,
                         Millis at = 1000) {
    NewModelVersion r;
    r.model = model;
    r.version = {major, minor};
    r.artifact_uri = "hdfs:///m/" + model.artifact;
    r.at = at;
    return store.registry().register_version(r).value();
}

RowId add_report(Store& store, const char* model, const char* version, const char* period, Millis at,
                 std::vector<std::pair<std::string, double>> figures) {
    Report r;
    r.model = model;
    r.model_version = version;
    r.period_label = period;
    r.created_at = at;
    r.figures = std::move(figures);
    return store.reports().save(r).value();
}

double figure(const Report& report, const std::string& name) {
    for (const auto& [n, v] : report.figures) {
        if (n == name) {
            return v;
        }
    }
    return -1;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(registry_listing, StoreFixture)

BOOST_AUTO_TEST_CASE(model_summaries_count_versions_and_name_the_highest) {
    add_version(store(), churn_model, 1, 0);
    add_version(store(), churn_model, 2, 0);
    add_version(store(), churn_model, 1, 0);  // 1.0.2 registered last, but 2.0.1 is higher
    add_version(store(), fraud_model, 0, 3);
    const auto page = store().registry().list_model_summaries(10, 0);
    BOOST_TEST_REQUIRE(page->size() == 2U);
    BOOST_TEST((*page)[0].model.artifact == "churn");
    BOOST_TEST((*page)[0].versions == 3);
    BOOST_TEST(format_version_number((*page)[0].latest.major, (*page)[0].latest.minor,
                                     (*page)[0].latest.build) == "2.0.1");
    BOOST_TEST((*page)[1].model.artifact == "fraud");
    BOOST_TEST((*page)[1].versions == 1);
    BOOST_TEST(store().registry().count_models() == 2);
    BOOST_TEST(store().registry().count_versions(churn_model) == 3);

    const auto second = store().registry().list_model_summaries(1, 1);
    BOOST_TEST_REQUIRE(second->size() == 1U);
    BOOST_TEST((*second)[0].model.artifact == "fraud");
    BOOST_TEST(store().registry().list_model_summaries(1, 2)->empty());
    BOOST_TEST(!store().registry().list_model_summaries(0, 0));
    BOOST_TEST(!store().registry().list_model_summaries(10, -1));
}

BOOST_AUTO_TEST_CASE(every_alias_move_is_kept_with_its_old_holder_newest_first) {
    add_version(store(), churn_model, 1, 0);
    add_version(store(), churn_model, 1, 0);
    auto& registry = store().registry();
    registry.set_alias(churn_model, "champion", {churn_model, 1, 0, 1}, "alice", 5000).value();
    registry.set_alias(churn_model, "champion", {churn_model, 1, 0, 2}, "bob", 6000).value();
    registry.set_alias(churn_model, "challenger", {churn_model, 1, 0, 1}, "bob", 7000).value();
    // A refused move (unknown version) leaves no trace.
    BOOST_TEST(!registry.set_alias(churn_model, "champion", {churn_model, 9, 9, 9}, "eve", 8000));

    reopen();
    const auto history = store().registry().alias_history(churn_model).value();
    BOOST_TEST_REQUIRE(history.size() == 3U);
    BOOST_TEST(history[0].alias == "challenger");
    BOOST_TEST(!history[0].from_version.has_value());
    BOOST_TEST(history[1].alias == "champion");
    BOOST_TEST(history[1].from_version.value() == "1.0.1");
    BOOST_TEST(history[1].to_version == "1.0.2");
    BOOST_TEST(history[1].actor == "bob");
    BOOST_TEST(history[1].at == 6000);
    BOOST_TEST(history[2].actor == "alice");
    BOOST_TEST(store().registry().alias_history(churn_model, 1)->size() == 1U);
    BOOST_TEST(store().registry().alias_history(fraud_model)->empty());
    BOOST_TEST(!store().registry().alias_history({"bad name", "x"}));
}

BOOST_AUTO_TEST_CASE(migration_6_backfills_the_alias_history_from_the_audit_log) {
    // A version-5 database with two moves audited before the history table existed.
    steward::store::test::TempDb old;
    {
        Database db(old.path());
        Transaction tx(db);
        for (const Migration& migration : migrations()) {
            if (migration.version <= 5) {
                db.exec(migration.sql);
            }
        }
        db.exec("PRAGMA user_version = 5");
        tx.commit();
    }
    {
        Database db(old.path());
        db.exec(R"sql(
INSERT INTO audit_log (at, actor, action, object_type, object_id, details_json, prev_hash, hash) VALUES
 (10, 'alice', 'model.alias.set', 'model_alias', 'risk:churn@champion', '{"alias":"champion","from":null,"to":"1.0.1"}', '', 'h1'),
 (20, 'bob', 'model.alias.set', 'model_alias', 'risk:churn@champion', '{"alias":"champion","from":"1.0.1","to":"1.0.2"}', 'h1', 'h2'),
 (30, 'bob', 'alias.move', 'model', 'risk:churn@champion', '{}', 'h2', 'h3');
)sql");
        BOOST_TEST(migrate(db) == 5);
    }
    Store migrated(old.path());
    const auto history = migrated.registry().alias_history(churn_model).value();
    BOOST_TEST_REQUIRE(history.size() == 2U);
    BOOST_TEST(history[0].actor == "bob");
    BOOST_TEST(history[0].from_version.value() == "1.0.1");
    BOOST_TEST(history[0].to_version == "1.0.2");
    BOOST_TEST(history[0].alias == "champion");
    BOOST_TEST(history[1].actor == "alice");
    BOOST_TEST(!history[1].from_version.has_value());
    BOOST_TEST(history[1].at == 10);
}

BOOST_AUTO_TEST_CASE(report_lists_filter_page_newest_first_with_headline_figures) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    add_report(store(), "risk:churn", "1.0.1", "2026-08", 2000,
               {{"ks", 0.3}, {"gini", 0.5}, {"log_loss", 1}});
    add_report(store(), "risk:churn", "1.0.2", "2026-09", 3000, {{"ks", 0.35}, {"auc", nan}});
    add_report(store(), "risk:churn", "1.0.2", "2026-10", 4000, {{"score_psi", 0.02}});
    const RowId other = add_report(store(), "risk:fraud", "1.0.2", "2026-10", 5000, {});

    auto& reports = store().reports();
    const auto all = reports.list({}).value();
    BOOST_TEST_REQUIRE(all.size() == 4U);
    BOOST_TEST(all[0].id == other);
    BOOST_TEST(reports.count({}) == 4);

    ReportFilter churn;
    churn.model = "risk:churn";
    const auto listed = reports.list(churn).value();
    BOOST_TEST_REQUIRE(listed.size() == 3U);
    BOOST_TEST(listed[0].period_label == "2026-10");
    BOOST_TEST(figure(listed[0], "score_psi") == 0.02);
    BOOST_TEST(std::isnan(figure(listed[1], "auc")));
    BOOST_TEST(listed[2].figures.size() == 2U);  // ks and gini; log_loss is not a headline figure
    BOOST_TEST(listed[2].report_json.empty());

    churn.model_version = "1.0.2";
    BOOST_TEST(reports.count(churn) == 2);
    churn.period_label = "2026-09";
    BOOST_TEST(reports.list(churn)->size() == 1U);
    ReportFilter by_period;
    by_period.period_label = "2026-10";
    by_period.limit = 1;
    by_period.offset = 1;
    const auto paged = reports.list(by_period).value();
    BOOST_TEST_REQUIRE(paged.size() == 1U);
    BOOST_TEST(*paged[0].model == "risk:churn");
    BOOST_TEST(reports.count(by_period) == 2);
    by_period.limit = 0;
    BOOST_TEST(!reports.list(by_period));

    BOOST_TEST(reports.latest_for_model("risk:churn")->period_label == "2026-10");
    BOOST_TEST(!reports.latest_for_model("risk:none").has_value());
}

BOOST_AUTO_TEST_CASE(report_lists_walk_an_index_newest_first_without_sorting) {
    add_report(store(), "risk:churn", "1.0.1", "2026-08", 2000, {});
    Database db(tmp.path());
    const auto plan_of = [](auto& statement) {
        std::string details;
        while (statement->step()) {
            details += statement->text(3) + "\n";
        }
        return details;
    };
    auto any = db.statement(
        "EXPLAIN QUERY PLAN SELECT id FROM reports WHERE (?1 IS NULL OR model = ?1) AND (?2 IS NULL OR "
        "model_version = ?2) AND (?3 IS NULL OR period_label = ?3) ORDER BY created_at DESC, id DESC LIMIT "
        "?4 "
        "OFFSET ?5");
    const std::string unfiltered = plan_of(any);
    BOOST_TEST(unfiltered.find("USING INDEX reports_by_created") != std::string::npos, unfiltered);
    BOOST_TEST(unfiltered.find("TEMP B-TREE") == std::string::npos, unfiltered);
    auto of_model = db.statement(
        "EXPLAIN QUERY PLAN SELECT id FROM reports WHERE model = ?1 AND (?2 IS NULL OR model_version = ?2) "
        "AND "
        "(?3 IS NULL OR period_label = ?3) ORDER BY created_at DESC, id DESC LIMIT ?4 OFFSET ?5");
    const std::string by_model = plan_of(of_model);
    BOOST_TEST(by_model.find("USING INDEX reports_by_model") != std::string::npos, by_model);
    BOOST_TEST(by_model.find("TEMP B-TREE") == std::string::npos, by_model);
}

BOOST_AUTO_TEST_SUITE_END()
