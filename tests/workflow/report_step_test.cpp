// Report steps: model/version/period and `source:` are read, validated with LINE:COL messages,
// and written back by the writer unchanged.
#include "loader_support.hpp"

#include "orchestrator/workflow/loader.hpp"
#include "orchestrator/workflow/writer.hpp"

#include <boost/test/unit_test.hpp>

namespace core = steward::core;
namespace wf = steward::workflow;
using steward::test::problem;
using steward::test::with_steps;

namespace {

std::string report(std::string_view extra) {
    return with_steps("  - id: s\n    type: report\n    scored: hdfs:///s\n    label: y\n    score: p\n" +
                      std::string(extra));
}

core::ReportStep loaded(std::string_view extra) {
    auto result = wf::load_workflow(report(extra), "w.yaml", {});
    BOOST_REQUIRE_MESSAGE(result.spec, "expected a valid workflow");
    return std::get<core::ReportStep>(result.spec->steps.at(0).body);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_step)

BOOST_AUTO_TEST_CASE(model_version_and_period_are_read) {
    const auto step = loaded(
        "    model: risk:churn\n    model_version: \"1.${run.id}\"\n    period: 2026-10\n"
        "    source: livy\n");
    BOOST_TEST(step.model == "risk:churn");
    BOOST_TEST(step.model_version == "1.${run.id}");
    BOOST_TEST(step.period == "2026-10");
    BOOST_TEST(core::to_string(step.source.mode) == "paged");
    BOOST_TEST(step.source.page_size == 100000);
    const auto plain = loaded("");
    BOOST_TEST(plain.model.empty());
    BOOST_TEST(core::to_string(plain.source.mode) == "auto");
}

BOOST_AUTO_TEST_CASE(source_mapping_is_read) {
    const auto step = loaded(
        "    source: {mode: paged, page_size: 500, format: orc, session: shared, statement_timeout: 2h,"
        " conf: {spark.x: \"1\"}}\n");
    BOOST_TEST(core::to_string(step.source.mode) == "paged");
    BOOST_TEST(step.source.page_size == 500);
    BOOST_TEST(step.source.format == "orc");
    BOOST_TEST(step.source.session == "shared");
    BOOST_TEST(std::get<core::Duration>(*step.source.statement_timeout).count() == 2 * 3600 * 1000);
    BOOST_TEST(step.source.livy.conf.at("spark.x") == "1");
    BOOST_TEST(core::to_string(loaded("    source: {mode: aggregate}\n").source.mode) == "aggregate");
}

BOOST_AUTO_TEST_CASE(categorical_marks_some_features) {
    const auto step =
        loaded("    reference: hdfs:///r\n    features: [age, region]\n    categorical: [region]\n");
    BOOST_TEST(step.features == (std::vector<std::string>{"age", "region"}));
    BOOST_TEST(step.categorical == (std::vector<std::string>{"region"}));
    // A gate may read the drift of a categorical feature, listed in `features` or not.
    const std::string gate =
        "  - id: g\n    type: gate\n    cases:\n      - if: steps.s.drift.plan.psi < 0.1\n"
        "        goto: end\n    default: end\n";
    BOOST_TEST(steward::test::problems(report("    reference: hdfs:///r\n    features: [age]\n"
                                              "    categorical: [plan]\n") +
                                       gate)
                   .empty());
    BOOST_TEST(problem(report("    categorical: [region]\n")) ==
               "8:18: 'categorical' in report step 's' needs 'reference' (the baseline rows to measure drift "
               "against)");
    BOOST_TEST(
        problem(report("    reference: hdfs:///r\n    categorical: [region]\n    source: aggregate\n")) ==
        "9:18: 'categorical' in report step 's' needs the rows (source mode paged or local); aggregate "
        "mode bins numbers only");
}

BOOST_AUTO_TEST_CASE(bad_fields_are_named_with_their_position) {
    BOOST_TEST(
        problem(report("    model: churn\n")) ==
        "8:12: 'model' in report step 's' must be group:artifact (letters, digits, _ . -), got 'churn'");
    BOOST_TEST(
        problem(report("    model: a:b\n    model_version: \"1 2\"\n")) ==
        "9:20: 'model_version' in report step 's' must be a version (letters, digits, _ . + -, e.g. 1.2.3), "
        "got '1 2'");
    BOOST_TEST(
        problem(report("    model_version: \"1.2\"\n")) ==
        "8:20: 'model_version' in report step 's' needs 'model' (the group:artifact the version belongs to)");
    BOOST_TEST(problem(report("    period: \"\"\n")) ==
               "8:13: 'period' in report step 's' is empty; omit it for the UTC date the step started");
    BOOST_TEST(problem(report("    source: spark\n")) ==
               "8:13: 'source' in report step 's' must be livy, local, paged, aggregate, auto or a mapping "
               "{mode: ...}, got 'spark'");
    BOOST_TEST(problem(report("    source: {mode: paged, page_size: 0}\n")) ==
               "8:38: 'page_size' in source of report step 's' must be between 1 and 10000000, got 0");
    BOOST_TEST(
        problem(report("    source: {mode: paged, format: avro}\n")) ==
        "8:35: 'format' in source of report step 's' must be one of parquet, csv, json, orc, got 'avro'");
    BOOST_TEST(
        problem(report("    source: {mode: aggregate, page_size: 10}\n")) ==
        "8:42: 'page_size' in source of report step 's' is for mode paged; aggregate mode moves counts, not "
        "rows");
    BOOST_TEST(problem(report("    source: {mode: local, session: x}\n")) ==
               "8:36: 'session' in source of report step 's' is for the Livy modes (paged, aggregate); mode "
               "is local");
    BOOST_TEST(problem(report("    source: {mode: paged, pages: 3}\n")) ==
               "8:27: unknown field 'pages' in source of report step 's'");
}

BOOST_AUTO_TEST_CASE(writer_round_trips_the_new_fields) {
    auto first = wf::load_workflow(
        report("    model: a:b\n    model_version: \"2.1\"\n    period: q3\n"
               "    source: {mode: paged, page_size: 7, format: csv, session: k, statement_timeout: 90s}\n"
               "    reference: r.csv\n    features: [a, b]\n    categorical: [b]\n"),
        "w.yaml", {});
    BOOST_REQUIRE(first.spec);
    auto second = wf::load_workflow(wf::to_yaml(*first.spec), "w.yaml", {});
    BOOST_REQUIRE(second.spec);
    BOOST_TEST((second.spec->steps.at(0).body == first.spec->steps.at(0).body));
}

BOOST_AUTO_TEST_SUITE_END()
