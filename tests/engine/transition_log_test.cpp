// The info line the engine logs when a run or a step attempt ends (transition_log.hpp).
#include "orchestrator/engine/transition_log.hpp"

#include <boost/test/unit_test.hpp>

using steward::engine::end_log_line;
using steward::engine::EngineEvent;

namespace {

EngineEvent event(std::string step, std::string type, std::string payload) {
    EngineEvent e;
    e.run_id = 7;
    e.step_id = std::move(step);
    e.type = std::move(type);
    e.payload_json = std::move(payload);
    return e;
}

std::string line(const EngineEvent& e) {
    return end_log_line(e, "churn").value_or("<none>");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(transition_log)

BOOST_AUTO_TEST_CASE(a_failed_step_names_run_workflow_step_state_and_the_errors_first_line) {
    BOOST_TEST(
        line(event(
            "train", "step.failed",
            R"({"attempt":1,"error":"train: batch 6 ended in state dead: train.py: error: --rows must be at least 100\nYARN diagnostics: AM Container exited with exitCode: 1","step":"train"})")) ==
        "run_id=7 workflow=churn step=train attempt=1 state=failed error=\"train: batch 6 ended in state "
        "dead: "
        "train.py: error: --rows must be at least 100\"");
}

BOOST_AUTO_TEST_CASE(every_end_of_a_run_or_step_is_logged) {
    BOOST_TEST(line(event("", "run.failed", R"({"error":"step 'train' failed: boom"})")) ==
               "run_id=7 workflow=churn state=failed error=\"step 'train' failed: boom\"");
    BOOST_TEST(line(event("", "run.succeeded", "{}")) == "run_id=7 workflow=churn state=succeeded");
    BOOST_TEST(line(event("", "run.cancelled", R"({"error":"cancelled"})")) ==
               "run_id=7 workflow=churn state=cancelled error=\"cancelled\"");
    BOOST_TEST(line(event("decide", "step.succeeded", R"({"attempt":1,"outcome":"promote"})")) ==
               "run_id=7 workflow=churn step=decide attempt=1 state=succeeded outcome=promote");
    BOOST_TEST(
        line(event("job", "step.timed_out", R"({"attempt":2,"error":"job timed out after 10m"})")) ==
        "run_id=7 workflow=churn step=job attempt=2 state=timed_out error=\"job timed out after 10m\"");
    BOOST_TEST(line(event("x", "step.skipped", R"({"attempt":1})")) ==
               "run_id=7 workflow=churn step=x attempt=1 state=skipped");
    BOOST_TEST(line(event("x", "step.cancelled", "not json")) ==
               "run_id=7 workflow=churn step=x state=cancelled");
}

BOOST_AUTO_TEST_CASE(other_events_are_not_logged_here) {
    for (const char* type :
         {"run.created", "run.started", "run.cancel_requested", "step.started", "step.warning",
          "step.retry_scheduled", "step.waiting", "livy.state", "task.opened"}) {
        BOOST_TEST(!end_log_line(event("x", type, "{}"), "churn"), type);
        BOOST_TEST(!steward::engine::ends_run_or_step(type), type);
    }
}

BOOST_AUTO_TEST_SUITE_END()
