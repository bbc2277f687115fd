// Cron triggers (durable last fire, one catch-up fire after downtime) and report steps.

#include "tests/engine/harness.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;

namespace {

const char* kCronWorkflow = R"(name: every-five
params:
  source: {type: string, required: true}
triggers:
  - cron: "*/5 * * * *"
    tz: UTC
    params: {source: "cron"}
steps:
  - {id: tell, type: notify, channel: ops, message: "from ${params.source}"}
)";

std::size_t cron_runs(EngineHarness& h) {
    store::RunFilter filter;
    filter.workflow_name = "every-five";
    filter.limit = 1000;
    const auto runs = h.store().runs().list_runs(filter).value();
    return static_cast<std::size_t>(
        std::count_if(runs.begin(), runs.end(), [](const store::Run& r) { return r.trigger == "cron"; }));
}

void boot_with_cron(EngineHarness& h) {
    h.boot(false);
    BOOST_REQUIRE(h.engine().add_workflow(kCronWorkflow, "cron.yaml").has_value());
    h.engine().start();
    h.settle();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cron_triggers)

BOOST_AUTO_TEST_CASE(runs_start_at_fire_times_and_a_restart_neither_doubles_nor_forgets) {
    EngineHarness h;
    boot_with_cron(h);  // 06:00:00 exactly: the next fire is 06:05
    h.advance(4min);
    BOOST_TEST(cron_runs(h) == 0U);
    h.advance(1min);
    BOOST_REQUIRE(h.run_until([&] { return cron_runs(h) == 1U; }));
    h.advance(5min);  // 06:10
    BOOST_REQUIRE(h.run_until([&] { return cron_runs(h) == 2U; }));
    BOOST_REQUIRE(h.run_until([&] { return h.record().sent.size() == 2U; }));
    BOOST_TEST(h.record().sent.back().message.message == "from cron");
    h.crash();

    h.advance(2min);  // 06:12, down: nothing missed yet
    boot_with_cron(h);
    BOOST_TEST(cron_runs(h) == 2U);
    h.crash();

    h.advance(10min);  // 06:22, down: 06:15 and 06:20 were missed
    boot_with_cron(h);
    BOOST_REQUIRE(h.run_until([&] { return cron_runs(h) == 3U; }));  // one catch-up fire
    h.advance(2min);                                                 // 06:24
    BOOST_TEST(cron_runs(h) == 3U);
    h.advance(1min);  // 06:25
    BOOST_REQUIRE(h.run_until([&] { return cron_runs(h) == 4U; }));
    BOOST_TEST(h.store().audit().list_for_object("cron_trigger", "every-five#0 */5 * * * * UTC").size() ==
               4U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(report_step)

BOOST_AUTO_TEST_CASE(a_report_is_computed_stored_and_gates_on_its_figures) {
    EngineHarness h;
    h.boot();
    const auto scored = h.dir() / "scored.csv";
    const auto reference = h.dir() / "reference.csv";
    {
        std::ofstream out(scored);
        out << "churned,p_churn,age\n";
        for (int i = 0; i < 20; ++i) {
            // Scores separate the classes perfectly: AUC 1, Gini 1, KS 1.
            out << (i < 10 ? 0 : 1) << "," << (i < 10 ? 0.05 + i * 0.01 : 0.6 + i * 0.01) << "," << 20 + i
                << "\n";
        }
        std::ofstream ref(reference);
        ref << "churned,p_churn,age\n";
        for (int i = 0; i < 20; ++i) {
            ref << (i % 2) << "," << 0.5 << "," << 20 + i << "\n";
        }
    }
    const RowId run =
        h.start(R"(name: monitor
params:
  scored: {type: string}
  reference: {type: string}
steps:
  - id: perf
    type: report
    scored: "file://${params.scored}"
    reference: "${params.reference}"
    label: churned
    score: p_churn
    features: [age]
  - id: check
    type: gate
    cases:
      - {if: steps.perf.metrics.auc >= 0.99 and steps.perf.drift.age.psi < 0.1, goto: end}
    default: bad
  - {id: bad, type: fail, message: "auc ${steps.perf.metrics.auc} psi ${steps.perf.drift.age.psi}"}
)",
                {{"scored", core::Value{scored.string()}}, {"reference", core::Value{reference.string()}}});
    BOOST_TEST((h.finish(run) == store::RunState::succeeded), h.run(run).error.value_or(""));
    const auto outputs = h.outputs(run, "perf");
    BOOST_TEST(outputs.at("metrics").at("auc").to_number<double>() == 1.0);
    BOOST_TEST(outputs.at("metrics").at("ks").to_number<double>() == 1.0);
    const auto reports = h.store().reports().list_for_run(run);
    BOOST_REQUIRE_EQUAL(reports.size(), 1U);
    const auto stored = h.store().reports().get(reports[0].id).value();
    BOOST_TEST(stored.step_id.value_or("") == "perf");
    BOOST_TEST(stored.period_label == "2024-05-01");
    BOOST_TEST(outputs.at("report_id").as_int64() == stored.id);
    const auto auc = std::find_if(stored.figures.begin(), stored.figures.end(),
                                  [](const auto& f) { return f.first == "auc"; });
    BOOST_REQUIRE(auc != stored.figures.end());
    BOOST_TEST(auc->second == 1.0);
    BOOST_TEST(std::any_of(stored.figures.begin(), stored.figures.end(),
                           [](const auto& f) { return f.first == "psi.age"; }));
}

BOOST_AUTO_TEST_CASE(a_report_is_filed_under_its_model_version_and_period) {
    EngineHarness h;
    h.boot();
    const auto scored = h.dir() / "versioned.csv";
    {
        std::ofstream out(scored);
        out << "y,p,model_version\n";
        for (int i = 0; i < 20; ++i) {
            out << (i % 2) << "," << 0.1 + i * 0.04 << "," << (i < 3 ? "" : "1.4.2") << "\n";
        }
    }
    const RowId run = h.start(R"(name: filed
params:
  scored: {type: string}
  month: {type: string, default: "2026-10"}
steps:
  - {id: explicit, type: report, scored: "${params.scored}", label: y, score: p, model: "risk:churn",
     model_version: "2.0.${run.id}", period: "m-${params.month}"}
  - {id: from_data, type: report, scored: "${params.scored}", label: y, score: p, model: "risk:churn",
     model_version_column: model_version}
  - {id: bare, type: report, scored: "${params.scored}", label: y, score: p}
)",
                              {{"scored", core::Value{scored.string()}}});
    BOOST_TEST((h.finish(run) == store::RunState::succeeded), h.run(run).error.value_or(""));
    const auto reports = h.store().reports().list_for_run(run);
    BOOST_REQUIRE_EQUAL(reports.size(), 3U);
    BOOST_TEST(reports[0].model.value_or("") == "risk:churn");
    BOOST_TEST(reports[0].model_version.value_or("") == "2.0." + std::to_string(run));
    BOOST_TEST(reports[0].period_label == "m-2026-10");
    BOOST_TEST(h.outputs(run, "explicit").at("period").as_string() == "m-2026-10");
    BOOST_TEST(reports[1].model_version.value_or("") == "1.4.2");  // the one version in the data
    BOOST_TEST(reports[1].period_label == "2024-05-01");           // the UTC date the step started
    BOOST_TEST(!reports[2].model.has_value());
    BOOST_TEST(reports[2].model_version.value_or("") == "1.4.2");  // the default column, model_version
    const auto trend = h.store().reports().trend("risk:churn", "auc", 10).value();
    BOOST_TEST(trend.size() == 2U);

    const RowId bad = h.start(R"(name: bad-model
params:
  m: {type: string, default: "nocolon"}
steps:
  - {id: perf, type: report, scored: "/x.csv", label: y, score: p, model: "${params.m}"}
)");
    BOOST_TEST((h.finish(bad) == store::RunState::failed));
    const auto error = h.step(bad, "perf").error.value_or("");
    BOOST_TEST(error.find("'model' must be group:artifact") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(livy_sources_and_bad_inputs_fail_clearly) {
    EngineHarness h;
    h.boot();
    const RowId remote = h.start(R"(name: remote
steps:
  - {id: perf, type: report, scored: "hdfs:///data/scored", label: y, score: p}
)");
    BOOST_TEST((h.finish(remote) == store::RunState::failed));
    const auto error = h.step(remote, "perf").error.value_or("");
    // Read through Livy (the fake answers text, not the page JSON a pyspark load returns).
    BOOST_TEST(error ==
                   "step 'perf': loading 'hdfs:///data/scored' returned no application/json output (is the "
                   "session pyspark?)",
               error);

    const RowId forced_local = h.start(R"(name: forced-local
steps:
  - {id: perf, type: report, scored: "hdfs:///data/scored", label: y, score: p, source: local}
)");
    BOOST_TEST((h.finish(forced_local) == store::RunState::failed));
    const auto local_error = h.step(forced_local, "perf").error.value_or("");
    BOOST_TEST(local_error.find("hdfs:///data/scored") != std::string::npos, local_error);
    BOOST_TEST(h.livy().count("POST", "/sessions") == 1U, "mode local never opens a session");

    const RowId missing = h.start(R"(name: missing-file
steps:
  - {id: perf, type: report, scored: "/nonexistent/scored.csv", label: y, score: p}
)");
    BOOST_TEST((h.finish(missing) == store::RunState::failed));
    BOOST_TEST(h.step(missing, "perf").error.value_or("").find("/nonexistent/scored.csv") !=
               std::string::npos);
    BOOST_TEST(h.store().reports().list_for_run(missing).empty());
}

BOOST_AUTO_TEST_SUITE_END()
