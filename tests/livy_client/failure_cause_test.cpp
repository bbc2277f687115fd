// The cause of a failed Spark application as its Livy log tells it (failure_cause.hpp), and the
// one spelling of a line's section in stored and printed logs (log_text.hpp).
#include "livy_client/failure_cause.hpp"
#include "livy_client/log_text.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace {

using Lines = std::vector<std::string>;

// A Livy 0.9 batch log on YARN: spark-submit's merged stdout/stderr, then the diagnostics.
Lines yarn_snapshot(const Lines& out, const Lines& err, const Lines& diagnostics) {
    Lines s{"stdout: "};
    s.insert(s.end(), out.begin(), out.end());
    s.emplace_back("\nstderr: ");
    s.insert(s.end(), err.begin(), err.end());
    s.emplace_back("\nYARN Diagnostics: ");
    s.insert(s.end(), diagnostics.begin(), diagnostics.end());
    return s;
}

const Lines kSparkShutdown{
    "24/05/01 06:00:03 INFO SparkContext: Invoking stop() from shutdown hook",
    "24/05/01 06:00:03 INFO SparkUI: Stopped Spark web UI at http://driver:4040",
    "",
    "24/05/01 06:00:03 WARN NativeCodeLoader: Unable to load native-hadoop library",
    "24/05/01 06:00:04 INFO ShutdownHookManager: Deleting directory /tmp/spark-1",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(failure_cause)

BOOST_AUTO_TEST_CASE(a_python_traceback_gives_its_exception_line_not_sparks_noise) {
    Lines out{"24/05/01 06:00:00 INFO SparkContext: Running Spark version 3.5.1",
              "STEWARD_OUTPUT {\"rows\": 3}",
              "epoch 1",
              "Traceback (most recent call last):",
              "  File \"/jobs/churn/train.py\", line 42, in <module>",
              "    main()",
              "  File \"/jobs/churn/train.py\", line 30, in main",
              "    raise ValueError(\"label column 'churned' not found\")",
              "ValueError: label column 'churned' not found"};
    out.insert(out.end(), kSparkShutdown.begin(), kSparkShutdown.end());
    const auto cause = livy::failure_cause_of_snapshot(yarn_snapshot(out, {}, {}));
    BOOST_TEST(cause.output == Lines{"ValueError: label column 'churned' not found"});
    BOOST_TEST(cause.diagnostics.empty());
    BOOST_TEST(cause.text() == "ValueError: label column 'churned' not found");
}

BOOST_AUTO_TEST_CASE(an_argparse_error_gives_its_error_line) {
    const Lines err{"usage: train.py [-h] --rows ROWS [--data DATA]",
                    "train.py: error: --rows must be at least 100"};
    const auto cause = livy::failure_cause_of_snapshot(yarn_snapshot({"starting"}, err, {}));
    BOOST_TEST(cause.output == Lines{"train.py: error: --rows must be at least 100"});
}

BOOST_AUTO_TEST_CASE(stderr_wins_over_stdout_when_it_has_meaningful_lines) {
    const Lines err{"24/05/01 06:00:00 WARN Utils: Your hostname resolves to a loopback address", "boom"};
    const auto cause = livy::failure_cause_of_snapshot(yarn_snapshot({"a job print"}, err, {}));
    BOOST_TEST(cause.output == Lines{"boom"});
    const auto quiet = livy::failure_cause_of_snapshot(yarn_snapshot({"a job print"}, {err[0]}, {}));
    BOOST_TEST(quiet.output == Lines{"a job print"});
}

BOOST_AUTO_TEST_CASE(yarn_diagnostics_follow_the_jobs_lines) {
    const Lines out{
        "Exception in thread \"main\" org.apache.spark.SparkException: Application "
        "application_1_0001 finished with failed status",
        "\tat org.apache.spark.deploy.yarn.Client.run(Client.scala:1342)", "\t... 12 more"};
    const Lines diagnostics{
        "Application application_1_0001 failed 2 times due to AM Container for "
        "appattempt_1_0001_000002 exited with  exitCode: 1",
        "", "Failing this attempt.Diagnostics: Exception from container-launch."};
    const auto cause = livy::failure_cause_of_snapshot(yarn_snapshot(out, {}, diagnostics));
    BOOST_TEST(cause.output == Lines{out[0]});
    BOOST_TEST(cause.diagnostics == (Lines{diagnostics[0], diagnostics[2]}));
    BOOST_TEST(cause.text() == out[0] + "\nYARN diagnostics: " + diagnostics[0] + "\n" + diagnostics[2]);
}

BOOST_AUTO_TEST_CASE(only_diagnostics_make_the_first_line) {
    const auto cause = livy::failure_cause_of_snapshot(
        yarn_snapshot(kSparkShutdown, {}, {"AM Container exited with exitCode: 1"}));
    BOOST_TEST(cause.output.empty());
    BOOST_TEST(cause.text() == "YARN diagnostics: AM Container exited with exitCode: 1");
}

BOOST_AUTO_TEST_CASE(without_a_recognised_error_the_last_meaningful_lines_are_kept) {
    const Lines out{"one", "two", "three", "four", "five", "six", "seven"};
    const auto cause = livy::failure_cause_of_snapshot(yarn_snapshot(out, {}, {}));
    BOOST_TEST(cause.output == (Lines{"three", "four", "five", "six", "seven"}));
}

BOOST_AUTO_TEST_CASE(a_log_with_nothing_to_say_gives_an_empty_cause) {
    const auto cause = livy::failure_cause_of_snapshot(yarn_snapshot(kSparkShutdown, {"", "  "}, {}));
    BOOST_TEST(cause.empty());
    BOOST_TEST(cause.text().empty());
    BOOST_TEST(livy::failure_cause_of_snapshot(Lines{}).empty());
}

BOOST_AUTO_TEST_CASE(lines_and_the_whole_text_are_bounded) {
    Lines out(40, std::string(5000, 'x'));
    livy::FailureCauseLimits limits;
    const auto cause =
        livy::failure_cause_of_snapshot(yarn_snapshot(out, {}, Lines(40, std::string(900, 'd'))), limits);
    BOOST_TEST(cause.output.size() == limits.max_lines);
    BOOST_TEST(cause.diagnostics.size() == limits.max_lines);
    BOOST_TEST(cause.output.front().size() == limits.max_line_chars);
    BOOST_TEST(cause.output.front().ends_with("..."));
    BOOST_TEST(cause.text().size() == limits.max_chars);
    // A cut never splits a UTF-8 sequence.
    const auto utf8 = livy::failure_cause_of_snapshot(
        yarn_snapshot({std::string(296, 'a') + "\xC3\xA9\xC3\xA9\xC3\xA9"}, {}, {}));
    BOOST_TEST(utf8.output.front() == std::string(296, 'a') + "...");
}

BOOST_AUTO_TEST_CASE(noise_is_recognised) {
    BOOST_TEST(livy::is_log_noise("24/05/01 06:00:00 INFO SparkContext: Running Spark version 3.5.1"));
    BOOST_TEST(livy::is_log_noise("2024-05-01 06:00:00,123 [main] WARN  org.apache.spark.Foo - x"));
    BOOST_TEST(livy::is_log_noise("INFO:root:loaded 5000 rows"));
    BOOST_TEST(livy::is_log_noise("[Stage 3:=====>      (2 + 1) / 4]"));
    BOOST_TEST(livy::is_log_noise("   "));
    BOOST_TEST(!livy::is_log_noise("24/05/01 06:00:00 ERROR SparkContext: Error initializing SparkContext."));
    BOOST_TEST(!livy::is_log_noise("ERROR:root:no data"));
    BOOST_TEST(!livy::is_log_noise("ValueError: bad"));
    BOOST_TEST(!livy::is_log_noise("INFORMATION is not a level"));
}

BOOST_AUTO_TEST_CASE(log_text_round_trips_every_section) {
    using livy::LogSection;
    for (const auto section : {LogSection::stdout_section, LogSection::stderr_section,
                               LogSection::yarn_diagnostics, LogSection::k8s_diagnostics}) {
        const livy::LogLine line{section, "text [x] y"};
        const auto back = livy::from_prefixed_text(livy::prefixed_text(line));
        BOOST_TEST(back.section == section);
        BOOST_TEST(back.text == line.text);
    }
    BOOST_TEST(livy::prefixed_text({LogSection::yarn_diagnostics, "d"}) == "[yarn_diagnostics] d");
    BOOST_TEST(livy::prefixed_text({LogSection::stderr_section, "e"}) == "[stderr] e");
    BOOST_TEST(livy::prefixed_text({LogSection::none, "n"}) == "n");
    BOOST_TEST(livy::from_prefixed_text("[yarn] old").section == LogSection::stdout_section);
}

BOOST_AUTO_TEST_SUITE_END()
