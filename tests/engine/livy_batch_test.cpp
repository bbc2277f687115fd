// livy_batch against the fake Livy: submission, log following, STEWARD_OUTPUT, failures,
// retries with backoff, step timeouts.

#include "tests/engine/harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

HarnessOptions never_finishing() {
    HarnessOptions options;
    options.fake.model.batch_run = fake_livy::kNever;
    return options;
}

/// The fake's integer id of the step's batch once it was submitted (-1 on timeout).
std::int64_t batch_id(EngineHarness& h, RowId run, std::string_view step) {
    const std::string id = h.livy_id(run, step);
    return id.empty() ? -1 : std::stoll(id);
}

std::vector<json::object> batch_posts(EngineHarness& h) {
    return h.livy().call([&] {
        std::vector<json::object> bodies;
        for (const auto& request : h.livy().fake().requests()) {
            if (request.method == "POST" && request.path() == "/batches") {
                bodies.push_back(json::parse(request.body).as_object());
            }
        }
        return bodies;
    });
}

/// Captures what the engine logs (logger "engine", "<level> <message>" lines) while it lives.
class EngineLogCapture {
public:
    EngineLogCapture() : previous_(spdlog::get("engine")) {
        spdlog::drop("engine");
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
        sink->set_pattern("%l %v");
        auto logger = std::make_shared<spdlog::logger>("engine", sink);
        logger->set_level(spdlog::level::info);
        spdlog::register_logger(logger);
    }
    ~EngineLogCapture() {
        spdlog::drop("engine");
        if (previous_) {
            spdlog::register_logger(previous_);
        }
    }
    EngineLogCapture(const EngineLogCapture&) = delete;
    EngineLogCapture& operator=(const EngineLogCapture&) = delete;
    [[nodiscard]] std::string text() const { return out_.str(); }

private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream out_;
};

bool contains(const std::vector<std::string>& lines, std::string_view line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(livy_batch)

BOOST_AUTO_TEST_CASE(a_batch_runs_its_log_is_kept_and_outputs_are_read) {
    EngineHarness h(never_finishing());
    h.settings.jobs_uri = "file:///srv/steward/jobs/";
    std::ofstream(h.settings.jobs_dir / "train.py") << "print('train')\n";
    h.boot();
    const RowId run = h.start(R"(name: train
params:
  data: {type: string, default: "hdfs:///d/latest"}
defaults:
  livy: {conf: {spark.sql.shuffle.partitions: "8", spark.a: "default"}, proxy_user: etl}
steps:
  - id: train
    type: livy_batch
    file: jobs/train.py
    args: [--data, "${params.data}", --run, "${run.id}"]
    conf: {spark.a: "step"}
    driver_memory: 2g
  - {id: check, type: gate, cases: [{if: steps.train.outputs.rows == 5, goto: end}], default: bad}
  - {id: bad, type: fail, message: "rows ${steps.train.outputs.rows}"}
)");
    const auto id = batch_id(h, run, "train");
    BOOST_REQUIRE(id >= 0);
    const std::vector<std::string> lines{"starting", "STEWARD_OUTPUT {\"rows\": 3}", "STEWARD_OUTPUT {broken",
                                         "STEWARD_OUTPUT {\"rows\": 5, \"path\": \"/m/1\"}", "done"};
    h.livy().call([&] {
        for (const auto& line : lines) {
            h.livy().fake().model().append_log(fake_livy::Collection::batches, static_cast<int>(id),
                                               fake_livy::LogStream::stdout_stream, line);
        }
        return 0;
    });
    BOOST_REQUIRE(h.run_until([&] { return h.log(run, "train").size() == lines.size(); }));
    h.livy().call([&] {
        return h.livy().fake().model().force_state(fake_livy::Collection::batches, static_cast<int>(id),
                                                   "success");
    });
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));

    const auto outputs = h.outputs(run, "train");
    BOOST_TEST(outputs.at("rows").as_int64() == 5);
    BOOST_TEST(outputs.at("path").as_string() == "/m/1");
    BOOST_TEST(outputs.at("batch_id").as_string() == std::to_string(id));
    BOOST_TEST((h.log(run, "train") == lines));  // each line exactly once, in order
    BOOST_TEST(h.has_event(run, "step.warning"));

    const auto posts = batch_posts(h);
    BOOST_REQUIRE_EQUAL(posts.size(), 1U);
    const auto& body = posts[0];
    BOOST_TEST(body.at("file").as_string() == "file:///srv/steward/jobs/train.py");
    BOOST_TEST(body.at("args").as_array().at(1).as_string() == "hdfs:///d/latest");
    BOOST_TEST(body.at("args").as_array().at(3).as_string() == std::to_string(run));
    BOOST_TEST(body.at("conf").at("spark.a").as_string() == "step");
    BOOST_TEST(body.at("conf").at("spark.sql.shuffle.partitions").as_string() == "8");
    BOOST_TEST(body.at("proxyUser").as_string() == "etl");
    BOOST_TEST(body.at("driverMemory").as_string() == "2g");
    const auto handle = h.store().livy().find_handle(h.step(run, "train").id, store::LivyKind::batch).value();
    BOOST_TEST(body.at("name").as_string() == handle.name);
    BOOST_TEST(handle.name.find(h.store().instance_id()) != std::string::npos);
    BOOST_TEST(handle.terminal);
}

BOOST_AUTO_TEST_CASE(numbers_reach_the_batch_args_and_the_store_as_people_write_them) {
    EngineHarness h(never_finishing());
    std::ofstream(h.settings.jobs_dir / "train.py") << "print('train')\n";
    h.boot();
    const RowId run = h.start(R"(name: numbers
params:
  rows: {type: integer, default: 5000}
  ks_min: {type: number, default: 0.2}
  tiny: {type: number, default: 0.000125}
steps:
  - id: train
    type: livy_batch
    file: jobs/train.py
    args: [--rows, "${params.rows}", --ks, "${params.ks_min}", --tiny, "${params.tiny}", --out, "o/${run.uid}"]
)");
    BOOST_REQUIRE(batch_id(h, run, "train") >= 0);
    BOOST_REQUIRE(h.run_until([&] { return !batch_posts(h).empty(); }));
    const auto args = batch_posts(h).at(0).at("args").as_array();
    BOOST_TEST(args.at(1).as_string() == "5000");
    BOOST_TEST(args.at(3).as_string() == "0.2");
    BOOST_TEST(args.at(5).as_string() == "0.000125");
    const std::string uid = h.run(run).uid;
    BOOST_TEST(uid.size() == 26U);
    BOOST_TEST(args.at(7).as_string() == "o/" + uid);  // ${run.uid} interpolates
    BOOST_TEST(h.run(run).params_json == R"({"ks_min":0.2,"rows":5000,"tiny":0.000125})");
}

BOOST_AUTO_TEST_CASE(a_dead_batch_is_retried_with_backoff_then_fails_the_run) {
    HarnessOptions options;
    options.fake.model.batch_outcome = fake_livy::BatchOutcome::dead;
    EngineHarness h(options);
    h.boot();
    const RowId run = h.start(R"(name: flaky
steps:
  - id: job
    type: livy_batch
    file: /abs/job.py
    retry: {max: 2, delay: 10s, factor: 3}
)");
    const auto attempt_failed = [&](int attempt) {
        return h.run_until([&] {
            auto exec = h.store().runs().latest_step(run, "job");
            return exec && exec->attempt == attempt && exec->state == store::StepState::failed;
        });
    };
    BOOST_REQUIRE(attempt_failed(1));
    BOOST_TEST(h.step(run, "job").error.value_or("").find("ended in state dead") != std::string::npos);
    h.settle();
    h.advance(9s);
    BOOST_TEST(h.step(run, "job").attempt == 1);  // not yet: the first retry waits 10 s
    h.advance(1s);
    BOOST_REQUIRE(attempt_failed(2));
    h.advance(29s);
    BOOST_TEST(h.step(run, "job").attempt == 2);  // the second waits 10 s * 3
    h.advance(1s);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(h.step(run, "job").attempt == 3);
    const auto posts = batch_posts(h);
    BOOST_REQUIRE_EQUAL(posts.size(), 3U);
    BOOST_TEST(posts[0].at("name").as_string() != posts[1].at("name").as_string());
    BOOST_TEST(h.run(run).error.value_or("").find("step 'job' failed") == 0U);
}

BOOST_AUTO_TEST_CASE(a_dead_batch_fails_its_step_with_the_jobs_error_and_the_yarn_diagnostics) {
    EngineLogCapture server_log;
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: diag
steps:
  - {id: train, type: livy_batch, file: /abs/train.py}
)");
    const auto id = batch_id(h, run, "train");
    h.livy().call([&] {
        using fake_livy::LogStream;
        auto& model = h.livy().fake().model();
        const auto batches = fake_livy::Collection::batches;
        const int b = static_cast<int>(id);
        model.append_log(batches, b, LogStream::stdout_stream,
                         "24/05/01 06:00:00 INFO SparkContext: Running Spark");
        model.append_log(batches, b, LogStream::stderr_stream, "usage: train.py [-h] --rows ROWS");
        model.append_log(batches, b, LogStream::stderr_stream,
                         "train.py: error: --rows must be at least 100");
        model.append_log(batches, b, LogStream::stderr_stream,
                         "24/05/01 06:00:01 INFO ShutdownHookManager: Shutdown hook called");
        model.set_yarn_diagnostics(batches, b,
                                   {"Application application_1_0001 failed 1 times due to AM Container for "
                                    "appattempt_1_0001_000001 exited with  exitCode: 1",
                                    "Failing this attempt."});
        return model.force_state(batches, b, "dead");
    });
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const std::string error = h.step(run, "train").error.value_or("");
    const std::string head = "step 'train': batch " + std::to_string(id) +
                             " ended in state dead: train.py: error: --rows must be at least 100";
    BOOST_TEST(
        error.find(
            head +
            "\nYARN diagnostics: Application application_1_0001 failed 1 times due to AM "
            "Container for appattempt_1_0001_000001 exited with  exitCode: 1\nFailing this attempt.") == 0U,
        error);
    BOOST_TEST(error.find("INFO") == std::string::npos, error);
    BOOST_TEST(h.run(run).error.value_or("").find(head) != std::string::npos, h.run(run).error.value_or(""));
    BOOST_TEST(contains(h.log(run, "train"), "[yarn_diagnostics] Failing this attempt."));
    BOOST_TEST(contains(h.log(run, "train"), "[stderr] train.py: error: --rows must be at least 100"));

    // The server log says which step of which run failed, and why, at info.
    const std::string logged = server_log.text();
    BOOST_TEST(logged.find("info run_id=" + std::to_string(run) +
                           " workflow=diag step=train attempt=1 state=failed error=\"" + head + "\"\n") !=
                   std::string::npos,
               logged);
    BOOST_TEST(logged.find("info run_id=" + std::to_string(run) +
                           " workflow=diag state=failed error=\"step 'train' failed: " + head + "\"\n") !=
                   std::string::npos,
               logged);
}

BOOST_AUTO_TEST_CASE(a_python_traceback_in_livys_merged_output_gives_the_exception_line) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: traceback
steps:
  - {id: score, type: livy_batch, file: /abs/score.py}
)");
    const auto id = batch_id(h, run, "score");
    h.livy().call([&] {
        auto& model = h.livy().fake().model();
        const int b = static_cast<int>(id);
        for (const char* line :
             {"Traceback (most recent call last):", "  File \"/abs/score.py\", line 9, in <module>",
              "    main()", "KeyError: 'customer_id'",
              "24/05/01 06:00:01 INFO SparkContext: Invoking stop() from shutdown hook", ""}) {
            model.append_log(fake_livy::Collection::batches, b, fake_livy::LogStream::stdout_stream, line);
        }
        return model.force_state(fake_livy::Collection::batches, b, "dead");
    });
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const std::string error = h.step(run, "score").error.value_or("");
    BOOST_TEST(error == "step 'score': batch " + std::to_string(id) +
                            " ended in state dead: KeyError: 'customer_id'",
               error);
}

BOOST_AUTO_TEST_CASE(the_spark_application_and_its_links_are_kept_with_the_handle) {
    HarnessOptions options;
    options.fake.model.batch_start = fake_livy::kNever;
    options.fake.model.batch_run = fake_livy::kNever;
    EngineHarness h(options);
    h.boot();
    const RowId run = h.start(R"(name: links
steps:
  - {id: train, type: livy_batch, file: /abs/train.py}
)");
    const auto id = batch_id(h, run, "train");
    const auto handle = [&] {
        return h.store().livy().find_handle(h.step(run, "train").id, store::LivyKind::batch).value();
    };
    h.settle();
    BOOST_TEST((handle().app == store::LivyAppInfo{}));  // nothing reported while starting
    h.livy().call([&] {
        auto& model = h.livy().fake().model();
        model.set_app_info(fake_livy::Collection::batches, static_cast<int>(id),
                           {"application_1_0001", "http://nm:8042/node/containerlogs/c_01/u",
                            "http://rm:8088/proxy/application_1_0001/"});
        return model.force_state(fake_livy::Collection::batches, static_cast<int>(id), "running");
    });
    BOOST_REQUIRE(h.run_until([&] { return handle().app.spark_ui_url.has_value(); }));
    BOOST_TEST(*handle().app.app_id == "application_1_0001");
    BOOST_TEST(*handle().app.driver_log_url == "http://nm:8042/node/containerlogs/c_01/u");
    BOOST_TEST(*handle().app.spark_ui_url == "http://rm:8088/proxy/application_1_0001/");
    const auto seen = std::find_if(h.record().events.begin(), h.record().events.end(),
                                   [](const engine::EngineEvent& e) { return e.type == "livy.app_info"; });
    BOOST_REQUIRE(seen != h.record().events.end());
    const auto payload = json::parse(seen->payload_json).as_object();
    BOOST_TEST(payload.at("spark_ui_url").as_string() == "http://rm:8088/proxy/application_1_0001/");
    BOOST_TEST(payload.at("livy_id").as_string() == std::to_string(id));

    // Livy forgetting the links later (a finished YARN app) keeps what was known.
    h.livy().call([&] {
        auto& model = h.livy().fake().model();
        model.set_app_info(fake_livy::Collection::batches, static_cast<int>(id),
                           {"application_1_0001", {}, {}});
        return model.force_state(fake_livy::Collection::batches, static_cast<int>(id), "success");
    });
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(*handle().app.spark_ui_url == "http://rm:8088/proxy/application_1_0001/");
    BOOST_TEST(std::count_if(h.record().events.begin(), h.record().events.end(),
                             [](const engine::EngineEvent& e) { return e.type == "livy.app_info"; }) == 1);
}

BOOST_AUTO_TEST_CASE(a_timed_out_batch_is_deleted_in_livy) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: slow
steps:
  - {id: job, type: livy_batch, file: /abs/job.py, timeout: 10m}
)");
    const auto id = batch_id(h, run, "job");
    h.settle();
    h.advance(9min);
    BOOST_TEST((h.run(run).state == store::RunState::running));
    h.advance(1min);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "job").state == store::StepState::timed_out));
    BOOST_TEST(h.livy().count("DELETE", "/batches/" + std::to_string(id)) == 1U);
    BOOST_TEST(h.has_event(run, "livy.deleted"));
}

BOOST_AUTO_TEST_CASE(a_batch_gone_from_livy_fails_the_step) {
    EngineHarness h(never_finishing());
    h.boot();
    const RowId run = h.start(R"(name: vanishing
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    const auto id = batch_id(h, run, "job");
    h.livy().call(
        [&] { return h.livy().fake().model().forget(fake_livy::Collection::batches, static_cast<int>(id)); });
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(h.step(run, "job").error.value_or("").find("Livy no longer knows batch") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(livy_refusing_the_batch_fails_the_step) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        h.livy().fake().add_fault(fake_livy::reply_fault(
            "POST", "/batches", 400,
            R"({"msg":"requirement failed: Local path /abs/job.py cannot be added to user sessions."})"));
        return 0;
    });
    const RowId run = h.start(R"(name: refused
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(
        h.step(run, "job").error.value_or("").find("cannot be added to user sessions") != std::string::npos,
        h.step(run, "job").error.value_or(""));
}

BOOST_AUTO_TEST_SUITE_END()
