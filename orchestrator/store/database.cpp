#include "orchestrator/store/database.hpp"

#include "orchestrator/store/errc.hpp"

#include <sqlite3.h>

#include <chrono>
#include <string>

namespace steward::store {
namespace {

std::string describe(sqlite3* db, int rc) {
    std::string message = sqlite3_errstr(rc);
    if (db != nullptr) {
        const char* detail = sqlite3_errmsg(db);
        if (detail != nullptr && message != detail) {
            message += ": ";
            message += detail;
        }
    }
    return message;
}

}  // namespace

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
    if (rc != SQLITE_OK) {
        throw StoreError(
            "store: cannot prepare SQL [" + std::string(sql.substr(0, 80)) + "]: " + describe(db_, rc), rc);
    }
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

void Statement::fail(int rc, std::string_view what) const {
    const char* sql = sqlite3_sql(stmt_);
    std::string text = sql != nullptr ? std::string(sql).substr(0, 80) : std::string();
    throw StoreError("store: " + std::string(what) + " failed [" + text + "]: " + describe(db_, rc),
                     sqlite3_extended_errcode(db_));
}

void Statement::bind(int index, std::int64_t value) {
    if (const int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK) {
        fail(rc, "bind");
    }
}

void Statement::bind(int index, double value) {
    if (const int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK) {
        fail(rc, "bind");
    }
}

void Statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the text, so temporaries may be bound safely.
    if (const int rc =
            sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
        rc != SQLITE_OK) {
        fail(rc, "bind");
    }
}

void Statement::bind(int index, std::nullptr_t) {
    if (const int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK) {
        fail(rc, "bind");
    }
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    fail(rc, "step");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() noexcept {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::string Statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);
    return data == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(data), size);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return int64(column);
}

std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return real(column);
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

void Database::Closer::operator()(sqlite3* db) const noexcept {
    sqlite3_close_v2(db);
}

Database::Database(const std::string& path) : path_(path) {
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);  // a handle is returned even on failure and must be closed
    if (rc != SQLITE_OK) {
        throw StoreError("store: cannot open database '" + path + "': " + describe(raw, rc), rc);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);

    Statement wal(raw, "PRAGMA journal_mode=WAL");
    const std::string mode = wal.step() ? wal.text(0) : std::string();
    if (mode != "wal" && !(path == ":memory:" && mode == "memory")) {
        throw StoreError("store: cannot enable WAL on database '" + path + "' (journal_mode is '" + mode +
                         "'); put the database on a local file system");
    }
    exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    synced_changes_ = sqlite3_total_changes64(raw);
}

Database::Database(const std::string& path, ReadOnly) : path_(path) {
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);  // a handle is returned even on failure and must be closed
    if (rc != SQLITE_OK) {
        throw StoreError("store: cannot open database '" + path + "' read-only: " + describe(raw, rc), rc);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, 5000);
    Statement mode_query(raw, "PRAGMA journal_mode");
    const std::string mode = mode_query.step() ? mode_query.text(0) : std::string();
    if (mode != "wal") {
        throw StoreError("store: database '" + path + "' is not in WAL mode (journal_mode is '" + mode +
                         "'); read-only connections need WAL");
    }
}

Database::~Database() = default;

void Database::exec(std::string_view sql) {
    const std::string text(sql);
    char* error = nullptr;
    const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error);
    if (rc != SQLITE_OK) {
        std::string message = error != nullptr ? error : sqlite3_errstr(rc);
        sqlite3_free(error);
        throw StoreError("store: '" + path_ + "': " + message + " [" + text.substr(0, 80) + "]",
                         sqlite3_extended_errcode(db_.get()));
    }
}

Statement& Database::cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        it = cache_.emplace(sql, std::make_unique<Statement>(db_.get(), sql)).first;
    }
    return *it->second;
}

bool Database::has_unsynced_commits() const noexcept {
    return !sync_every_commit_ &&
           (committed_since_sync_ || sqlite3_total_changes64(db_.get()) != synced_changes_);
}

void Database::sync_commits() {
    if (depth_ != 0) {
        throw StoreError("store: '" + path_ + "': sync_commits inside a transaction (commit it first)");
    }
    if (!has_unsynced_commits()) {
        return;
    }
    const std::int64_t changes = sqlite3_total_changes64(db_.get());
    // The WAL file as SQLite holds it open; null (or without methods) when there is none yet, or
    // for an in-memory database. Syncing it is what synchronous=FULL does at every commit: every
    // frame up to the last commit is then on disk and recovered after a power cut.
    sqlite3_file* wal = nullptr;
    if (sqlite3_file_control(db_.get(), "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) == SQLITE_OK &&
        wal != nullptr && wal->pMethods != nullptr) {
        if (const int rc = wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL); rc != SQLITE_OK) {
            throw StoreError(
                "store: '" + path_ + "': cannot sync the write-ahead log to disk: " + sqlite3_errstr(rc),
                rc == SQLITE_IOERR ? SQLITE_IOERR_FSYNC : rc);
        }
    }
    synced_changes_ = changes;
    committed_since_sync_ = false;
    ++durable_syncs_;
}

void Database::set_sync_every_commit(bool every_commit) {
    if (depth_ != 0) {
        throw StoreError("store: '" + path_ + "': the sync mode cannot change inside a transaction");
    }
    exec(every_commit ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
    if (every_commit && !sync_every_commit_) {
        sync_commits();  // what was committed before is synced once, now
    }
    sync_every_commit_ = every_commit;
}

std::int64_t Database::last_insert_rowid() const noexcept {
    return sqlite3_last_insert_rowid(db_.get());
}

int Database::changes() const noexcept {
    return sqlite3_changes(db_.get());
}

// The outermost BEGIN/COMMIT run on every state transition, so they use cached statements;
// savepoint names depend on the nesting level and are rarer, so they go through exec().
Transaction::Transaction(Database& db) : db_(&db), level_(db.transaction_depth()) {
    if (level_ == 0) {
        db_->statement("BEGIN IMMEDIATE")->run();
    } else {
        db_->exec("SAVEPOINT sp" + std::to_string(level_));
    }
    ++db_->transaction_depth();
}

Transaction::~Transaction() {
    if (!done_) {
        rollback();
    }
}

void Transaction::commit() {
    if (level_ == 0) {
        const auto start = std::chrono::steady_clock::now();
        db_->statement("COMMIT")->run();
        db_->note_commit();
        if (const auto& observe = db_->commit_observer()) {
            observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
    } else {
        db_->exec("RELEASE sp" + std::to_string(level_));
    }
    done_ = true;
    --db_->transaction_depth();
}

void Transaction::rollback() noexcept {
    done_ = true;
    --db_->transaction_depth();
    sqlite3* db = db_->handle();
    // After some errors (SQLITE_FULL, IOERR) SQLite has already rolled back: nothing is left to undo.
    if (sqlite3_get_autocommit(db) != 0) {
        return;
    }
    const std::string sql =
        level_ == 0 ? std::string("ROLLBACK")
                    : "ROLLBACK TO sp" + std::to_string(level_) + "; RELEASE sp" + std::to_string(level_);
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
}

}  // namespace steward::store
