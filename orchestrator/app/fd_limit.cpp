#include "orchestrator/app/fd_limit.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <limits>

namespace steward::app {
namespace {

// Refusals written at once over the connection limit (orchestrator/api/server.cpp kMaxRefusing),
// the spare descriptor and the listening socket.
constexpr std::uint64_t kClientOverhead = 64 + 2;
// Requests to Livy in flight beyond the idle pool: submissions, polls, log fetches and deletes
// of runs progressing at once (list polling makes one request per interval for all batches).
constexpr std::uint64_t kLivyInFlight = 64;
// Everything else: stdin/stdout/stderr, log files, SQLite (database, WAL and shared-memory files for
// the writer and a small pool of readers, temporary files), epoll, eventfd and the signal pipe, the
// instance lock, webhook calls.
constexpr std::uint64_t kReserved = 64;

std::uint64_t from_rlim(rlim_t value) {
    return value == RLIM_INFINITY ? std::numeric_limits<std::uint64_t>::max()
                                  : static_cast<std::uint64_t>(value);
}

std::string limit_text(std::uint64_t value) {
    return value == std::numeric_limits<std::uint64_t>::max() ? "unlimited" : std::to_string(value);
}

}  // namespace

DescriptorBudget descriptor_budget(const Config& config) {
    DescriptorBudget budget;
    budget.clients = config.http.max_connections + kClientOverhead;
    budget.livy = config.livy.max_connections + kLivyInFlight;
    budget.reserved = kReserved;
    return budget;
}

std::uint64_t wanted_soft_limit(std::uint64_t needed, std::uint64_t soft, std::uint64_t hard) noexcept {
    return soft >= needed ? soft : std::min(needed, hard);
}

void describe_descriptor_limit(const Config& config, const DescriptorBudget& budget,
                               DescriptorLimit& result) {
    const std::string parts = std::to_string(budget.clients) + " for clients (http.max_connections " +
                              std::to_string(config.http.max_connections) + "), " +
                              std::to_string(budget.livy) + " for Livy (livy.max_connections " +
                              std::to_string(config.livy.max_connections) + "), " +
                              std::to_string(budget.reserved) + " for the database, logs and the rest";
    result.summary =
        "file descriptors: limit " + limit_text(result.soft) +
        (result.soft != result.soft_before ? " (raised from " + limit_text(result.soft_before) + ")" : "") +
        ", hard limit " + limit_text(result.hard) + "; the configured caps need " +
        std::to_string(result.needed) + ": " + parts;
    result.warning.clear();
    if (result.soft >= result.needed) {
        return;
    }
    const std::uint64_t fixed = budget.total() - config.http.max_connections;
    const std::uint64_t fitting = result.soft > fixed ? result.soft - fixed : 0;
    result.warning = "the file descriptor limit " + limit_text(result.soft) + " (hard limit " +
                     limit_text(result.hard) + ") is below the " + std::to_string(result.needed) +
                     " the configured caps need (" + parts +
                     "): new connections will be closed when descriptors run out. Raise it to at least " +
                     std::to_string(result.needed) + " (`ulimit -n " + std::to_string(result.needed) +
                     "` before steward serve, or LimitNOFILE=" + std::to_string(result.needed) +
                     " in its systemd unit), or lower http.max_connections to " + std::to_string(fitting);
}

DescriptorLimit check_descriptor_limit(const Config& config) {
    const DescriptorBudget budget = descriptor_budget(config);
    DescriptorLimit result;
    result.needed = budget.total();
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        result.soft_before = result.soft = from_rlim(limit.rlim_cur);
        result.hard = from_rlim(limit.rlim_max);
        const std::uint64_t wanted = wanted_soft_limit(result.needed, result.soft, result.hard);
        if (wanted != result.soft) {
            rlimit raised = limit;
            raised.rlim_cur = static_cast<rlim_t>(wanted);
            if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
                result.soft = wanted;
            }
        }
    }
    describe_descriptor_limit(config, budget, result);
    return result;
}

}  // namespace steward::app
