#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace steward::store {

/// One prepared SQLite statement (RAII: finalized in the destructor). Values are always bound,
/// never formatted into SQL. Errors throw `StoreError`. Not thread-safe: used on the thread that
/// owns its `Database`.
class Statement {
public:
    /// Prepares `sql` (one statement) on `db`. Throws `StoreError` on a syntax or schema error.
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Binds parameter `index` (1-based). Throws `StoreError` on a bad index.
    void bind(int index, std::int64_t value);
    void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind(int index, bool value) { bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
    void bind(int index, double value);
    void bind(int index, std::string_view value);
    void bind(int index, const std::string& value) { bind(index, std::string_view{value}); }
    void bind(int index, const char* value) { bind(index, std::string_view{value}); }
    void bind(int index, std::nullptr_t);
    template <class T>
    void bind(int index, const std::optional<T>& value) {
        if (value) {
            bind(index, *value);
        } else {
            bind(index, nullptr);
        }
    }

    /// Binds all arguments to parameters 1..N in order.
    template <class... Args>
    void bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
    }

    /// Advances: true when a row is available, false when the statement is done.
    /// Throws `StoreError` (with the extended SQLite code) on any failure, constraints included.
    bool step();
    /// Runs a statement that returns no rows to completion. Throws like `step`.
    void run();
    /// Resets the statement and clears its bindings so it can be reused. Never throws.
    void reset() noexcept;

    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    std::optional<std::int64_t> optional_int64(int column) const;
    std::optional<double> optional_real(int column) const;
    std::optional<std::string> optional_text(int column) const;

private:
    [[noreturn]] void fail(int rc, std::string_view what) const;

    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// A cached statement on loan: resets itself (and clears bindings) when it goes out of scope, so a
/// half-read SELECT never holds a read snapshot open.
class StatementLease {
public:
    explicit StatementLease(Statement& statement) noexcept : statement_(&statement) {}
    ~StatementLease() { statement_->reset(); }
    StatementLease(const StatementLease&) = delete;
    StatementLease& operator=(const StatementLease&) = delete;

    Statement* operator->() const noexcept { return statement_; }
    Statement& operator*() const noexcept { return *statement_; }

private:
    Statement* statement_;
};

/// The one SQLite connection of a `Store`. Opening sets WAL, synchronous=NORMAL, foreign keys and
/// a 5 s busy timeout. Not thread-safe: it belongs to the io_context thread.
///
/// Durability: with synchronous=NORMAL a commit is in the WAL file (it survives kill -9) but not
/// yet synced (a power cut may lose it). `sync_commits()` fsyncs the WAL, which makes that commit
/// and every earlier one durable: the API calls it before acknowledging a mutation, while the
/// engine's own commits stay batched (docs/store.md, "Durability guarantees").
class Database {
public:
    /// Opens (creating if needed) the database file at `path`; ":memory:" gives a private
    /// in-memory database. Throws `StoreError` naming the path if it cannot be opened or WAL
    /// cannot be enabled on a file database.
    explicit Database(const std::string& path);
    /// Tag of the read-only constructor.
    struct ReadOnly {};
    /// Opens the existing database file at `path` read-only (SQLITE_OPEN_READONLY; no pragma is
    /// written): a second connection for readers on another thread, which in WAL mode sees each
    /// commit of the writer from its next statement on. Throws `StoreError` naming the path if it
    /// cannot be opened or is not in WAL mode.
    Database(const std::string& path, ReadOnly);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Runs one or more SQL statements without bindings (schema, pragmas). Throws `StoreError`.
    void exec(std::string_view sql);

    /// Returns the statement for `sql`, prepared on first use and cached for the connection's
    /// lifetime. Only string literals are accepted, so the cache stays bounded. Throws `StoreError`
    /// if it does not prepare.
    template <std::size_t N>
    StatementLease statement(const char (&sql)[N]) {
        return StatementLease{cached(std::string_view{sql, N - 1})};
    }

    /// Rowid of the last successful INSERT on this connection.
    std::int64_t last_insert_rowid() const noexcept;
    /// Rows changed by the last INSERT/UPDATE/DELETE on this connection.
    int changes() const noexcept;
    /// The raw handle, for `Transaction` and `Statement` only.
    sqlite3* handle() const noexcept { return db_.get(); }
    const std::string& path() const noexcept { return path_; }

    /// Nesting depth of open `Transaction`s (0 = autocommit). Maintained by `Transaction`.
    int& transaction_depth() noexcept { return depth_; }

    /// Makes every commit so far survive a power cut: fsyncs the WAL file when anything was
    /// committed since the last sync, else does nothing (nor for ":memory:", which has no file).
    /// Throws `StoreError` when called inside a `Transaction` or when the sync fails (e.g.
    /// SQLITE_IOERR_FSYNC); the commits are then still in the WAL, not known to be durable.
    void sync_commits();
    /// True when something committed since the last `sync_commits` is not yet synced to disk
    /// (always false with `set_sync_every_commit(true)`). Uncommitted changes count too.
    [[nodiscard]] bool has_unsynced_commits() const noexcept;
    /// How many `sync_commits` calls found commits to make durable (one WAL fsync each on a file
    /// database): the observable side of the guarantee, for tests and the benchmark.
    [[nodiscard]] std::int64_t durable_syncs() const noexcept { return durable_syncs_; }
    /// `true`: every commit syncs the WAL itself (synchronous=FULL), for short-lived connections
    /// whose every write is acknowledged (the admin CLI). `false` (the default): NORMAL, batched.
    /// Throws `StoreError` inside a transaction.
    void set_sync_every_commit(bool every_commit);
    /// Marks an outermost commit. For `Transaction`.
    void note_commit() noexcept { committed_since_sync_ = true; }

    /// Called after every successful outermost `Transaction::commit` with how long the COMMIT took
    /// (seconds; the WAL write and sync), for the commit latency metric. Empty = not timed.
    void set_commit_observer(std::function<void(double seconds)> observer) {
        commit_observer_ = std::move(observer);
    }
    /// The observer set by `set_commit_observer` (may be empty). For `Transaction`.
    const std::function<void(double seconds)>& commit_observer() const noexcept { return commit_observer_; }

private:
    struct Closer {
        void operator()(sqlite3* db) const noexcept;
    };

    Statement& cached(std::string_view sql);

    std::string path_;
    std::unique_ptr<sqlite3, Closer> db_;
    // Declared after db_ so the statements are finalized before the connection closes.
    std::unordered_map<std::string_view, std::unique_ptr<Statement>> cache_;
    int depth_ = 0;
    std::function<void(double seconds)> commit_observer_;
    // What `sync_commits` has made durable: total_changes() at the last sync (autocommit
    // statements count there) and whether a Transaction committed since.
    std::int64_t synced_changes_ = 0;
    bool committed_since_sync_ = false;
    bool sync_every_commit_ = false;
    std::int64_t durable_syncs_ = 0;
};

/// A write transaction: `BEGIN IMMEDIATE` (takes the write lock at once, so it never fails half-way
/// with SQLITE_BUSY on upgrade), or a SAVEPOINT when another `Transaction` is already open on the
/// connection, so domain methods that need atomicity compose inside a caller's transaction. Rolls
/// back in its destructor unless `commit()` was called. Not thread-safe; destroy in reverse order.
class Transaction {
public:
    /// Throws `StoreError` if the transaction cannot begin.
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    /// Commits (or releases the savepoint). Throws `StoreError`; the destructor then rolls back.
    void commit();

private:
    void rollback() noexcept;

    Database* db_;
    int level_;
    bool done_ = false;
};

}  // namespace steward::store
