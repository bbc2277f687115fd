// Duration fields that interpolate params (docs/workflows.md, "Duration fields"): resolved when
// the step starts, on the manual clock; a value that is not a duration fails the step naming the
// field and the value.

#include "tests/engine/harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(duration_fields)

BOOST_AUTO_TEST_CASE(a_wait_takes_its_duration_from_a_param) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: waiting
params:
  period: {type: duration, required: true}
steps:
  - {id: pause, type: wait, duration: "${params.period}"}
  - {id: done, type: notify, channel: ops, message: done}
)",
                              {{"period", core::Value{std::string("1s")}}});
    BOOST_REQUIRE(h.run_until([&] { return h.state_of(run, "pause") == store::StepState::waiting; }));
    h.advance(999ms);
    BOOST_TEST((h.step(run, "pause").state == store::StepState::waiting));
    h.advance(1ms);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.outputs(run, "pause").at("waited_until").as_string() == "2024-05-01T06:00:01.000Z");
}

BOOST_AUTO_TEST_CASE(a_timeout_from_a_param_fires) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: deadline
params:
  deadline: {type: duration, default: 2h}
steps:
  - id: ask
    type: user_task
    title: ok?
    assignees: {users: [alice]}
    outcomes: [yes, no]
    timeout: "${params.deadline}"
    remind: {every: "${params.deadline}", channel: mail}
)",
                              {{"deadline", core::Value{std::string("90m")}}});
    BOOST_REQUIRE(h.run_until([&] { return h.open_task(run).has_value(); }));
    h.settle();
    BOOST_TEST(h.open_task(run)->deadline_at.value_or(0) == kT0 + 90 * 60'000);
    h.advance(89min);
    BOOST_TEST((h.step(run, "ask").state == store::StepState::waiting));
    h.advance(1min);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "ask").state == store::StepState::timed_out));
}

BOOST_AUTO_TEST_CASE(a_retry_delay_from_a_param_is_used) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: retrying
params:
  pause: {type: integer, default: 7}
steps:
  - {id: tell, type: notify, channel: broken, message: hi, retry: {max: 1, delay: "${params.pause}s"}}
)");
    BOOST_REQUIRE(h.run_until([&] { return h.has_event(run, "step.retry_scheduled"); }));
    for (const auto& event : h.store().runs().list_events(run, 0, 10000).value()) {
        if (event.type == "step.retry_scheduled") {
            BOOST_TEST(boost::json::parse(event.payload_json).at("delay_ms").as_int64() == 7000);
        }
    }
    h.advance(7s);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(h.step(run, "tell").attempt == 2);
}

BOOST_AUTO_TEST_CASE(a_value_that_is_not_a_duration_fails_the_step_naming_field_and_value) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: bad-wait
params:
  period: {type: string, required: true}
steps:
  - {id: pause, type: wait, duration: "${params.period}"}
)",
                              {{"period", core::Value{std::string("soon")}}});
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const std::string error = h.step(run, "pause").error.value_or("");
    BOOST_TEST(
        error ==
            "step 'pause' field 'duration' (test.yaml:5:39): '${params.period}' gave 'soon', which is not a "
            "duration (expected an integer followed by ms, s, m, h or d, e.g. 90s)",
        error);
    BOOST_TEST(h.run(run).error.value_or("").find("gave 'soon'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_bad_timeout_fails_the_step_before_it_runs) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"(name: bad-timeout
params:
  limit: {type: string, default: "0s"}
steps:
  - {id: tell, type: notify, channel: ops, message: hi, timeout: "${params.limit}"}
)");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const std::string error = h.step(run, "tell").error.value_or("");
    BOOST_TEST(error.find("step 'tell' field 'timeout' (test.yaml:5:") == 0, error);
    BOOST_TEST(error.find("'${params.limit}' gave '0s'; it must be longer than 0s") != std::string::npos,
               error);
    BOOST_TEST(h.record().sent.empty());
}

BOOST_AUTO_TEST_SUITE_END()
