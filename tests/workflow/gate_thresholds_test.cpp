// The figure thresholds read from a workflow's gate conditions (core/gate_thresholds.hpp): the
// churn demo's gate, comparisons written either way round or as the failing side, params from the
// run or their defaults, and the health of a report's figures against them.
#include "orchestrator/core/gate_thresholds.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>

using namespace steward::core;

namespace {

Step gate_step(std::string id, const std::vector<std::string>& conditions) {
    GateStep gate;
    for (const std::string& text : conditions) {
        auto parsed = Expression::parse(text);
        BOOST_TEST_REQUIRE(parsed.ok(), text);
        gate.cases.push_back(GateCase{std::move(parsed).value(), "end", {}});
    }
    gate.default_target = "end";
    Step step;
    step.id = std::move(id);
    step.body = std::move(gate);
    return step;
}

ParamSpec number_param(std::string name, std::optional<double> default_value) {
    ParamSpec param;
    param.name = std::move(name);
    param.type = ParamType::Number;
    if (default_value) {
        param.default_value = *default_value;
    }
    return param;
}

// workflows/churn-demo.yaml's params and gate, as the loader builds them.
WorkflowSpec churn_demo() {
    WorkflowSpec spec;
    spec.name = "churn-demo";
    spec.params = {number_param("ks_min", 0.30), number_param("psi_max", 0.25)};
    spec.steps.push_back(gate_step("check", {"steps.monitor.metrics.ks >= params.ks_min and "
                                             "steps.monitor.stability.score_psi <= params.psi_max"}));
    return spec;
}

std::string show(const std::vector<FigureThreshold>& thresholds) {
    std::string out;
    for (const FigureThreshold& t : thresholds) {
        out += t.figure + " " + t.op + " " + format_number(t.value) + " (" + t.source + ")\n";
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(gate_thresholds_suite)

BOOST_AUTO_TEST_CASE(the_churn_demo_gate_gives_ks_and_score_psi_with_the_runs_params) {
    const auto defaults = gate_thresholds(churn_demo(), {});
    BOOST_TEST(show(defaults) ==
               "ks >= 0.3 (churn-demo step check)\nscore_psi <= 0.25 (churn-demo step check)\n");
    // The registering run's params win over the defaults.
    const auto given = gate_thresholds(churn_demo(), {{"ks_min", 0.35}, {"psi_max", std::string("x")}});
    BOOST_TEST(show(given) ==
               "ks >= 0.35 (churn-demo step check)\nscore_psi <= 0.25 (churn-demo step check)\n");
}

BOOST_AUTO_TEST_CASE(comparisons_are_read_as_the_healthy_side_whichever_way_they_are_written) {
    WorkflowSpec spec;
    spec.name = "w";
    spec.params = {number_param("no_default", std::nullopt)};
    spec.steps.push_back(gate_step(
        "g", {"steps.m.metrics.ks < 0.3",                                   // the failing side: ks >= 0.3
              "0.2 < steps.m.drift.age.psi or steps.m.metrics.auc == 0.5",  // psi.age <= 0.2; == is none
              "not (steps.m.metrics.gini > 0.4)",                           // gini > 0.4
              "steps.m.metrics.bias < 0.1",                                 // direction unknown: as written
              "steps.m.metrics.ks >= params.no_default",                    // no value: left out
              "steps.train.outputs.n >= 3 and params.no_default > 1"}));
    BOOST_TEST(show(gate_thresholds(spec, {})) ==
               "ks >= 0.3 (w step g)\npsi.age <= 0.2 (w step g)\ngini > 0.4 (w step g)\n"
               "bias < 0.1 (w step g)\n");
    BOOST_TEST(figure_direction("score_psi") == -1);
    BOOST_TEST(figure_direction("psi.tenure") == -1);
    BOOST_TEST(figure_direction("ks") == 1);
    BOOST_TEST(figure_direction("ks_score") == 0);
}

BOOST_AUTO_TEST_CASE(health_is_ok_breach_or_unknown) {
    const auto thresholds = gate_thresholds(churn_demo(), {});
    const auto ok = figure_health(thresholds, {{"ks", 0.41}, {"score_psi", 0.02}});
    BOOST_TEST(ok.status == "ok");
    BOOST_TEST(ok.breached.empty());
    const auto breach = figure_health(thresholds, {{"ks", 0.21}, {"score_psi", 0.30}});
    BOOST_TEST(breach.status == "breach");
    BOOST_TEST_REQUIRE(breach.breached.size() == 2U);
    BOOST_TEST(breach.breached[0].figure == "ks");
    BOOST_TEST(breach.actual[1] == 0.30);
    // A missing or undefined figure is unknown unless another one breaches.
    BOOST_TEST(figure_health(thresholds, {{"ks", 0.41}}).status == "unknown");
    BOOST_TEST(figure_health(thresholds, {{"ks", 0.41}, {"score_psi", std::nan("")}}).status == "unknown");
    BOOST_TEST(figure_health(thresholds, {{"ks", 0.1}}).status == "breach");
    BOOST_TEST(figure_health({}, {{"ks", 0.41}}).status == "unknown");
    BOOST_TEST(threshold_holds({"ks", ">", 0.3, ""}, 0.3) == false);
    BOOST_TEST(threshold_holds({"ks", ">=", 0.3, ""}, 0.3));
}

BOOST_AUTO_TEST_SUITE_END()
