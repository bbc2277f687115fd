#include "orchestrator/app/progress_printer.hpp"

#include <boost/test/unit_test.hpp>

#include <sstream>

using steward::app::progress_line;
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

std::string line(const EngineEvent& e, std::string_view step_type = "livy_batch") {
    return progress_line(e, step_type, "10:42:07").value_or("<none>");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(progress)

BOOST_AUTO_TEST_CASE(livy_progress_names_step_type_state_and_batch) {
    BOOST_TEST(line(event("train", "livy.state", R"({"kind":"batch","state":"running","livy_id":12})")) ==
               "10:42:07 step train livy_batch running (batch 12)");
    BOOST_TEST(
        line(event("train", "livy.submitted", R"({"kind":"batch","livy_id":12,"name":"steward-x"})")) ==
        "10:42:07 step train livy_batch submitted (batch 12)");
    BOOST_TEST(line(event("train", "step.started", R"({"attempt":1,"type":"livy_batch"})")) ==
               "10:42:07 step train livy_batch started");
    BOOST_TEST(line(event("train", "step.started", R"({"attempt":2})")) ==
               "10:42:07 step train livy_batch started (attempt 2)");
    BOOST_TEST(line(event("s", "livy.statement", R"({"index":2,"statement_id":7,"session_id":1})"),
                    "livy_session") ==
               "10:42:07 step s livy_session statement 2 submitted (session 1, statement 7)");
    BOOST_TEST(line(event("s", "livy.deleted", R"({"kind":"session","livy_id":1,"reason":"done"})"),
                    "livy_session") == "10:42:07 step s livy_session deleted (session 1)");
    BOOST_TEST(line(event("train", "step.failed", R"({"attempt":1,"error":"batch dead"})")) ==
               "10:42:07 step train livy_batch failed: batch dead");
}

BOOST_AUTO_TEST_CASE(the_spark_ui_link_is_printed_when_known) {
    BOOST_TEST(
        line(event(
            "train", "livy.app_info",
            R"({"kind":"batch","livy_id":12,"app_id":"application_1_0001",)"
            R"("spark_ui_url":"http://rm:8088/proxy/application_1_0001/","driver_log_url":"http://nm:8042/logs"})")) ==
        "10:42:07 step train livy_batch application application_1_0001 (batch 12): Spark UI "
        "http://rm:8088/proxy/application_1_0001/, driver log http://nm:8042/logs");
    BOOST_TEST(line(event("train", "livy.app_info",
                          R"({"kind":"batch","livy_id":12,"app_id":"local-1714543200000"})")) ==
               "10:42:07 step train livy_batch application local-1714543200000 (batch 12)");
}

BOOST_AUTO_TEST_CASE(tasks_gates_and_runs) {
    BOOST_TEST(
        line(event("approve", "task.opened", R"({"task_id":4,"title":"Ship?","outcomes":["yes","no"]})"),
             "user_task") ==
        "10:42:07 step approve user_task waiting for an answer: task 4 \"Ship?\" (outcomes: yes, no)");
    BOOST_TEST(line(event("decide", "step.succeeded", R"({"attempt":1,"outcome":"promote"})"), "gate") ==
               "10:42:07 step decide gate succeeded -> promote");
    BOOST_TEST(line(event("", "run.started", R"({"workflow":"churn"})")) ==
               "10:42:07 run 7 started (workflow churn)");
    BOOST_TEST(line(event("", "run.failed", R"({"error":"step 'train' failed"})")) ==
               "10:42:07 run 7 failed: step 'train' failed");
    BOOST_TEST(line(event("", "run.created", "{}")) == "<none>");
    BOOST_TEST(line(event("x", "step.warning", "not json")) == "10:42:07 step x livy_batch warning");
}

BOOST_AUTO_TEST_CASE(printer_writes_lines_and_logs) {
    std::ostringstream out;
    steward::app::ProgressPrinter printer(out, true);
    steward::core::WorkflowSpec spec;
    printer.on_event(event("", "run.started", R"({"workflow":"w"})"));
    const std::vector<std::string> lines{"hello", "world"};
    printer.on_log_lines(7, 3, "train", 0, lines);
    BOOST_TEST(out.str().find("run 7 started (workflow w)\n  | train: hello\n  | train: world\n") !=
                   std::string::npos,
               out.str());
}

BOOST_AUTO_TEST_SUITE_END()
