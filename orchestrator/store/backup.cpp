#include "orchestrator/store/backup.hpp"

#include "orchestrator/store/errc.hpp"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <system_error>
#include <thread>

namespace steward::store {
namespace {

namespace fs = std::filesystem;

struct Closer {
    void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, Closer>;

BackupFailure failure(BackupFailure::Kind kind, std::string message) {
    return BackupFailure{kind, std::move(message)};
}

std::string sqlite_message(sqlite3* db, int rc) {
    std::string text = sqlite3_errstr(rc);
    if (db != nullptr && sqlite3_errcode(db) == rc) {
        const char* detail = sqlite3_errmsg(db);
        if (detail != nullptr && text != detail) {
            text += std::string(": ") + detail;
        }
    }
    return text;
}

// A read transaction on `db` for the whole copy: every step reads the same snapshot, so writers on
// other connections never restart the backup. Ended (COMMIT of a read) in the destructor.
class ReadSnapshot {
public:
    explicit ReadSnapshot(sqlite3* db) : db_(db) {}
    ~ReadSnapshot() {
        if (open_) {
            sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
        }
    }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    // 0 on success, else the SQLite code.
    int begin() {
        if (sqlite3_get_autocommit(db_) == 0) {
            return SQLITE_OK;  // the caller's transaction already pins a snapshot
        }
        if (const int rc = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr); rc != SQLITE_OK) {
            return rc;
        }
        open_ = true;
        return sqlite3_exec(db_, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    }

private:
    sqlite3* db_;
    bool open_ = false;
};

}  // namespace

void throw_exception_from_error(const BackupFailure& failure, const boost::source_location&) {
    throw StoreError(failure.message);
}

BackupResult backup_connection(sqlite3* source, const std::string& destination,
                               const BackupOptions& options) {
    using Kind = BackupFailure::Kind;
    const fs::path target(destination);
    std::error_code ec;
    if (fs::exists(target, ec) && !options.overwrite) {
        return failure(Kind::destination_exists,
                       "'" + destination + "' already exists (pass --force to overwrite it)");
    }
    if (fs::is_directory(target, ec)) {
        return failure(Kind::destination_unwritable, "'" + destination + "' is a directory");
    }
    const fs::path partial = destination + ".partial";
    fs::remove(partial, ec);

    ReadSnapshot snapshot(source);
    if (const int rc = snapshot.begin(); rc != SQLITE_OK) {
        return failure(Kind::source_unreadable,
                       "cannot read the database to back up: " + sqlite_message(source, rc));
    }

    BackupSummary summary;
    {
        sqlite3* raw = nullptr;
        const int rc = sqlite3_open_v2(
            partial.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
        Connection copy(raw);
        if (rc != SQLITE_OK) {
            return failure(Kind::destination_unwritable,
                           "cannot create '" + partial.string() + "': " + sqlite_message(raw, rc));
        }
        // The copy's last commit syncs the file (synchronous=FULL, its rollback journal mode).
        sqlite3_exec(copy.get(), "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
        sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source, "main");
        if (backup == nullptr) {
            const int code = sqlite3_errcode(copy.get());
            std::string message = "cannot start the backup into '" + partial.string() +
                                  "': " + sqlite_message(copy.get(), code);
            copy.reset();
            fs::remove(partial, ec);
            return failure(Kind::failed, std::move(message));
        }
        const int step_pages = options.pages_per_step > 0 ? options.pages_per_step : -1;
        int step_rc = SQLITE_OK;
        int busy_waits = 0;
        while (true) {
            step_rc = sqlite3_backup_step(backup, step_pages);
            ++summary.steps;
            if (step_rc == SQLITE_BUSY || step_rc == SQLITE_LOCKED) {
                // Only the destination can be locked (the source's snapshot is held): wait a bit.
                if (++busy_waits > 500) {
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
                continue;
            }
            if (step_rc != SQLITE_OK && step_rc != SQLITE_DONE) {
                break;
            }
            const std::int64_t total = sqlite3_backup_pagecount(backup);
            if (options.on_progress) {
                options.on_progress(BackupProgress{total - sqlite3_backup_remaining(backup), total});
            }
            if (step_rc == SQLITE_DONE) {
                summary.pages = total;
                break;
            }
        }
        const int finish_rc = sqlite3_backup_finish(backup);
        if (step_rc != SQLITE_DONE || finish_rc != SQLITE_OK) {
            const int code = step_rc != SQLITE_DONE ? step_rc : finish_rc;
            std::string message = "backup into '" + partial.string() + "' failed: " + sqlite3_errstr(code);
            if ((code & 0xFF) == SQLITE_FULL) {
                message += " (the disk holding it is full)";
            }
            copy.reset();
            fs::remove(partial, ec);
            return failure(Kind::failed, std::move(message));
        }
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(copy.get(), "PRAGMA page_size", -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            summary.page_size = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
    }  // the copy's connection is closed: its last commit is on disk

    fs::rename(partial, target, ec);
    if (ec) {
        fs::remove(partial, ec);
        return failure(Kind::destination_unwritable,
                       "cannot move the copy to '" + destination + "': " + ec.message());
    }
    return summary;
}

BackupResult backup_file(const std::string& source_path, const std::string& destination,
                         const BackupOptions& options) {
    std::error_code ec;
    if (!fs::is_regular_file(source_path, ec)) {
        return failure(BackupFailure::Kind::source_unreadable, "no database at '" + source_path + "'");
    }
    if (fs::exists(destination, ec) && fs::equivalent(source_path, destination, ec)) {
        return failure(BackupFailure::Kind::destination_exists,
                       "'" + destination + "' is the database itself; back up to another file");
    }
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(source_path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr);
    Connection source(raw);
    if (rc != SQLITE_OK) {
        return failure(BackupFailure::Kind::source_unreadable,
                       "cannot open the database '" + source_path + "': " + sqlite_message(raw, rc));
    }
    sqlite3_busy_timeout(raw, 5000);
    auto result = backup_connection(raw, destination, options);
    if (!result && result.error().kind == BackupFailure::Kind::source_unreadable) {
        result.error().message = "'" + source_path + "': " + result.error().message;
    }
    return result;
}

}  // namespace steward::store
