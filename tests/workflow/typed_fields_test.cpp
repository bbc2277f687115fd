// Duration fields that interpolate a param, and report figures, checked before a run: what a
// `${...}` duration references must be able to give a duration, a gate on a figure the report
// does not compute is refused with a suggestion, and a figure is never compared with a string.
#include "loader_support.hpp"

#include "orchestrator/workflow/loader.hpp"
#include "orchestrator/workflow/writer.hpp"

#include <boost/test/unit_test.hpp>

namespace core = steward::core;
namespace wf = steward::workflow;
using steward::test::problem;
using steward::test::problems;

namespace {

const std::string kParams =
    "name: w\nparams:\n  period: {type: duration, default: 1h}\n  text: {type: string, default: 5m}\n"
    "  n: {type: integer, default: 3}\n  x: {type: number, default: 0.5}\n  flag: {type: boolean, default: "
    "true}\n"
    "  speed: {type: enum, values: [fast, slow], default: fast}\n  pace: {type: enum, values: [1h, 2h], "
    "default: 1h}\n"
    "steps:\n";

std::string wait_for(std::string_view duration) {
    return kParams + "  - id: w\n    type: wait\n    duration: \"" + std::string(duration) + "\"\n";
}

// A binary report `evaluate` with drift for tenure and charges, then a gate on `condition`.
std::string gate_on(std::string_view condition, std::string_view task = "binary") {
    const std::string column = task == "binary" ? "score" : "prediction";
    return "name: w\nsteps:\n"
           "  - {id: evaluate, type: report, scored: s.csv, reference: r.csv, label: y, " +
           column +
           ": p,\n"
           "     task: " +
           std::string(task) +
           ", features: [tenure, charges]}\n"
           "  - id: check\n    type: gate\n    cases:\n      - if: " +
           std::string(condition) + "\n        goto: end\n";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(typed_fields)

BOOST_AUTO_TEST_CASE(a_duration_param_can_be_a_wait_duration) {
    BOOST_TEST(problems(wait_for("${params.period}")).empty());
    const auto result = wf::load_workflow(wait_for("${params.period}"), "w.yaml", {});
    BOOST_REQUIRE(result.spec);
    const auto& wait = std::get<core::WaitStep>(result.spec->steps.at(0).body);
    BOOST_REQUIRE(wait.duration.has_value());
    BOOST_TEST((*wait.duration == core::DurationField(core::InterpolatedDuration{"${params.period}"})));
    // A literal stays a plain value.
    const auto literal = wf::load_workflow(wait_for("90s"), "w.yaml", {});
    BOOST_REQUIRE(literal.spec);
    BOOST_TEST((std::get<core::WaitStep>(literal.spec->steps.at(0).body).duration ==
                core::DurationField(core::Duration(90'000))));
}

BOOST_AUTO_TEST_CASE(strings_outputs_and_text_around_a_number_are_checked_at_run_time) {
    BOOST_TEST(problems(wait_for("${params.text}")).empty());
    BOOST_TEST(problems(wait_for("${params.pace}")).empty());
    BOOST_TEST(problems(wait_for("${params.n}m")).empty());
    BOOST_TEST(problems(wait_for("${params.x}s")).empty());
    BOOST_TEST(problems(wait_for("${'90s'}")).empty());
    BOOST_TEST(problems(kParams + "  - {id: j, type: shell, command: [x]}\n"
                                  "  - {id: w, type: wait, duration: \"${steps.j.outputs.pause}\"}\n")
                   .empty());
}

BOOST_AUTO_TEST_CASE(a_reference_that_cannot_be_a_duration_is_refused_naming_the_field) {
    BOOST_TEST(
        problem(wait_for("${params.n}")) ==
        "13:18: 'duration' in wait step 'w': param 'n' is an integer param, not a duration (declare it "
        "{type: duration}, or write '${params.n}s')");
    BOOST_TEST(problem(wait_for("${params.x}")) ==
               "13:18: 'duration' in wait step 'w': param 'x' is a number param, not a duration (declare it "
               "{type: duration})");
    BOOST_TEST(
        problem(wait_for("${params.flag}")) ==
        "13:18: 'duration' in wait step 'w': param 'flag' is a boolean param, not a duration (declare it "
        "{type: duration})");
    BOOST_TEST(
        problem(wait_for("${params.flag}s")) ==
        "13:18: 'duration' in wait step 'w': param 'flag' is a boolean param, which cannot make a duration");
    BOOST_TEST(
        problem(wait_for("${params.speed}")) ==
        "13:18: 'duration' in wait step 'w': enum param 'speed' has a value that is not a duration: 'fast'");
    BOOST_TEST(problem(wait_for("${params.perod}")) ==
               "13:18: 'duration' in wait step 'w': unknown param 'perod' (did you mean 'period'?)");
    BOOST_TEST(problem(wait_for("${params.n > 2}")) ==
               "13:27: 'duration' in wait step 'w': a condition gives true or false, not a duration");
    BOOST_TEST(
        problem(wait_for("${run.id}")) ==
        "13:18: 'duration' in wait step 'w': 'run.id' is a number, not a duration (a duration field takes "
        "a duration or string param, or a job's output)");
    BOOST_TEST(problem(wait_for("${'soon'}")) ==
               "13:18: 'duration' in wait step 'w': the string \"soon\" is not a duration");
    // Other fields name themselves the same way.
    BOOST_TEST(
        problem(kParams +
                "  - {id: a, type: notify, channel: ops, message: hi, timeout: \"${params.n}\"}\n") ==
        "11:66: 'timeout' in notify step 'a': param 'n' is an integer param, not a duration (declare it "
        "{type: duration}, or write '${params.n}s')");
}

BOOST_AUTO_TEST_CASE(every_duration_field_takes_an_interpolation_and_round_trips) {
    const std::string yaml =
        kParams +
        "  - id: t\n    type: user_task\n    title: ok?\n    assignees: {roles: [r]}\n"
        "    outcomes: [yes, no]\n    timeout: \"${params.period}\"\n"
        "    remind: {every: \"${params.text}\", channel: mail}\n"
        "    escalate: {after: \"${params.n}m\", roles: [boss]}\n"
        "    on_timeout: {escalate: {roles: [boss]}, timeout: \"${params.pace}\"}\n"
        "  - id: r\n    type: report\n    scored: hdfs:///s\n    label: y\n    score: p\n"
        "    timeout: \"${params.period}\"\n"
        "    retry: {max: 2, delay: \"${params.n}s\", max_delay: \"${params.period}\"}\n"
        "    source: {mode: paged, statement_timeout: \"${params.text}\"}\n"
        "defaults:\n  timeout: \"${params.period}\"\n"
        "  retry: {delay: \"${params.text}\", max_delay: \"${params.period}\"}\n";
    BOOST_TEST(problems(yaml).empty());
    const auto result = wf::load_workflow(yaml, "w.yaml", {});
    BOOST_REQUIRE(result.spec);
    const auto& task = std::get<core::UserTaskStep>(result.spec->steps.at(0).body);
    BOOST_TEST(core::duration_text(task.remind->every) == "${params.text}");
    BOOST_TEST(core::duration_text(task.escalate->after) == "${params.n}m");
    BOOST_TEST(core::duration_text(*task.on_timeout->extra_time) == "${params.pace}");
    BOOST_TEST(core::duration_text(result.spec->steps.at(1).retry->delay) == "${params.n}s");
    BOOST_TEST(core::duration_text(*result.spec->defaults.timeout) == "${params.period}");
    const auto again = wf::load_workflow(wf::to_yaml(*result.spec), "again.yaml", {});
    BOOST_REQUIRE(again.spec);
    BOOST_TEST((*again.spec == *result.spec));
    // Literal durations are still checked as before.
    BOOST_TEST(
        problem(wait_for("30")) ==
        "13:15: 'duration' in wait step 'w': invalid duration '30' (expected an integer followed by ms, s, "
        "m, h or d, e.g. 90s)");
}

BOOST_AUTO_TEST_CASE(a_misspelled_metric_is_refused_with_a_suggestion) {
    BOOST_TEST(problems(gate_on("steps.evaluate.metrics.ks >= 0.3")).empty());
    BOOST_TEST(
        problem(gate_on("steps.evaluate.metrics.kss >= 0.3")) ==
        "8:13: report step 'evaluate' has no metric 'kss' (did you mean 'ks'?) (metrics: auc, gini, ks, "
        "ks_score, log_loss, brier, rase, average_precision, accuracy, precision, recall, f1, specificity, "
        "misclassification)");
    const std::string ks = problem(gate_on("steps.evaluate.metrics.KS >= 0.3"));
    BOOST_TEST(ks.find("8:13: report step 'evaluate' has no metric 'KS' (did you mean 'ks'?)") == 0, ks);
}

BOOST_AUTO_TEST_CASE(a_metric_of_the_other_task_is_refused) {
    const std::string rmse = problem(gate_on("steps.evaluate.metrics.rmse < 2"));
    BOOST_TEST(
        rmse.find("8:13: report step 'evaluate' is binary and has no metric 'rmse' (a regression metric; "
                  "its metrics: auc, gini, ks,") == 0,
        rmse);
    BOOST_TEST(problems(gate_on("steps.evaluate.metrics.rmse < 2", "regression")).empty());
    const std::string auc = problem(gate_on("steps.evaluate.metrics.auc > 0.7", "regression"));
    BOOST_TEST(auc ==
               "8:13: report step 'evaluate' is regression and has no metric 'auc' (a binary metric; its "
               "metrics: rmse, mae, r2, mape, mape_skipped_zero_targets, bias)");
}

BOOST_AUTO_TEST_CASE(a_figure_is_not_compared_with_a_string) {
    BOOST_TEST(problem(gate_on("steps.evaluate.metrics.ks >= \"0.3\"")) ==
               "8:42: 'steps.evaluate.metrics.ks' is a number and cannot be compared with the string \"0.3\" "
               "(write 0.3 without quotes)");
    BOOST_TEST(problem(gate_on("\"'high' == steps.evaluate.drift.tenure.psi\"")) ==
               "8:14: 'steps.evaluate.drift.tenure.psi' is a number and cannot be compared with the string "
               "\"high\"");
    BOOST_TEST(problems(gate_on("steps.evaluate.metrics.ks != null")).empty());
    BOOST_TEST(
        problems(gate_on("steps.evaluate.characteristic.p25 > 0 or steps.evaluate.stability.score_psi < 0.1"))
            .empty());
}

BOOST_AUTO_TEST_CASE(a_misspelled_drift_feature_gets_a_suggestion) {
    BOOST_TEST(problem(gate_on("steps.evaluate.drift.tenur.psi < 0.25")) ==
               "8:13: report step 'evaluate' does not compute drift for 'tenur' (did you mean 'tenure'?) "
               "(features: tenure, charges)");
}

BOOST_AUTO_TEST_SUITE_END()
