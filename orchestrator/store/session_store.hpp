#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace steward::store {

class Database;

/// A signed-in browser session. Only a hash of the cookie's secret id is stored.
struct Session {
    RowId id = 0;
    std::string id_hash{};  ///< auth::secret_hash of the cookie value
    std::string user{};
    std::string csrf_token{};
    std::string address{};  ///< the client address that signed in
    Millis created_at = 0;
    Millis last_seen_at = 0;
    Millis expires_at = 0;  ///< absolute expiry; idle expiry is the caller's rule on last_seen_at
    std::optional<Millis> revoked_at{};
};

/// Server-side sessions (table `sessions`). The store keeps them; deciding whether one is still
/// valid (expiry, idle time, revocation) is the authenticator's job.
///
/// Error contract: SQLite failures throw `StoreError`; input-dependent failures are `result` errors.
/// Every method nests in a caller's transaction. Not thread-safe.
class SessionStore {
public:
    explicit SessionStore(Database& db) noexcept : db_(&db) {}

    /// Stores a session (its id is ignored) and returns the new id. Throws `StoreError` if a
    /// session with the same id_hash exists (ids are random: a clash is a bug).
    RowId create(const Session& session);
    /// The session with this id hash, revoked or expired ones included. Errc::not_found.
    boost::system::result<Session> find(std::string_view id_hash);
    /// Sets last_seen_at. An unknown id is ignored.
    void touch(RowId id, Millis now);
    /// Revokes one session (keeps the first revocation time). An unknown id is ignored.
    void revoke(RowId id, Millis now);
    /// Revokes every open session of `user`; returns how many were open.
    int revoke_user(std::string_view user, Millis now);
    /// Deletes sessions that expired, or were revoked, before `older_than`; returns how many.
    int purge(Millis older_than);

private:
    Database* db_;
};

}  // namespace steward::store
