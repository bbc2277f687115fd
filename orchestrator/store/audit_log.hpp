#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::store {

class Database;

/// What `AuditLog::verify_chain` found.
struct AuditVerification {
    bool ok = true;
    std::int64_t rows_checked = 0;
    std::optional<RowId> first_bad_id{};  ///< the first row whose hash or link does not match
    std::string problem{};                ///< a sentence naming that row and what is wrong
    std::string head_hash{};              ///< the last row's hash ("" when empty); record it elsewhere
};

/// The append-only, tamper-evident audit log. Each row stores
/// hash = sha256(prev_hash, id, at, actor, action, object_type, object_id, details_json) (fields
/// length-prefixed), so editing, reordering or deleting any row but the newest breaks the chain.
/// Triggers refuse UPDATE and DELETE; the hash chain catches whoever drops them. Deleting the newest
/// rows is only detectable against a head hash kept elsewhere (see docs/store.md).
///
/// Error contract: SQLite and OpenSSL failures and malformed JSON throw `StoreError`; input errors
/// are `result` errors. `append` nests in a caller's transaction. Not thread-safe.
class AuditLog {
public:
    explicit AuditLog(Database& db) noexcept : db_(&db) {}

    /// Appends a row and returns it with its id and hashes. Errc::invalid_argument if actor,
    /// action or object_type is empty.
    boost::system::result<AuditEntry> append(Millis at, std::string_view actor, std::string_view action,
                                             std::string_view object_type, std::string_view object_id,
                                             std::string_view details_json = "{}");
    /// Rows with id > after_id, oldest first, at most `limit` (1..1000). Errc::invalid_argument.
    boost::system::result<std::vector<AuditEntry>> list(RowId after_id = 0, int limit = 100);
    /// Rows about one object, oldest first.
    std::vector<AuditEntry> list_for_object(std::string_view object_type, std::string_view object_id);
    /// Recomputes the whole chain. Reads every row; meant for an admin command or a periodic check.
    AuditVerification verify_chain();

    /// The hash a row must carry; exposed for tests and external verifiers. Throws `StoreError`
    /// if OpenSSL fails.
    static std::string row_hash(const AuditEntry& entry);

private:
    Database* db_;
};

/// Lower-case hex SHA-256 of `data` (OpenSSL EVP). Throws `StoreError` if OpenSSL fails.
std::string sha256_hex(std::string_view data);

}  // namespace steward::store
