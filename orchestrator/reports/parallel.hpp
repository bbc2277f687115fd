#pragma once

#include <cstddef>
#include <functional>

namespace steward::reports {

/// Number of worker threads the reports module uses for parsing and sorting: the
/// `STEWARD_REPORT_THREADS` environment variable when set to 1..64, else the hardware concurrency
/// (at least 1, at most 16). Thread-safe.
unsigned worker_threads();

/// Runs `task(i)` for every i in [0, tasks) on up to `threads` threads, the calling thread
/// included, and returns when all have finished (fork-join; no pool outlives the call). Tasks are
/// handed out in order, so equal-sized tasks balance. If tasks throw, the first exception is
/// rethrown after every thread has joined. `task` must be safe to call concurrently.
void parallel_for(std::size_t tasks, unsigned threads, const std::function<void(std::size_t)>& task);

}  // namespace steward::reports
