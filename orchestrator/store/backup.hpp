#pragma once

// A consistent online copy of a Steward database with SQLite's backup API (docs/server.md, "Backup
// and restore").

#include <boost/system/result.hpp>

#include <cstdint>
#include <functional>
#include <string>

struct sqlite3;

namespace steward::store {

/// How far a backup is: pages copied of the source's pages (both grow if the source does).
struct BackupProgress {
    std::int64_t copied_pages = 0;
    std::int64_t total_pages = 0;
};

/// What a backup may do and whom it tells.
struct BackupOptions {
    int pages_per_step = 256;  ///< pages copied per step; between steps the callback runs
    bool overwrite = false;    ///< replace an existing destination file (else `destination_exists`)
    std::function<void(const BackupProgress&)> on_progress;  ///< after every step; may be empty
};

/// A finished backup.
struct BackupSummary {
    std::int64_t pages = 0;      ///< pages written to the copy
    std::int64_t page_size = 0;  ///< bytes per page
    std::int64_t steps = 0;      ///< backup steps it took
};

/// Why a backup did not happen; `message` names the path and is ready for a user.
struct BackupFailure {
    enum class Kind {
        destination_exists,      ///< the destination exists and `overwrite` is off
        source_unreadable,       ///< no database at the source path, or it cannot be read
        destination_unwritable,  ///< the destination (or a temporary file next to it) cannot be written
        failed,                  ///< SQLite failed mid-copy (I/O error, disk full, corrupt source)
    };
    Kind kind;
    std::string message;
};

/// Found by ADL from `BackupResult::value()`; throws `StoreError` with the message.
[[noreturn]] void throw_exception_from_error(const BackupFailure& failure,
                                             const boost::source_location& location);

/// The outcome of a backup.
using BackupResult = boost::system::result<BackupSummary, BackupFailure>;

/// Copies the database open on `source` (schema "main") to the file `destination`, page by page
/// in steps inside one read transaction, so the copy is the state of one commit while writers on
/// other connections (a running `steward serve`) go on (WAL: readers never block them). The copy
/// is written to `destination + ".partial"`, synced (SQLite's commit of the copy), then renamed
/// over `destination`, so the destination is never half-written; syncing the directory entry of
/// the rename is the caller's (the store has no POSIX calls). `source` must not be inside a write
/// transaction. Blocks the calling thread for the whole copy. Never throws but bad_alloc.
[[nodiscard]] BackupResult backup_connection(sqlite3* source, const std::string& destination,
                                             const BackupOptions& options);

/// Opens the database file `source_path` read-only (no migration, no write: safe while a server
/// of another version runs on it) and copies it as `backup_connection` does. Errors:
/// `source_unreadable` when there is no database at `source_path`, as above otherwise.
[[nodiscard]] BackupResult backup_file(const std::string& source_path, const std::string& destination,
                                       const BackupOptions& options);

}  // namespace steward::store
