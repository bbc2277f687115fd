#include "orchestrator/core/params.hpp"
#include "orchestrator/core/references.hpp"
#include "orchestrator/core/step_graph.hpp"
#include "orchestrator/core/workflow_spec.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace steward::core;
using namespace std::chrono_literals;

namespace {

Step make_step(std::string id, StepBody body) {
    Step step;
    step.id = std::move(id);
    step.body = std::move(body);
    return step;
}

// params: ks_min (number); steps: train, report (drift on age), review (retrain|keep), reg.
WorkflowSpec sample_spec() {
    WorkflowSpec spec;
    spec.name = "sample";
    ParamSpec ks_min;
    ks_min.name = "ks_min";
    ks_min.type = ParamType::Number;
    ks_min.default_value = 0.3;
    spec.params.push_back(ks_min);
    spec.steps.push_back(make_step("train", LivyBatchStep{"jobs/train.py", {}, {}, {}}));
    ReportStep report;
    report.features = {"age"};
    spec.steps.push_back(make_step("report", report));
    UserTaskStep review;
    review.outcomes = {"retrain", "keep"};
    spec.steps.push_back(make_step("review", review));
    spec.steps.push_back(make_step("reg", RegisterModelStep{}));
    return spec;
}

std::string first_error(const char* text, const WorkflowSpec& spec = sample_spec()) {
    const auto errors = check_references(Expression::parse(text).value(), spec);
    return errors.empty() ? std::string("(none)") : errors.front().message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(model)

BOOST_AUTO_TEST_CASE(known_references_pass) {
    for (const char* ok : {"params.ks_min > 0", "steps.train.state == 'succeeded'",
                           "steps.train.outputs.auc > 0", "steps.report.metrics.ks > 0",
                           "steps.report.drift.age.psi < 0.1", "steps.report.characteristic.p1 < 3",
                           "steps.report.characteristic.p25 == 0", "steps.report.stability.score_psi < 0.1",
                           "steps.review.outcome == 'keep'", "steps.reg.outputs.version != null",
                           "run.id != null", "run.started_at != null", "workflow.name == 'x'"}) {
        BOOST_TEST_INFO(ok);
        BOOST_TEST(first_error(ok) == "(none)");
    }
}

BOOST_AUTO_TEST_CASE(unknown_references_are_named) {
    BOOST_TEST(first_error("params.ks_mn > 0") == "unknown param 'ks_mn' (did you mean 'ks_min'?)");
    BOOST_TEST(first_error("steps.reprot.metrics.ks > 0") ==
               "unknown step 'reprot' in 'steps.reprot.metrics.ks' (did you mean 'report'?)");
    BOOST_TEST(first_error("steps.train.outcome == 'x'") ==
               "step 'train' is a livy_batch step; only user_task steps have an outcome");
    BOOST_TEST(first_error("steps.train.metrics.ks > 0") ==
               "step 'train' is a livy_batch step; only report steps have metrics");
    BOOST_TEST(first_error("steps.report.drift.income.psi > 0") ==
               "report step 'report' does not compute drift for 'income' (features: age)");
    BOOST_TEST(first_error("steps.report.drift.age > 0") ==
               "'steps.report.drift.age' has the wrong shape (expected steps.ID.drift.FEATURE.psi)");
    BOOST_TEST(
        first_error("steps.report.characteristic.p5 > 0") ==
        "'steps.report.characteristic.p5' has the wrong shape (expected steps.ID.characteristic.p1 or .p25)");
    BOOST_TEST(
        first_error("steps.train.output.x > 0") ==
        "unknown field 'output' in 'steps.train.output.x' (did you mean 'outputs'?) (known: outputs, state, "
        "outcome, metrics, drift, characteristic, stability)");
    BOOST_TEST(first_error("steps.reg.outputs.id > 0") ==
               "register_model step 'reg' has no output 'id' (outputs: version, build, model)");
    BOOST_TEST(first_error("run.name == 'x'") ==
               "unknown name 'run.name' (run has: run.id, run.uid, run.started_at)");
    BOOST_TEST(first_error("foo == 1") ==
               "unknown name 'foo' (names start with params., steps., run. or workflow.)");
    BOOST_TEST(first_error("params.ks_min.x > 1") ==
               "'params.ks_min.x' has the wrong shape (expected params.NAME)");
}

BOOST_AUTO_TEST_CASE(outcome_comparisons_are_checked_against_the_outcomes) {
    const auto errors =
        check_references(Expression::parse("steps.review.outcome == 'retrian'").value(), sample_spec());
    BOOST_TEST_REQUIRE(errors.size() == 1u);
    BOOST_TEST(errors[0].message ==
               "'retrian' is not an outcome of user task 'review' (did you mean 'retrain'?) (outcomes: "
               "retrain, keep)");
    BOOST_TEST(errors[0].offset == 24u);
}

BOOST_AUTO_TEST_CASE(params_resolve_with_defaults_types_and_required) {
    ParamSpec data{"train_data", ParamType::String, true, std::nullopt, {}, {}, {}};
    ParamSpec ks{"ks_min", ParamType::Number, false, 0.3, {}, {}, {}};
    ParamSpec n{"n", ParamType::Integer, false, std::nullopt, {}, {}, {}};
    ParamSpec period{"period", ParamType::DurationText, false, std::string("30d"), {}, {}, {}};
    ParamSpec mode{"mode", ParamType::Enum, false, std::string("full"), {"full", "quick"}, {}, {}};
    const std::vector<ParamSpec> declared{data, ks, n, period, mode};

    const auto ok = resolve_params(declared, {{"train_data", std::string("hdfs:///x")}, {"n", 3.0}});
    BOOST_TEST(ok.errors.empty());
    BOOST_TEST((ok.values.at("ks_min") == Value(0.3)));
    BOOST_TEST((ok.values.at("period") == Value(std::string("30d"))));
    BOOST_TEST((ok.values.at("n") == Value(3.0)));

    const auto bad = resolve_params(
        declared, {{"n", 2.5}, {"mode", std::string("fast")}, {"x", 1.0}, {"period", std::string("30")}});
    const std::vector<std::string> expected{
        "param 'mode' must be one of full, quick, got \"fast\"",
        "param 'n' must be an integer, got 2.5",
        "param 'period': invalid duration '30' (expected an integer followed by ms, s, m, h or d, e.g. 90s)",
        "unknown param 'x' (declared params: train_data, ks_min, n, period, mode)",
        "missing required param 'train_data'",
    };
    BOOST_TEST(bad.errors == expected, boost::test_tools::per_element());
    // Each error names its param, for the API's per-field details.
    const std::vector<std::string> fields{"mode", "n", "period", "x", "train_data"};
    BOOST_TEST(bad.error_params == fields, boost::test_tools::per_element());

    const auto wrong_type = resolve_params(declared, {{"train_data", 5.0}});
    BOOST_TEST(wrong_type.errors.front() == "param 'train_data' must be a string, got number");
    const auto unset =
        resolve_params({ParamSpec{"opt", ParamType::String, false, std::nullopt, {}, {}, {}}}, {});
    BOOST_TEST((unset.values.at("opt") == Value()));
}

BOOST_AUTO_TEST_CASE(transitions_follow_next_outcomes_gates_and_skips) {
    WorkflowSpec spec = sample_spec();
    spec.steps[0].next.target = "review";                    // train -> review
    spec.steps[2].next.by_outcome = {{"retrain", "train"}};  // review: retrain -> train, keep -> (reg)
    GateStep gate;
    gate.cases.push_back(GateCase{Expression::parse("true").value(), "end", {}});
    gate.default_target = "train";
    spec.steps.push_back(make_step("gate", gate));

    BOOST_TEST(next_after(spec, 0).value() == 2u);
    BOOST_TEST(next_after(spec, 2, "retrain").value() == 0u);
    BOOST_TEST(next_after(spec, 2, "keep").value() == 3u);
    BOOST_TEST(next_after(spec, 1).value() == 2u);
    BOOST_TEST(!gate_target(spec, 4, 0).has_value());  // "end"
    BOOST_TEST(gate_target(spec, 4, std::nullopt).value() == 0u);
    BOOST_TEST(next_after_skip(spec, 0).value() == 2u);
    BOOST_TEST(next_after_skip(spec, 2).value() == 3u);
    BOOST_TEST(!fall_through(spec, 4).has_value());
    BOOST_TEST(!resolve_target(spec, "end").has_value());
}

BOOST_AUTO_TEST_CASE(loops_need_a_wait_or_user_task) {
    WorkflowSpec spec;
    spec.steps.push_back(make_step("a", NotifyStep{"ops", "hi"}));
    spec.steps.push_back(make_step("b", ShellStep{{"true"}, {}, {}}));
    spec.steps[1].next.target = "a";
    auto cycles = find_unguarded_cycles(spec);
    BOOST_TEST_REQUIRE(cycles.size() == 1u);
    BOOST_TEST((cycles[0].steps == std::vector<std::size_t>{0, 1}));
    BOOST_TEST(cycles[0].closing.from == 1u);
    BOOST_TEST((cycles[0].closing.kind == StepEdge::Kind::Next));

    // A wait in the loop makes it a schedule, not a spin.
    spec.steps.insert(spec.steps.begin() + 1,
                      make_step("pause", WaitStep{std::chrono::milliseconds(1h), {}, {}}));
    BOOST_TEST(find_unguarded_cycles(spec).empty());

    // A self-loop is a loop too.
    WorkflowSpec self;
    self.steps.push_back(make_step("again", NotifyStep{"ops", "hi"}));
    self.steps[0].next.target = "again";
    BOOST_TEST(find_unguarded_cycles(self).size() == 1u);
}

BOOST_AUTO_TEST_CASE(defaults_apply_to_steps_that_take_them) {
    WorkflowSpec spec = sample_spec();
    spec.defaults.timeout = Duration(2h);
    spec.defaults.retry = RetryPolicy{2, Duration(30s), 2, Duration(10min)};
    spec.defaults.livy.conf = {{"a", "1"}, {"b", "2"}};
    spec.defaults.livy.proxy_user = "etl";
    spec.defaults.livy.queue = "default";
    BOOST_TEST((effective_timeout(spec, spec.steps[0]).value() == DurationField(Duration(2h))));
    BOOST_TEST(!effective_timeout(spec, spec.steps[2]).has_value());  // user task: deadline not defaulted
    BOOST_TEST(effective_retry(spec, spec.steps[0]).max == 2);
    BOOST_TEST(effective_retry(spec, spec.steps[2]).max == 0);
    spec.steps[0].timeout = Duration(5min);
    BOOST_TEST((effective_timeout(spec, spec.steps[0]).value() == DurationField(Duration(5min))));

    LivyResources step;
    step.conf = {{"b", "3"}};
    step.queue = "gpu";
    const LivyResources merged = effective_livy(spec, step);
    BOOST_TEST(merged.conf.at("a") == "1");
    BOOST_TEST(merged.conf.at("b") == "3");
    BOOST_TEST(merged.queue == "gpu");
    BOOST_TEST(merged.proxy_user == "etl");
}

BOOST_AUTO_TEST_SUITE_END()
