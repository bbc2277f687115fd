// Steps that run without Livy: gate, fail, wait, shell, notify, register_model, promote_model,
// `when`, interpolation errors.

#include "tests/engine/harness.hpp"

#include "orchestrator/engine/json_values.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(local_steps)

BOOST_AUTO_TEST_CASE(gate_routes_on_params_and_outputs) {
    EngineHarness h;
    h.boot();
    const char* yaml = R"(name: gated
params:
  score: {type: number, default: 0.5}
steps:
  - id: decide
    type: gate
    cases:
      - {if: params.score >= 0.8, goto: high}
      - {if: params.score >= 0.4, goto: mid}
    default: low
  - {id: high, type: fail, message: "high ${params.score}"}
  - {id: mid, type: notify, channel: ops, message: "mid ${params.score} in run ${run.id}", next: end}
  - {id: low, type: fail, message: "low"}
)";
    const RowId mid = h.start(yaml);
    BOOST_TEST((h.finish(mid) == store::RunState::succeeded));
    BOOST_TEST(*h.step(mid, "decide").outcome == "mid");
    BOOST_TEST(h.outputs(mid, "decide").at("case").as_int64() == 2);
    BOOST_REQUIRE_EQUAL(h.record().sent.size(), 1U);
    BOOST_TEST(h.record().sent[0].message.message == "mid 0.5 in run " + std::to_string(mid));

    const RowId high = h.engine().start_run("gated", {{"score", core::Value{0.9}}}).value();
    BOOST_TEST((h.finish(high) == store::RunState::failed));
    BOOST_TEST(*h.run(high).error == "step 'high' failed: high 0.9");

    const RowId low = h.engine().start_run("gated", {{"score", core::Value{0.1}}}).value();
    BOOST_TEST((h.finish(low) == store::RunState::failed));
    BOOST_TEST(h.store().runs().latest_step(low, "high").has_error());
    BOOST_TEST(*h.step(low, "decide").outcome == "low");
}

BOOST_AUTO_TEST_CASE(a_false_when_skips_the_step) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: skipping
params:
  go: {type: boolean, default: false}
steps:
  - {id: maybe, type: fail, message: "not skipped", when: params.go}
  - {id: after, type: notify, channel: ops, message: "after"}
)");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST((h.step(run, "maybe").state == store::StepState::skipped));
    BOOST_TEST((h.step(run, "after").state == store::StepState::succeeded));
}

BOOST_AUTO_TEST_CASE(an_unresolvable_reference_fails_the_step_naming_it) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: dangling
steps:
  - {id: first, type: notify, channel: ops, message: "hello"}
  - {id: second, type: notify, channel: ops, message: "value ${steps.first.outputs.nothing}"}
)");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const auto error = h.step(run, "second").error.value_or("");
    BOOST_TEST(error.find("step 'second' field 'message' (test.yaml:4:") != std::string::npos, error);
    BOOST_TEST(error.find("no value for 'steps.first.outputs.nothing'") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(wait_for_a_duration_uses_the_clock) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: waiting
steps:
  - {id: pause, type: wait, duration: 2h}
  - {id: done, type: notify, channel: ops, message: done}
)");
    BOOST_REQUIRE(h.run_until([&] { return h.state_of(run, "pause") == store::StepState::waiting; }));
    BOOST_TEST((h.run(run).state == store::RunState::waiting));
    h.advance(119min);
    BOOST_TEST((h.step(run, "pause").state == store::StepState::waiting));
    h.advance(1min);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.outputs(run, "pause").at("waited_until").as_string() == "2024-05-01T08:00:00.000Z");
}

// The step duration metric's hook: each ended attempt with its type, state and engine-clock time.
BOOST_AUTO_TEST_CASE(ended_steps_are_reported_with_type_state_and_duration) {
    EngineHarness h;
    struct Ended {
        std::string type;
        std::string state;
        double seconds;
    };
    std::vector<Ended> ended;
    h.settings.on_step_end = [&ended](std::string_view type, std::string_view state, double seconds) {
        ended.push_back({std::string(type), std::string(state), seconds});
    };
    h.boot();
    const RowId run = h.start(R"(name: timed
steps:
  - {id: pause, type: wait, duration: 90s}
  - {id: stop, type: fail, message: stop}
)");
    BOOST_REQUIRE(h.run_until([&] { return h.state_of(run, "pause") == store::StepState::waiting; }));
    h.advance(90s);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST_REQUIRE(ended.size() == 2U);
    BOOST_TEST(ended[0].type == "wait");
    BOOST_TEST(ended[0].state == "succeeded");
    BOOST_TEST(ended[0].seconds == 90.0);
    BOOST_TEST(ended[1].type == "fail");
    BOOST_TEST(ended[1].state == "failed");
    BOOST_TEST(ended[1].seconds == 0.0);
}

BOOST_AUTO_TEST_CASE(wait_until_cron_fires_at_the_next_matching_minute) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: cron-wait
steps:
  - {id: monday, type: wait, until_cron: "30 7 * * *", tz: UTC}
)");
    BOOST_REQUIRE(h.run_until([&] { return h.state_of(run, "monday") == store::StepState::waiting; }));
    h.advance(89min);  // 07:29
    BOOST_TEST((h.run(run).state == store::RunState::waiting));
    h.advance(1min);  // 07:30
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.outputs(run, "monday").at("waited_until").as_string() == "2024-05-01T07:30:00.000Z");
}

BOOST_AUTO_TEST_CASE(shell_captures_output_and_outputs) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: shelly
params:
  who: {type: string, default: world}
steps:
  - id: hello
    type: shell
    command: [/bin/sh, -c, 'echo "hello $WHO from ${params.who}"; echo oops >&2; echo "STEWARD_OUTPUT {\"rows\": 7}"; echo "STEWARD_OUTPUT {broken"']
    env: {WHO: "${params.who}"}
  - {id: check, type: gate, cases: [{if: steps.hello.outputs.rows == 7, goto: end}], default: bad}
  - {id: bad, type: fail, message: "rows were not 7"}
)");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    const auto outputs = h.outputs(run, "hello");
    BOOST_TEST(outputs.at("rows").as_int64() == 7);
    BOOST_TEST(outputs.at("exit_code").as_int64() == 0);
    const auto log = h.log(run, "hello");
    BOOST_TEST((std::find(log.begin(), log.end(), "hello world from world") != log.end()));
    BOOST_TEST((std::find(log.begin(), log.end(), "[stderr] oops") != log.end()));
    BOOST_TEST(h.has_event(run, "step.warning"));
}

BOOST_AUTO_TEST_CASE(shell_non_zero_exit_fails_and_timeout_kills) {
    EngineHarness h;
    h.boot();
    const RowId failing = h.start(R"(name: shell-fail
steps:
  - {id: boom, type: shell, command: [/bin/sh, -c, "echo bad input >&2; exit 3"]}
)");
    BOOST_TEST((h.finish(failing) == store::RunState::failed));
    const auto error = h.step(failing, "boom").error.value_or("");
    BOOST_TEST(error.find("exited with status 3") != std::string::npos, error);
    BOOST_TEST(error.find("bad input") != std::string::npos, error);

    const RowId slow = h.start(R"(name: shell-slow
steps:
  - {id: sleepy, type: shell, command: [sleep, "30"], timeout: 1m}
)");
    BOOST_REQUIRE(h.run_until([&] { return h.state_of(slow, "sleepy") == store::StepState::running; }));
    h.settle();
    h.advance(1min);
    BOOST_TEST((h.finish(slow, 5s) == store::RunState::failed));
    BOOST_TEST((h.step(slow, "sleepy").state == store::StepState::timed_out));
    BOOST_TEST(h.step(slow, "sleepy").error.value_or("").find("timed out after 1m") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(notify_failure_fails_the_step) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: notify-broken
steps:
  - {id: tell, type: notify, channel: broken, message: "x"}
)");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(h.step(run, "tell").error.value_or("").find("HTTP 500") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(register_then_promote_through_the_registry) {
    EngineHarness h;
    h.boot();
    const char* yaml = R"(name: registry
params:
  gini: {type: number, default: 0.61}
steps:
  - id: reg
    type: register_model
    model: "risk:churn"
    version: "2.1"
    artifact: "hdfs:///models/${run.id}"
    metrics: {gini: "${params.gini}", ks: "0.4"}
    tags: {source: test}
  - id: promote
    type: promote_model
    model: "risk:churn"
    version: "${steps.reg.outputs.version}"
    alias: champion
)";
    const RowId first = h.start(yaml);
    BOOST_TEST((h.finish(first) == store::RunState::succeeded));
    BOOST_TEST(h.outputs(first, "reg").at("version").as_string() == "2.1.1");
    BOOST_TEST(h.outputs(first, "reg").at("build").as_int64() == 1);
    const RowId second = h.engine().start_run("registry", {}).value();
    BOOST_TEST((h.finish(second) == store::RunState::succeeded));
    BOOST_TEST(h.outputs(second, "reg").at("version").as_string() == "2.1.2");
    BOOST_TEST(h.outputs(second, "promote").at("previous").as_string() == "2.1.1");
    const auto champion =
        h.store().registry().resolve_alias(store::ModelName{"risk", "churn"}, "champion").value();
    BOOST_TEST(champion.build == 2);
    BOOST_TEST(champion.run_id.value_or(0) == second);
    BOOST_TEST(champion.artifact_uri == "hdfs:///models/" + std::to_string(second));
    BOOST_TEST(engine::object_from_text(champion.metrics_json).at("gini").as_double() == 0.61);
}

BOOST_AUTO_TEST_CASE(a_bad_model_name_fails_without_retry) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: bad-model
params:
  model: {type: string, default: "no-colon"}
steps:
  - {id: reg, type: register_model, model: "${params.model}", version: "1.0", artifact: x, retry: {max: 3, delay: 1s}}
)");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(h.step(run, "reg").attempt == 1);
    BOOST_TEST(h.step(run, "reg").error.value_or("").find("field 'model'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_workflow_and_bad_params_are_refused) {
    EngineHarness h;
    h.boot();
    auto missing = h.engine().start_run("nope", {});
    BOOST_REQUIRE(missing.has_error());
    BOOST_TEST((missing.error().code == engine::Errc::not_found));
    (void)h.engine()
        .add_workflow(R"(name: needs
params:
  data: {type: string, required: true}
steps:
  - {id: x, type: notify, channel: ops, message: "${params.data}"}
)",
                      "needs.yaml")
        .value();
    auto bad = h.engine().start_run("needs", {{"other", core::Value{1.0}}});
    BOOST_REQUIRE(bad.has_error());
    BOOST_TEST((bad.error().code == engine::Errc::invalid_params));
    BOOST_TEST(bad.error().message.find("unknown param 'other'") != std::string::npos, bad.error().message);
    BOOST_TEST(bad.error().message.find("missing required param 'data'") != std::string::npos,
               bad.error().message);
    auto invalid = h.engine().add_workflow("name: broken\nsteps: []\n", "broken.yaml");
    BOOST_REQUIRE(invalid.has_error());
    BOOST_TEST((invalid.error().code == engine::Errc::invalid_workflow));
    BOOST_TEST(invalid.error().message.find("broken.yaml:") == 0U, invalid.error().message);
}

BOOST_AUTO_TEST_SUITE_END()
