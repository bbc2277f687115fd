// A complete run of a small workflow against the real local Livy (label `livy`):
// scripts/livy-local.sh install && scripts/livy-local.sh start, then LIVY_URL (default
// http://127.0.0.1:8998). It fails, not skips, when Livy is unreachable.

#define BOOST_TEST_MODULE engine_livy_tests
#include <boost/test/unit_test.hpp>

#include "livy_client/client.hpp"
#include "orchestrator/engine/clock.hpp"
#include "orchestrator/engine/engine.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/livy/livy_test_support.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>

using namespace steward;
namespace asio = boost::asio;

namespace {

/// Runs `op` on `io` until it completes (unlike livy_tests::run, which runs the loop for the whole
/// budget when other work, such as the engine's cron loop, keeps it busy).
template <class T>
T run_until_done(asio::io_context& io, asio::awaitable<T> op, std::chrono::seconds budget) {
    std::optional<T> result;
    std::exception_ptr failure;
    bool done = false;
    asio::co_spawn(io, std::move(op), [&](std::exception_ptr e, T value) {
        done = true;
        failure = e;
        if (!e) {
            result.emplace(std::move(value));
        }
    });
    io.restart();
    const auto give_up = std::chrono::steady_clock::now() + budget;
    while (!done && std::chrono::steady_clock::now() < give_up) {
        io.run_one_for(std::chrono::milliseconds(100));
    }
    if (failure) {
        std::rethrow_exception(failure);
    }
    if (!result) {
        throw std::runtime_error("did not finish within " + std::to_string(budget.count()) + " s");
    }
    return std::move(*result);
}

const char* kWorkflow = R"y(name: engine-livy-smoke
params:
  n: {type: integer, default: 4}
defaults:
  timeout: 15m
steps:
  - id: batch
    type: livy_batch
    file: jobs/smoke/smoke_batch.py
    args: [--tag, "run${run.id}", --n, "${params.n}"]
    conf: {spark.ui.enabled: "false"}
  - id: session
    type: livy_session
    kind: pyspark
    statements:
      - code_file: jobs/smoke/statements/one_plus_one.py
      - code: "x = {'answer': 42, 'n': ${params.n}}\n%json x"
  - id: check
    type: gate
    cases:
      - if: steps.session.outputs.answer == 42 and steps.batch.state == "succeeded"
        goto: end
    default: bad
  - {id: bad, type: fail, message: "unexpected outputs"}
)y";

engine::EngineSettings real_livy_settings() {
    engine::EngineSettings settings;
    settings.livy_poll_interval = std::chrono::milliseconds(500);
    settings.livy_log_interval = std::chrono::milliseconds(1000);
    settings.jobs_dir = std::filesystem::path(STEWARD_SOURCE_DIR) / "jobs";
    return settings;
}

/// Shuts the engine down (bounded) and removes its database; true when it stopped.
bool shut_down(asio::io_context& io, engine::Engine& engine, const std::filesystem::path& db) {
    bool stopped = false;
    struct Stopped {
        bool* flag;
        void operator()(std::exception_ptr) const { *flag = true; }
    };
    asio::co_spawn(io, engine.shutdown(), Stopped{&stopped});
    io.restart();
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!stopped && std::chrono::steady_clock::now() < give_up) {
        io.run_one_for(std::chrono::milliseconds(100));
    }
    std::filesystem::remove(db);
    std::filesystem::remove(db.string() + "-wal");
    std::filesystem::remove(db.string() + "-shm");
    return stopped;
}

// The same CSV read locally, paged through Livy and aggregated by Spark (the local Livy's Spark
// reads this host's files).
const char* kReportWorkflow = R"y(name: engine-livy-report
params:
  scored: {type: string}
defaults:
  timeout: 15m
steps:
  - {id: local, type: report, scored: "${params.scored}", reference: "${params.scored}", label: y, score: p,
     features: [x]}
  - {id: paged, type: report, scored: "${params.scored}", reference: "${params.scored}", label: y, score: p,
     features: [x], source: {mode: paged, page_size: 7, format: csv}}
  - {id: aggregate, type: report, scored: "${params.scored}", reference: "${params.scored}", label: y, score: p,
     features: [x], source: {mode: aggregate, format: csv}}
)y";

}  // namespace

BOOST_AUTO_TEST_SUITE(engine_on_real_livy)

BOOST_AUTO_TEST_CASE(reports_paged_and_aggregated_by_spark_match_the_local_figures) {
    asio::io_context io{1};
    livy::Client client(io.get_executor(), livy_tests::test_config());
    livy_tests::require_livy(io, client);

    const auto dir =
        std::filesystem::temp_directory_path() / ("steward-report-livy-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto csv = dir / "scored.csv";
    {
        std::ofstream out(csv);
        out << "y,p,x\n";
        for (int i = 0; i < 50; ++i) {
            out << (i % 3 == 0 ? 1 : 0) << ",0." << 10 + (i * 7) % 89 << "," << (i * 13) % 30 << "\n";
        }
    }
    const auto db = dir / "steward.db";
    store::Store store(db.string());
    engine::SystemClock clock;
    engine::EngineSettings settings = real_livy_settings();
    settings.data_roots = {dir};  // the local step reads the CSV directly
    engine::Engine engine(io.get_executor(), store, client, clock, std::move(settings));
    BOOST_REQUIRE(engine.add_workflow(kReportWorkflow, "engine-livy-report.yaml").has_value());
    engine.start();
    const auto run_id =
        engine.start_run("engine-livy-report", {{"scored", core::Value{csv.string()}}}).value();
    const auto state = run_until_done(io, engine.wait_for_run(run_id), std::chrono::seconds(900));
    BOOST_TEST((state == store::RunState::succeeded),
               store.runs().get_run(run_id).value().error.value_or(""));
    const auto outputs = [&](const char* step) {
        return engine::object_from_text(
            store.runs().latest_step(run_id, step).value().outputs_json.value_or(""));
    };
    const auto local = outputs("local");
    const auto paged = outputs("paged");
    const auto aggregate = outputs("aggregate");
    for (const char* figure : {"auc", "gini", "ks", "log_loss", "brier"}) {
        const double expected = local.at("metrics").at(figure).to_number<double>();
        BOOST_TEST(paged.at("metrics").at(figure).to_number<double>() == expected, figure);
        BOOST_TEST(aggregate.at("metrics").at(figure).to_number<double>() == expected, figure);
    }
    BOOST_TEST(paged.at("drift").at("x").at("psi").to_number<double>() ==
               local.at("drift").at("x").at("psi").to_number<double>());
    BOOST_TEST(aggregate.at("drift").at("x").at("psi").to_number<double>() ==
                   local.at("drift").at("x").at("psi").to_number<double>(),
               boost::test_tools::tolerance(1e-12));
    BOOST_TEST(paged.at("livy_statements").as_int64() ==
               2 + 2 * 8);  // per input: a load and 8 pages of 7 rows
    BOOST_TEST(aggregate.at("livy_statements").as_int64() == 1);
    BOOST_TEST(shut_down(io, engine, db));
    std::filesystem::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_small_workflow_runs_to_completion) {
    asio::io_context io{1};
    livy::Client client(io.get_executor(), livy_tests::test_config());
    livy_tests::require_livy(io, client);

    const auto db = std::filesystem::temp_directory_path() /
                    ("steward-engine-livy-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(db);
    store::Store store(db.string());
    engine::SystemClock clock;
    engine::Engine engine(io.get_executor(), store, client, clock, real_livy_settings());
    BOOST_REQUIRE(engine.add_workflow(kWorkflow, "engine-livy-smoke.yaml").has_value());
    engine.start();
    const auto run_id = engine.start_run("engine-livy-smoke", {}).value();

    const auto state = run_until_done(io, engine.wait_for_run(run_id), std::chrono::seconds(900));
    const auto run = store.runs().get_run(run_id).value();
    BOOST_TEST((state == store::RunState::succeeded), run.error.value_or("(no error)"));

    // The batch's log was followed and stored: Spark's known line is there, exactly once.
    const auto batch = store.runs().latest_step(run_id, "batch").value();
    const auto expected = "STEWARD_SMOKE_OK tag=run" + std::to_string(run_id) + " n=4 sum=10";
    int found = 0;
    for (const auto& line : store.livy().get_log(batch.id, 0, 10000).value()) {
        found += line.line.find(expected) != std::string::npos ? 1 : 0;
    }
    BOOST_TEST(found == 1);
    // The statement's application/json dict became outputs; its own session is gone.
    const auto session = store.runs().latest_step(run_id, "session").value();
    const auto outputs = engine::object_from_text(session.outputs_json.value_or(""));
    BOOST_TEST(outputs.at("answer").as_int64() == 42);
    BOOST_TEST(outputs.at("n").as_int64() == 4);
    const auto handle = store.livy().find_handle(session.id, store::LivyKind::session).value();
    BOOST_TEST(handle.terminal);
    const auto gone =
        run_until_done(io, client.get_session(handle.livy_id.value()), std::chrono::seconds(60));
    BOOST_TEST((!gone || livy::is_terminal_session(gone->state)));

    BOOST_TEST(shut_down(io, engine, db));
}

BOOST_AUTO_TEST_SUITE_END()
