#include "orchestrator/app/server_metrics.hpp"

#include "orchestrator/store/store.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace steward::app {
namespace {

using core::metrics::Registry;

std::string read_all(const char* path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The boot time (Unix seconds) from /proc/stat's `btime` line; nullopt when unreadable.
std::optional<double> boot_time() {
    std::istringstream in(read_all("/proc/stat"));
    std::string key;
    double value = 0;
    while (in >> key) {
        if (key == "btime" && in >> value) {
            return value;
        }
        in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    }
    return std::nullopt;
}

void collect_process(Registry& registry) {
    const long ticks = ::sysconf(_SC_CLK_TCK);
    const long page = ::sysconf(_SC_PAGESIZE);
    if (const auto stat = parse_proc_stat(read_all("/proc/self/stat")); stat && ticks > 0 && page > 0) {
        auto& cpu =
            registry.counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");
        cpu.add({}, stat->cpu_ticks / static_cast<double>(ticks) - cpu.value({}));
        registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes.")
            .set({}, stat->rss_pages * static_cast<double>(page));
        if (const auto boot = boot_time()) {
            registry
                .gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.")
                .set({}, *boot + stat->start_ticks / static_cast<double>(ticks));
        }
    }
    std::error_code ec;
    double fds = 0;
    for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end;
         it.increment(ec)) {
        ++fds;
    }
    if (!ec) {
        registry.gauge("process_open_fds", "Number of open file descriptors.").set({}, fds);
    }
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        registry.gauge("process_max_fds", "Maximum number of open file descriptors.")
            .set({}, limit.rlim_cur == RLIM_INFINITY ? -1.0 : static_cast<double>(limit.rlim_cur));
    }
}

}  // namespace

std::optional<ProcStat> parse_proc_stat(std::string_view text) {
    const auto close = text.rfind(')');
    if (close == std::string_view::npos) {
        return std::nullopt;
    }
    // After "pid (comm)": field 3 (state) onwards; utime and stime are fields 14 and 15,
    // starttime 22, rss 24 (proc(5)).
    std::vector<std::string_view> fields;
    std::string_view rest = text.substr(close + 1);
    while (!rest.empty()) {
        const auto start = rest.find_first_not_of(" \n");
        if (start == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(start);
        const auto end = std::min(rest.find_first_of(" \n"), rest.size());
        fields.push_back(rest.substr(0, end));
        rest.remove_prefix(end);
    }
    const auto number = [&fields](std::size_t field, double& out) {
        const std::size_t index = field - 3;
        if (index >= fields.size()) {
            return false;
        }
        long long value = 0;
        const auto [p, ec] =
            std::from_chars(fields[index].data(), fields[index].data() + fields[index].size(), value);
        out = static_cast<double>(value);
        return ec == std::errc{} && p == fields[index].data() + fields[index].size();
    };
    ProcStat stat;
    double utime = 0;
    double stime = 0;
    if (!number(14, utime) || !number(15, stime) || !number(22, stat.start_ticks) ||
        !number(24, stat.rss_pages)) {
        return std::nullopt;
    }
    stat.cpu_ticks = utime + stime;
    return stat;
}

void instrument_store(store::Store& store, Registry& registry) {
    auto& commits =
        registry.histogram("steward_store_commit_duration_seconds",
                           "Time to commit a store transaction (the WAL write and sync).", {},
                           {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1});
    store.set_commit_observer([&commits](double seconds) { commits.observe({}, seconds); });
}

engine::EngineSettings instrument_engine(engine::EngineSettings settings, Registry& registry) {
    auto& steps = registry.histogram(
        "steward_step_duration_seconds", "How long step attempts ran, by step type and final state.",
        {"type", "state"}, {0.1, 1, 5, 15, 30, 60, 300, 600, 1800, 3600, 10800, 43200, 86400});
    settings.on_step_end = [&steps](std::string_view type, std::string_view state, double seconds) {
        steps.observe({type, state}, seconds);
    };
    return settings;
}

livy::ClientConfig instrument_livy(livy::ClientConfig config, Registry& registry) {
    auto& requests = registry.counter("steward_livy_requests_total",
                                      "HTTP requests sent to Livy (every attempt), by route and status.",
                                      {"method", "route", "status"});
    auto& latency = registry.histogram("steward_livy_request_duration_seconds",
                                       "Time of one HTTP exchange with Livy, by route.", {"method", "route"},
                                       core::metrics::latency_buckets());
    config.on_attempt = [&requests, &latency,
                         chained = std::move(config.on_attempt)](const livy::AttemptEvent& e) {
        const std::string status = e.status != 0 ? std::to_string(e.status) : std::string("error");
        requests.add({e.method, e.route, status});
        latency.observe({e.method, e.route}, std::chrono::duration<double>(e.elapsed).count());
        if (chained) {
            chained(e);
        }
    };
    return config;
}

void add_process_metrics(Registry& registry) {
    collect_process(registry);
    registry.add_collector(collect_process);
}

}  // namespace steward::app
