#pragma once

#include <boost/system/error_code.hpp>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace steward::store {

/// Expected, input-dependent failures of a store call, carried in `boost::system::result<T>`.
/// Unexpected failures (I/O errors, a corrupt file, a broken invariant) are thrown as `StoreError`.
enum class Errc {
    not_found = 1,     ///< the run, task, handle, version, alias or report does not exist
    conflict,          ///< the object exists but is in a state that forbids the change
    task_closed,       ///< an answer to a user task that is no longer open
    duplicate,         ///< the object was already created (e.g. a registration from the same step)
    invalid_argument,  ///< a malformed name, coordinate, limit or JSON value given by the caller
    storage_full,      ///< the disk holding the database is full (SQLITE_FULL); nothing was written
};

/// The error category of `store::Errc`. Thread-safe (a function-local static).
const boost::system::error_category& store_category() noexcept;

inline boost::system::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), store_category()};
}

/// An unexpected store failure: SQLite could not do its work (I/O error, full disk, corrupt file,
/// a schema newer than this binary) or the caller broke an invariant (a foreign key to a row that
/// does not exist). Thrown, never returned; callers catch it once at their boundary.
class StoreError : public std::runtime_error {
public:
    /// `sqlite_code` is the extended SQLite result code, or 0 when SQLite did not report one.
    StoreError(const std::string& what, int sqlite_code = 0)
        : std::runtime_error(what), sqlite_code_(sqlite_code) {}

    /// The extended SQLite result code (e.g. SQLITE_CONSTRAINT_FOREIGNKEY), 0 if none.
    int sqlite_code() const noexcept { return sqlite_code_; }
    /// True for any SQLite constraint failure (NOT NULL, CHECK, UNIQUE, FOREIGN KEY, trigger abort).
    bool is_constraint_violation() const noexcept;
    /// True when a row referenced a parent row that does not exist.
    bool is_foreign_key_violation() const noexcept;
    /// True when the write failed because the disk (or the database's `max_page_count`) is full
    /// (SQLITE_FULL): the transaction was rolled back whole, and the same write can succeed once
    /// space is freed. Not a bug of the caller: refuse new work, retry later.
    bool is_storage_full() const noexcept;
    /// `Errc::storage_full` when `is_storage_full()`, else an empty code: the one way callers
    /// outside the store tell a full disk from other unexpected failures.
    boost::system::error_code error_code() const noexcept;

private:
    int sqlite_code_;
};

}  // namespace steward::store

template <>
struct boost::system::is_error_code_enum<steward::store::Errc> : std::true_type {};
