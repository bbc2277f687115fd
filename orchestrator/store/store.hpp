#pragma once

#include "orchestrator/store/account_store.hpp"
#include "orchestrator/store/audit_log.hpp"
#include "orchestrator/store/backup.hpp"
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/livy_store.hpp"
#include "orchestrator/store/records.hpp"
#include "orchestrator/store/registry.hpp"
#include "orchestrator/store/report_store.hpp"
#include "orchestrator/store/run_store.hpp"
#include "orchestrator/store/session_store.hpp"
#include "orchestrator/store/stats_store.hpp"
#include "orchestrator/store/task_store.hpp"
#include "orchestrator/store/timer_store.hpp"
#include "orchestrator/store/token_store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace steward::store {

/// Steward's durable state: one SQLite database (WAL) behind domain-level repositories. Nothing
/// outside this module writes SQL.
///
/// Error contract: unexpected failures (I/O, full disk, corrupt or too-new file, a broken
/// invariant) throw `StoreError`; catch it once at the boundary (the API turns it into a 500, the
/// engine's coroutine handler logs it). Expected, input-dependent failures are returned as
/// `boost::system::result<T>` with a `store::Errc`; each repository's header lists them.
///
/// Durability: every write is committed when the method returns, unless the caller holds a
/// `transaction()`, in which case it is committed with it. With WAL and synchronous=NORMAL a commit
/// survives a killed process (kill -9); an OS crash or power cut may lose the commits made since
/// the last `sync_commits()` (never corrupt the file). Whoever tells a caller that a mutation
/// succeeded calls `sync_commits()` first (the API does it for every mutating request): then a
/// power cut can only lose engine progress, which the engine redoes on restart (docs/store.md).
///
/// Threading: not thread-safe. One `Store` per process, used only from the io_context thread.
/// Outside readers (the CLI, a backup) may open the same file; they wait up to 5 s for the lock.
class Store {
public:
    /// Opens or creates the database at `path` (":memory:" for tests) and migrates it to the
    /// current schema. Throws `StoreError` naming the path when it cannot be opened, WAL cannot be
    /// enabled, the schema is newer than this binary, or a migration fails.
    explicit Store(const std::string& path);
    ~Store();
    Store(Store&&) noexcept;
    Store& operator=(Store&&) noexcept;

    /// Groups the writes of one state transition (e.g. step finished + event + next step begun)
    /// into a single commit: call `commit()` on it; it rolls back if destroyed uncommitted. Nests
    /// (as a savepoint) with the transactions domain methods open internally. It holds the write
    /// lock, so keep it short and never hold it across a `co_await`. Throws `StoreError`.
    [[nodiscard]] Transaction transaction();

    /// This database's random id (8 hex digits), created with it; part of every Livy name.
    const std::string& instance_id() const noexcept { return instance_id_; }
    /// The schema version the database had when it was opened (0 = newly created).
    int opened_at_schema_version() const noexcept { return opened_at_version_; }

    RunStore& runs() noexcept { return runs_; }
    TimerStore& timers() noexcept { return timers_; }
    TaskStore& tasks() noexcept { return tasks_; }
    LivyStore& livy() noexcept { return livy_; }
    Registry& registry() noexcept { return registry_; }
    ReportStore& reports() noexcept { return reports_; }
    AuditLog& audit() noexcept { return audit_; }
    AccountStore& accounts() noexcept { return accounts_; }
    SessionStore& sessions() noexcept { return sessions_; }
    TokenStore& tokens() noexcept { return tokens_; }
    StatsStore& stats() noexcept { return stats_; }

    /// Times every outermost commit: `observer` gets the COMMIT's duration in seconds (the
    /// commit latency metric; docs/api.md, "Metrics"). Empty = not timed.
    void set_commit_observer(std::function<void(double seconds)> observer) {
        db_->set_commit_observer(std::move(observer));
    }

    /// Makes every commit so far survive a power cut (one fsync of the WAL; nothing when nothing
    /// was committed since the last call). Call it before acknowledging a mutation. Throws
    /// `StoreError` inside a `transaction()` or when the sync fails.
    void sync_commits() { db_->sync_commits(); }
    /// True when a commit since the last `sync_commits()` may still be lost by a power cut.
    [[nodiscard]] bool has_unsynced_commits() const noexcept { return db_->has_unsynced_commits(); }
    /// How many `sync_commits()` calls had something to make durable (tests, benchmark).
    [[nodiscard]] std::int64_t durable_syncs() const noexcept { return db_->durable_syncs(); }
    /// Every commit durable on its own (synchronous=FULL: for a short-lived connection whose every
    /// write is acknowledged, like the admin CLI's) or batched (NORMAL, the default). Throws
    /// `StoreError` inside a `transaction()`.
    void set_sync_every_commit(bool every_commit) { db_->set_sync_every_commit(every_commit); }

    /// Caps the database file at `pages` pages (`PRAGMA max_page_count`; never below its current
    /// size): a write that needs more fails with `StoreError::is_storage_full()`, as on a full
    /// disk. Returns the cap in effect. For tests and quotas; the default is SQLite's (no cap).
    std::int64_t set_page_limit(std::int64_t pages);
    /// The database's size in pages (`PRAGMA page_count`).
    [[nodiscard]] std::int64_t page_count();
    /// `PRAGMA integrity_check`: "ok", or SQLite's first problems, one per line.
    [[nodiscard]] std::string integrity_check();

    /// Writes a consistent copy of the live database to `path` with SQLite's backup API (one
    /// snapshot, copied in steps; `backup.hpp`). Call it outside any `transaction()`. Throws
    /// `StoreError` if `path` exists (unless `options.overwrite`), cannot be written, or a
    /// transaction is open.
    void backup_to(const std::string& path, const BackupOptions& options = {});

private:
    // Initialised in this order: open, migrate, then the repositories over the open connection.
    std::unique_ptr<Database> db_;
    int opened_at_version_;
    std::string instance_id_;
    RunStore runs_;
    TimerStore timers_;
    TaskStore tasks_;
    LivyStore livy_;
    Registry registry_;
    ReportStore reports_;
    AuditLog audit_;
    AccountStore accounts_;
    SessionStore sessions_;
    TokenStore tokens_;
    StatsStore stats_;
};

}  // namespace steward::store
