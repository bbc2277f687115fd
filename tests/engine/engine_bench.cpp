// engine_bench: measures the engine's two benchmark figures in one process (not a ctest; the
// benchmark script runs it, see docs/engine.md "Benchmarks").
//
//   engine_bench transitions [--runs R] [--steps N] [--db PATH]
//       R runs of a chain of N trivial steps (gates whose one case is false), every transition
//       committed; prints committed transitions per second.
//   engine_bench batches [--runs 1000] [--seconds 60] [--poll-ms 1000] [--livy URL] [--db PATH]
//       R runs, each tracking one livy_batch that keeps running, polled every poll-ms; prints the
//       engine thread's CPU time as a share of one core and the process's peak RSS. Without
//       --livy an in-process fake Livy serves on its own thread (its CPU is not counted, its
//       memory is); give the URL of a `fake_livy_server --batch-seconds never` to keep it apart.

#include "livy_client/client.hpp"
#include "orchestrator/engine/clock.hpp"
#include "orchestrator/engine/engine.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/fake_livy/fake_livy.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>

namespace asio = boost::asio;
using namespace steward;

namespace {

struct Args {
    std::string mode;
    int runs = 0;
    int steps = 200;
    int seconds = 60;
    int poll_ms = 1000;
    std::string livy;
    std::string db;
};

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

long peak_rss_kb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

std::string temp_db() {
    return (std::filesystem::temp_directory_path() / ("steward-bench-" + std::to_string(::getpid()) + ".db")).string();
}

int transitions(const Args& args) {
    const int runs = args.runs > 0 ? args.runs : 20;
    std::string yaml = "name: chain\nsteps:\n";
    for (int i = 0; i < args.steps; ++i) {
        yaml += "  - {id: s" + std::to_string(i) + ", type: gate, cases: [{if: \"1 == 2\", goto: end}]}\n";
    }
    const std::string db = args.db.empty() ? temp_db() : args.db;
    asio::io_context io{1};
    store::Store store(db);
    livy::Client client(io.get_executor(), livy::ClientConfig{});
    engine::SystemClock clock;
    engine::Engine engine(io.get_executor(), store, client, clock, engine::EngineSettings{});
    if (auto added = engine.add_workflow(yaml, "chain.yaml"); !added) {
        std::cerr << added.error().message << "\n";
        return 1;
    }
    engine.start();
    const auto started = std::chrono::steady_clock::now();
    for (int r = 0; r < runs; ++r) {
        (void)engine.start_run("chain", {}).value();
    }
    while (engine.active_runs() > 0) {
        io.run_one();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // Per run: run started + one transition per step (finish + next begun, or the end).
    const double count = static_cast<double>(runs) * (args.steps + 1);
    std::printf("transitions: %d runs x %d steps = %.0f committed transitions in %.3f s = %.0f/s\n", runs, args.steps,
                count, seconds, count / seconds);
    if (args.db.empty()) {
        std::filesystem::remove(db);
        std::filesystem::remove(db + "-wal");
        std::filesystem::remove(db + "-shm");
    }
    return 0;
}

int batches(const Args& args) {
    const int runs = args.runs > 0 ? args.runs : 1000;
    std::unique_ptr<asio::io_context> fake_io;
    std::unique_ptr<fake_livy::FakeLivy> fake;
    std::thread fake_thread;
    std::string url = args.livy;
    if (url.empty()) {
        fake_io = std::make_unique<asio::io_context>(1);
        fake_livy::FakeLivyOptions options;
        options.model.batch_run = fake_livy::kNever;
        fake = std::make_unique<fake_livy::FakeLivy>(*fake_io, options);
        fake->start();
        url = fake->base_url();
        fake_thread = std::thread([&] {
            auto guard = asio::make_work_guard(*fake_io);
            fake_io->run();
        });
    }
    const std::string db = args.db.empty() ? temp_db() : args.db;
    {
        asio::io_context io{1};
        store::Store store(db);
        livy::ClientConfig config;
        config.base_url = url;
        config.max_idle_connections = 16;
        livy::Client client(io.get_executor(), config);
        engine::SystemClock clock;
        engine::EngineSettings settings;
        settings.livy_poll_interval = std::chrono::milliseconds(args.poll_ms);
        engine::Engine engine(io.get_executor(), store, client, clock, settings);
        (void)engine.add_workflow("name: tracked\nsteps:\n  - {id: job, type: livy_batch, file: /abs/job.py}\n",
                                  "tracked.yaml")
            .value();
        engine.start();
        for (int r = 0; r < runs; ++r) {
            (void)engine.start_run("tracked", {}).value();
        }
        // Warm-up: let every batch be submitted, then measure a steady window.
        io.run_for(std::chrono::seconds(5));
        const double cpu0 = thread_cpu_seconds();
        const auto t0 = std::chrono::steady_clock::now();
        io.run_for(std::chrono::seconds(args.seconds));
        const double cpu = thread_cpu_seconds() - cpu0;
        const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::printf("batches: %d runs polled every %d ms for %.1f s: engine thread CPU %.2f s = %.1f%% of one core; "
                    "peak RSS %.1f MB; active runs %zu; Livy calls %llu\n",
                    runs, args.poll_ms, wall, cpu, 100.0 * cpu / wall, static_cast<double>(peak_rss_kb()) / 1024.0,
                    engine.active_runs(), static_cast<unsigned long long>(client.stats().total_calls));
        std::fflush(stdout);
        std::_Exit(0);  // like a kill: the runs stay resumable in the database
    }
}

}  // namespace

int main(int argc, char** argv) {
    Args args;
    if (argc < 2) {
        std::cerr << "usage: engine_bench transitions|batches [--runs R] [--steps N] [--seconds S] [--poll-ms MS] "
                     "[--livy URL] [--db PATH]\n";
        return 2;
    }
    args.mode = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--runs") {
            args.runs = std::stoi(value);
        } else if (flag == "--steps") {
            args.steps = std::stoi(value);
        } else if (flag == "--seconds") {
            args.seconds = std::stoi(value);
        } else if (flag == "--poll-ms") {
            args.poll_ms = std::stoi(value);
        } else if (flag == "--livy") {
            args.livy = value;
        } else if (flag == "--db") {
            args.db = value;
        } else {
            std::cerr << "unknown option " << flag << "\n";
            return 2;
        }
    }
    if (args.mode == "transitions") {
        return transitions(args);
    }
    if (args.mode == "batches") {
        return batches(args);
    }
    std::cerr << "unknown mode " << args.mode << "\n";
    return 2;
}
