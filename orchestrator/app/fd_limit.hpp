#pragma once

// How many file descriptors `steward serve` needs for its configured caps, and the process limit
// (RLIMIT_NOFILE) checked, and raised when it can be, at start (docs/server.md, "Connections and
// file descriptors").

#include "orchestrator/app/config.hpp"

#include <cstdint>
#include <string>

namespace steward::app {

/// The descriptors the server may hold at once, by consumer. Plain value type.
struct DescriptorBudget {
    std::uint64_t clients = 0;   ///< http.max_connections + refusals in flight + the spare + the listener
    std::uint64_t livy = 0;      ///< livy.max_connections idle + requests in flight to Livy
    std::uint64_t reserved = 0;  ///< stdio, logs, SQLite (database, WAL, shared memory, readers), the
                                 ///< event loop, the instance lock, webhook calls
    [[nodiscard]] std::uint64_t total() const noexcept { return clients + livy + reserved; }
};

/// The budget for `config`'s caps. Pure.
[[nodiscard]] DescriptorBudget descriptor_budget(const Config& config);

/// What the check found and did. Plain value type.
struct DescriptorLimit {
    std::uint64_t soft_before = 0;  ///< the soft limit the process started with
    std::uint64_t soft = 0;         ///< the soft limit now (raised toward `hard` when needed)
    std::uint64_t hard = 0;
    std::uint64_t needed = 0;  ///< DescriptorBudget::total()
    /// A warning naming the numbers and the fix when `soft` is still below `needed`; "" otherwise.
    std::string warning;
    /// One line for the log: the limit, whether it was raised, and the budget.
    std::string summary;
};

/// The soft limit to ask for: `needed` (with `hard` as the ceiling) when `soft` is below it, else
/// `soft` unchanged. Pure; a limit of RLIM_INFINITY is passed as UINT64_MAX.
[[nodiscard]] std::uint64_t wanted_soft_limit(std::uint64_t needed, std::uint64_t soft,
                                              std::uint64_t hard) noexcept;

/// The summary and, when `result.soft < result.needed`, the warning, for `budget` and `config`'s
/// caps. Pure.
void describe_descriptor_limit(const Config& config, const DescriptorBudget& budget, DescriptorLimit& result);

/// Reads RLIMIT_NOFILE, raises the soft limit toward the hard limit when it is below what
/// `config`'s caps need, and describes the outcome. Never throws but bad_alloc; a failing
/// getrlimit/setrlimit leaves the limit as it was (and the warning says so when it is too low).
[[nodiscard]] DescriptorLimit check_descriptor_limit(const Config& config);

}  // namespace steward::app
