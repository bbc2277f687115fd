#pragma once

#include <span>

namespace steward::store {

class Database;

/// One schema step: applied in its own transaction, after which `PRAGMA user_version` = `version`.
struct Migration {
    int version;
    const char* sql;
};

/// All migrations, in order; versions are 1, 2, 3, ... without gaps. Append only: a released
/// migration is never edited.
std::span<const Migration> migrations() noexcept;

/// The schema version this binary writes (the last migration's version).
int schema_version() noexcept;

/// Brings `db` up to `schema_version()`, each missing migration in its own transaction, and
/// returns the version found before migrating (0 for a new database). Idempotent. Throws
/// `StoreError` if the database is newer than this binary (naming both versions) or a migration
/// fails (that migration is rolled back; earlier ones stay). Not thread-safe.
int migrate(Database& db);

}  // namespace steward::store
