#pragma once

// Read-only connections for heavy API reads (docs/store.md, "Read connections"): a few threads,
// each with its own SQLITE_OPEN_READONLY connection to the store's file, running queued read jobs
// so that one page of a large list never holds up the io_context thread (timers, polls, health).

#include "orchestrator/store/audit_log.hpp"
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/registry.hpp"
#include "orchestrator/store/report_store.hpp"
#include "orchestrator/store/run_store.hpp"
#include "orchestrator/store/task_store.hpp"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace steward::store {

/// The repositories a read job may use, over one connection. Only their read methods are meant
/// (on a read-only connection a write throws `StoreError`, SQLITE_READONLY). Valid during the job.
struct ReadView {
    RunStore& runs;
    TaskStore& tasks;
    ReportStore& reports;
    AuditLog& audit;
    Registry& registry;
};

/// One read-only connection with its repositories. Not thread-safe: one thread at a time.
class ReadStore {
public:
    /// Opens `path` read-only. Throws `StoreError` as `Database(path, Database::ReadOnly)`.
    explicit ReadStore(const std::string& path);
    ReadStore(const ReadStore&) = delete;
    ReadStore& operator=(const ReadStore&) = delete;

    /// The repositories over this connection.
    ReadView view() noexcept { return ReadView{runs_, tasks_, reports_, audit_, registry_}; }

private:
    Database db_;
    RunStore runs_;
    TaskStore tasks_;
    ReportStore reports_;
    AuditLog audit_;
    Registry registry_;
};

/// How a `ReadPool` runs.
struct ReadPoolSettings {
    std::size_t threads = 2;      ///< worker threads, one read-only connection each (1..8)
    std::size_t max_queued = 64;  ///< jobs waiting for a thread at most; `submit` refuses beyond
    /// Tests only: called on the worker thread before each job (e.g. to hold it until released).
    std::function<void()> before_job{};
};

/// A bounded queue of read jobs run by `settings.threads` threads, each on its own `ReadStore`
/// (the connections never leave their thread). Every job sees the data committed before its
/// statements start (WAL: a statement, or a job's explicit read transaction, is one snapshot).
///
/// Threading: `submit` and `pending` may be called from any thread; a job runs on a worker thread
/// and must hand its result back by value (e.g. by posting to the io_context). Exceptions a job
/// throws are its own business: the pool catches and drops them (a job should not throw).
class ReadPool {
public:
    /// A read job: gets the repositories of the worker's connection.
    using Job = std::function<void(ReadView)>;

    /// Opens one read-only connection per thread on the existing database `path` (which the
    /// writer's `Store` created and put in WAL mode) and starts the threads. Throws `StoreError`
    /// when a connection cannot be opened, std::invalid_argument for 0 or more than 8 threads.
    ReadPool(const std::string& path, ReadPoolSettings settings);
    /// Stops the threads after their current job; jobs still queued are dropped (destroyed
    /// without running).
    ~ReadPool();
    ReadPool(const ReadPool&) = delete;
    ReadPool& operator=(const ReadPool&) = delete;

    /// Queues `job`; false (and `job` dropped) when `max_queued` jobs already wait or the pool
    /// is stopping: the caller answers "busy" at once.
    [[nodiscard]] bool submit(Job job);
    /// Jobs queued or running now.
    [[nodiscard]] std::size_t pending() const;
    /// The settings the pool runs with.
    [[nodiscard]] const ReadPoolSettings& settings() const noexcept { return settings_; }

private:
    void work(ReadStore& store);

    ReadPoolSettings settings_;
    std::vector<std::unique_ptr<ReadStore>> stores_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Job> queue_;
    std::size_t running_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;  // last: started once everything else exists
};

}  // namespace steward::store
