// bench_engine: the engine benchmark driver behind scripts/bench-engine.sh.
//
//   bench_engine tracking --steward PATH --fake PATH [--runs 1000] [--seconds 60] [--poll 1s]
//                         [--list-polling true|false] [--log-seconds 2] [--log-nth 10]
//       starts fake_livy_server (batches stay running; every LOG-NTH batch prints a stdout line
//       every LOG-SECONDS) and `steward serve` (temp dir, `livy.list_polling` as given), starts
//       RUNS runs of a one-step livy_batch workflow over the API, waits until every batch exists,
//       then measures the steward process for SECONDS: CPU (utime+stime from /proc/PID/stat),
//       peak RSS (VmHWM), and the requests the fake received by route (its `GET /_fake/requests`)
//       per poll interval. Prints "tracking_cpu_percent X", "tracking_peak_rss_mb Y",
//       "tracking_state_requests_per_interval Z", ...
//   bench_engine transitions [--runs 100] [--steps 20]
//       an in-process engine on a temp database file runs RUNS runs of a chain of STEPS gate steps
//       concurrently; prints "transitions_per_second X" (step transitions, each one committed) and
//       checks afterwards, on a fresh connection, that every step execution was committed.
//   bench_engine acknowledged [--runs 100] [--steps 20] [--answers 200] [--durable true|false]
//       the same chains, plus ANSWERS runs of a one user_task workflow, all started as the API
//       starts runs; while the chains run, a coroutine answers each task as the API does (the
//       engine command, its audit row, then `sync_commits()` before the reply) and times it.
//       With --durable true every start and answer is synced before it counts as acknowledged
//       (docs/store.md); false measures the same without the syncs (the baseline). Transitions
//       per second count the chains' steps from the first start until the last chain ended. Prints
//       "ack_transitions_per_second", "ack_answer_p50_ms", "ack_answer_p99_ms", "ack_syncs".
//
// Exit status 0 when the measurement completed (pass/fail against goals is the script's job).
#include "orchestrator/app/api_client.hpp"
#include "orchestrator/engine/engine.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/crash/child_process.hpp"

#include "livy_client/client.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
namespace asio = boost::asio;
using namespace std::chrono_literals;
using steward::crash_test::ChildProcess;

namespace {

std::map<std::string, std::string> parse_flags(int argc, char** argv, int first) {
    std::map<std::string, std::string> flags;
    for (int i = first; i + 1 < argc; i += 2) {
        flags[argv[i]] = argv[i + 1];
    }
    return flags;
}

std::string flag(const std::map<std::string, std::string>& flags, const std::string& name,
                 const std::string& fallback) {
    const auto it = flags.find(name);
    return it == flags.end() ? fallback : it->second;
}

fs::path temp_dir(const std::string& what) {
    fs::path dir = fs::temp_directory_path() / ("steward-bench-" + what + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// utime + stime of a process, in seconds.
double cpu_seconds(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    std::istringstream fields(text.substr(close + 2));
    std::string skip;
    for (int i = 3; i < 14; ++i) fields >> skip;  // fields 3..13
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    fields >> utime >> stime;
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

// A "Vm...:" value of /proc/PID/status in MiB.
double status_mb(int pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key + ":", 0) == 0) {
            return std::stod(line.substr(key.size() + 1)) / 1024.0;  // kB
        }
    }
    return -1;
}

// Milliseconds of a duration as the config writes it ("1s", "500ms", "2m").
double duration_ms(const std::string& text) {
    const auto unit = text.find_first_not_of("0123456789.");
    const double value = std::stod(text.substr(0, unit));
    const std::string suffix = unit == std::string::npos ? "ms" : text.substr(unit);
    return suffix == "s" ? value * 1000 : suffix == "m" ? value * 60'000 : value;
}

// The fake's request counts by route.
std::map<std::string, double> route_counts(const std::string& livy) {
    std::map<std::string, double> out;
    const auto reply = steward::app::api_call(livy, "GET", "/_fake/requests");
    if (reply.status != 200) {
        return out;
    }
    const boost::json::value counts = boost::json::parse(reply.body);
    for (const auto& [route, n] : counts.as_object()) {
        out[std::string(route)] = static_cast<double>(n.as_int64());
    }
    return out;
}

double delta(const std::map<std::string, double>& before, const std::map<std::string, double>& after,
             const std::string& route) {
    const auto a = after.find(route);
    const auto b = before.find(route);
    return (a == after.end() ? 0.0 : a->second) - (b == before.end() ? 0.0 : b->second);
}

int tracking(const std::map<std::string, std::string>& flags) {
    const int runs = std::stoi(flag(flags, "--runs", "1000"));
    const int seconds = std::stoi(flag(flags, "--seconds", "60"));
    const std::string poll = flag(flags, "--poll", "1s");
    const std::string list_polling = flag(flags, "--list-polling", "true");
    const std::string log_seconds = flag(flags, "--log-seconds", "2");
    const int log_nth = std::stoi(flag(flags, "--log-nth", "10"));
    const fs::path dir = temp_dir("tracking");
    fs::create_directories(dir / "workflows");
    fs::create_directories(dir / "jobs" / "bench");
    std::ofstream(dir / "jobs" / "bench" / "track.py") << "print('tracked')\n";
    std::ofstream(dir / "workflows" / "track.yaml") << "name: track\nsteps:\n"
                                                       "  - id: batch\n    type: livy_batch\n"
                                                       "    file: jobs/bench/track.py\n";
    ChildProcess fake({flag(flags, "--fake", ""), "--batch-start-seconds", "0.1", "--batch-seconds", "never",
                       "--batch-log-seconds", log_seconds, "--batch-log-every-nth", std::to_string(log_nth)},
                      (dir / "fake.log").string());
    const auto port = fake.read_line(30s);
    if (!port) {
        std::cerr << "bench: the fake Livy did not start\n";
        return 1;
    }
    std::ofstream(dir / "steward.yaml") << "http: {listen: '127.0.0.1:0'}\n"
                                        << "livy: {url: 'http://127.0.0.1:" << *port
                                        << "', poll_interval: " << poll << ", max_connections: 64"
                                        << ", list_polling: " << list_polling << "}\n"
                                        << "store: {path: steward.db}\nlogging: {level: warn}\n"
                                        << "roles: {bench: {permissions: [view, trigger]}}\n"
                                        << "users: {bench: {roles: [bench]}}\n";
    std::string token;
    {
        ChildProcess create(
            {flag(flags, "--steward", ""), "token", "create", "--config", (dir / "steward.yaml").string(),
             "--user", "bench", "--scope", "read,runs:trigger"},
            (dir / "token.log").string());
        const auto line = create.read_line(30s);
        if (!line || line->rfind("stw_", 0) != 0) {
            std::cerr << "bench: steward token create failed; see " << (dir / "token.log").string() << "\n";
            return 1;
        }
        token = *line;
        (void)create.wait(30s);
    }
    const std::vector<std::pair<std::string, std::string>> bearer{{"Authorization", "Bearer " + token}};
    std::vector<std::pair<std::string, std::string>> post_headers = bearer;
    post_headers.emplace_back("Content-Type", "application/json");
    ChildProcess steward({flag(flags, "--steward", ""), "serve", "--config", (dir / "steward.yaml").string()},
                         (dir / "steward.log").string());
    const auto listening = steward.read_line(60s);
    if (!listening || listening->rfind("steward: listening on ", 0) != 0) {
        std::cerr << "bench: steward serve did not start; see " << (dir / "steward.log").string() << "\n";
        return 1;
    }
    const std::string url = listening->substr(std::string("steward: listening on ").size());
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < runs; ++i) {
        const auto reply =
            steward::app::api_call(url, "POST", "/api/workflows/track/runs", "{}", post_headers);
        if (reply.status != 201) {
            std::cerr << "bench: start run: " << steward::app::describe_failure(reply) << "\n";
            return 1;
        }
    }
    const std::string livy = "http://127.0.0.1:" + *port;
    for (;;) {
        const auto reply = steward::app::api_call(livy, "GET", "/batches?from=0&size=1");
        if (reply.status == 200 && boost::json::parse(reply.body).at("total").as_int64() >= runs)
            break;
        if (std::chrono::steady_clock::now() - started > 300s) {
            std::cerr << "bench: the batches were not all submitted within 300 s\n";
            return 1;
        }
        std::this_thread::sleep_for(200ms);
    }
    const double setup = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::this_thread::sleep_for(3s);  // let the first polls settle
    const double cpu0 = cpu_seconds(steward.pid());
    const auto counts0 = route_counts(livy);
    const auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const double cpu1 = cpu_seconds(steward.pid());
    const auto counts1 = route_counts(livy);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double hwm = status_mb(steward.pid(), "VmHWM");
    const double rss = status_mb(steward.pid(), "VmRSS");
    const auto active = steward::app::api_call(url, "GET", "/api/runs?state=running&limit=1000", {}, bearer);
    const auto running =
        active.status == 200 ? boost::json::parse(active.body).at("runs").as_array().size() : 0;
    std::printf("tracking_runs %d\ntracking_running_at_end %zu\ntracking_setup_seconds %.1f\n", runs, running,
                setup);
    std::printf(
        "tracking_seconds %.1f\ntracking_cpu_percent %.2f\ntracking_peak_rss_mb %.1f\ntracking_rss_mb %.1f\n",
        wall, 100.0 * (cpu1 - cpu0) / wall, hwm, rss);
    // Requests per poll interval over the window: state = everything that tells a batch's state
    // (the list pages, per-batch state and batch GETs); log = per-batch log GETs.
    const double intervals = wall * 1000.0 / duration_ms(poll);
    const double lists = delta(counts0, counts1, "GET /batches");
    const double states = lists + delta(counts0, counts1, "GET /batches/{id}/state") +
                          delta(counts0, counts1, "GET /batches/{id}");
    const double logs = delta(counts0, counts1, "GET /batches/{id}/log");
    const double printing = std::ceil(static_cast<double>(runs) / static_cast<double>(log_nth));
    std::printf("tracking_list_polling %s\ntracking_intervals %.1f\n", list_polling.c_str(), intervals);
    std::printf("tracking_state_requests_per_interval %.1f\ntracking_list_requests_per_interval %.1f\n",
                states / intervals, lists / intervals);
    std::printf("tracking_log_requests_per_interval %.1f\ntracking_batches_printing %.0f\n", logs / intervals,
                printing);
    std::printf("tracking_batches_printing_per_interval %.1f\n",
                printing * std::min(1.0, duration_ms(poll) / (1000.0 * std::stod(log_seconds))));
    steward.send(SIGKILL);
    fake.send(SIGTERM);
    (void)steward.wait(10s);
    (void)fake.wait(10s);
    fs::remove_all(dir);
    return 0;
}

std::string chain_workflow(int steps) {
    std::string yaml = "name: chain\nparams:\n  n: {type: integer, default: 1}\nsteps:\n";
    for (int i = 1; i <= steps; ++i) {
        const std::string next = i == steps ? "end" : "g" + std::to_string(i + 1);
        yaml.append("  - id: g").append(std::to_string(i));
        yaml.append("\n    type: gate\n    cases:\n      - if: params.n < 0\n        goto: ").append(next);
        yaml.append("\n    default: ").append(next).append("\n");
    }
    return yaml;
}

struct RunAll {
    steward::engine::Engine* engine;
    std::vector<steward::store::RowId>* ids;
    asio::io_context* io;
    int* finished;
};

asio::awaitable<void> await_all(RunAll all) {
    for (const auto id : *all.ids) {
        co_await all.engine->wait_for_run(id);
        ++*all.finished;
    }
    co_await all.engine->shutdown();
    all.io->stop();
}

struct Ignore {
    void operator()(const std::exception_ptr& e) const {
        if (e)
            std::rethrow_exception(e);
    }
};

int transitions(const std::map<std::string, std::string>& flags) {
    const int runs = std::stoi(flag(flags, "--runs", "100"));
    const int steps = std::stoi(flag(flags, "--steps", "20"));
    const fs::path dir = temp_dir("transitions");
    const std::string db_path = (dir / "steward.db").string();
    std::vector<steward::store::RowId> ids;
    int finished = 0;
    double elapsed = 0;
    {
        asio::io_context io{1};
        steward::store::Store db(db_path);
        livy::ClientConfig livy_config;
        livy::Client livy(io.get_executor(), livy_config);
        steward::engine::SystemClock clock;
        steward::engine::Engine engine(io.get_executor(), db, livy, clock, {});
        auto added = engine.add_workflow(chain_workflow(steps), "chain.yaml");
        if (!added) {
            std::cerr << "bench: " << added.error().message << "\n";
            return 1;
        }
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < runs; ++i) {
            auto id = engine.start_run("chain", {}, "bench");
            if (!id) {
                std::cerr << "bench: " << id.error().message << "\n";
                return 1;
            }
            ids.push_back(*id);
        }
        asio::co_spawn(io, await_all(RunAll{&engine, &ids, &io, &finished}), Ignore{});
        io.run();
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    // Every transition committed: a fresh connection sees every step of every run succeeded.
    steward::store::Store check(db_path);
    long committed = 0;
    for (const auto id : ids) {
        if (check.runs().get_run(id).value().state != steward::store::RunState::succeeded) {
            std::cerr << "bench: run " << id << " did not succeed\n";
            return 1;
        }
        for (const auto& exec : check.runs().list_steps(id)) {
            committed += exec.state == steward::store::StepState::succeeded ? 1 : 0;
        }
    }
    const long expected = static_cast<long>(runs) * steps;
    std::printf("transitions_runs %d\ntransitions_steps_per_run %d\ntransitions_committed %ld\n", runs, steps,
                committed);
    std::printf("transitions_seconds %.3f\ntransitions_per_second %.0f\n", elapsed,
                static_cast<double>(committed) / elapsed);
    fs::remove_all(dir);
    return committed == expected ? 0 : 1;
}

struct Answering {
    steward::engine::Engine* engine;
    steward::store::Store* db;
    int answers;
    bool durable;
    std::vector<double>* latencies_ms;
};

// Answers tasks 1..answers in order as POST /api/tasks/{id}/complete does, timing each one from
// the command to the reply being allowed out (after the sync when durable).
asio::awaitable<void> answer_all(Answering a) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (steward::store::RowId id = 1; id <= a.answers; ++id) {
        while (true) {
            auto task = a.db->tasks().get(id);
            if (task && steward::store::is_answerable(task->state))
                break;
            timer.expires_after(std::chrono::milliseconds(1));
            co_await timer.async_wait(asio::use_awaitable);
        }
        timer.expires_after(std::chrono::microseconds(500));  // let the chains move in between
        co_await timer.async_wait(asio::use_awaitable);
        const auto t0 = std::chrono::steady_clock::now();
        steward::engine::TaskResponse response;
        response.user = "bench";
        response.outcome = "approve";
        auto done = a.engine->complete_task(id, response);
        if (!done) {
            throw std::runtime_error("answer task " + std::to_string(id) + ": " + done.error().message);
        }
        (void)a.db->audit().append(0, "bench", "task.answer", "user_task", std::to_string(id), "{}");
        if (a.durable) {
            a.db->sync_commits();
        }
        a.latencies_ms->push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
}

// Sets `*done_at` when every run of `ids` has ended (the chains, apart from the answered runs).
asio::awaitable<void> await_chains(steward::engine::Engine* engine, std::vector<steward::store::RowId> ids,
                                   std::chrono::steady_clock::time_point* done_at) {
    for (const auto id : ids) {
        co_await engine->wait_for_run(id);
    }
    *done_at = std::chrono::steady_clock::now();
}

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
    return values[std::min(index, values.size() - 1)];
}

int acknowledged(const std::map<std::string, std::string>& flags) {
    const int runs = std::stoi(flag(flags, "--runs", "100"));
    const int steps = std::stoi(flag(flags, "--steps", "20"));
    const int answers = std::stoi(flag(flags, "--answers", "200"));
    const bool durable = flag(flags, "--durable", "true") == "true";
    const fs::path dir = temp_dir("acknowledged");
    const std::string db_path = (dir / "steward.db").string();
    std::vector<steward::store::RowId> ids;
    std::vector<double> latencies;
    int finished = 0;
    double elapsed = 0;
    double chain_seconds = 0;
    long committed = 0;
    long chain_committed = 0;
    std::int64_t syncs = 0;
    {
        asio::io_context io{1};
        steward::store::Store db(db_path);
        livy::ClientConfig livy_config;
        livy::Client livy(io.get_executor(), livy_config);
        steward::engine::SystemClock clock;
        steward::engine::Engine engine(io.get_executor(), db, livy, clock, {});
        auto chain = engine.add_workflow(chain_workflow(steps), "chain.yaml");
        auto approve = engine.add_workflow(
            "name: approve\nsteps:\n  - id: ok\n    type: user_task\n"
            "    title: Approve?\n    assignees: {users: [bench]}\n"
            "    outcomes: [approve, reject]\n",
            "approve.yaml");
        if (!chain || !approve) {
            std::cerr << "bench: " << (!chain ? chain.error().message : approve.error().message) << "\n";
            return 1;
        }
        const auto syncs0 = db.durable_syncs();
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < answers + runs; ++i) {
            auto id = engine.start_run(i < answers ? "approve" : "chain", {}, "bench");
            if (!id) {
                std::cerr << "bench: " << id.error().message << "\n";
                return 1;
            }
            if (durable) {
                db.sync_commits();  // as the API does before its 201
            }
            ids.push_back(*id);
        }
        std::chrono::steady_clock::time_point chains_done{};
        asio::co_spawn(io, answer_all(Answering{&engine, &db, answers, durable, &latencies}), Ignore{});
        asio::co_spawn(io, await_chains(&engine, std::vector(ids.begin() + answers, ids.end()), &chains_done),
                       Ignore{});
        asio::co_spawn(io, await_all(RunAll{&engine, &ids, &io, &finished}), Ignore{});
        io.run();
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        chain_seconds = std::chrono::duration<double>(chains_done - t0).count();
        syncs = db.durable_syncs() - syncs0;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            for (const auto& exec : db.runs().list_steps(ids[i])) {
                const long ok = exec.state == steward::store::StepState::succeeded ? 1 : 0;
                committed += ok;
                chain_committed += i >= static_cast<std::size_t>(answers) ? ok : 0;
            }
        }
    }
    const long expected = static_cast<long>(runs) * steps + answers;
    std::printf("ack_durable %s\nack_runs %d\nack_answers %d\nack_transitions %ld\n",
                durable ? "true" : "false", runs, answers, committed);
    // Transitions per second: the chains' steps from the first start until the last chain ended,
    // while the runs were started and the tasks answered, each acknowledged one synced.
    std::printf("ack_seconds %.3f\nack_chain_seconds %.3f\nack_transitions_per_second %.0f\n", elapsed,
                chain_seconds, static_cast<double>(chain_committed) / chain_seconds);
    std::printf("ack_answer_p50_ms %.2f\nack_answer_p99_ms %.2f\nack_answer_max_ms %.2f\nack_syncs %lld\n",
                percentile(latencies, 0.50), percentile(latencies, 0.99), percentile(latencies, 1.0),
                static_cast<long long>(syncs));
    fs::remove_all(dir);
    // The engine's own transitions never sync: only the acknowledged starts and answers do.
    const std::int64_t most_syncs = durable ? answers + runs + answers : 0;
    if (syncs > most_syncs) {
        std::cerr << "bench: " << syncs << " WAL syncs, expected at most " << most_syncs << "\n";
        return 1;
    }
    return committed == expected && static_cast<int>(latencies.size()) == answers ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: bench_engine tracking|transitions|acknowledged [--flag value ...]\n";
        return 2;
    }
    spdlog::set_level(spdlog::level::warn);  // the engine's per-run info lines would dominate
    const std::string mode = argv[1];
    const auto flags = parse_flags(argc, argv, 2);
    try {
        if (mode == "tracking")
            return tracking(flags);
        if (mode == "transitions")
            return transitions(flags);
        if (mode == "acknowledged")
            return acknowledged(flags);
    } catch (const std::exception& e) {
        std::cerr << "bench: " << e.what() << "\n";
        return 1;
    }
    std::cerr << "bench_engine: unknown mode '" << mode << "'\n";
    return 2;
}
