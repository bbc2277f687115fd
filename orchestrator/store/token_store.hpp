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

/// An API token for automation. Only the token's SHA-256 is stored; the secret is shown once.
struct ApiToken {
    RowId id = 0;
    std::string hash{};  ///< lower-hex SHA-256 of the secret (auth::secret_hash)
    std::string user{};  ///< whose identity it carries
    std::string name{};  ///< a label for listings
    std::vector<std::string> scopes{};
    std::string workflows{};  ///< workflow name glob it is limited to; "" = all
    std::string created_by{};
    Millis created_at = 0;
    std::optional<Millis> expires_at{};
    std::optional<Millis> last_used_at{};
    std::optional<Millis> revoked_at{};
};

/// API tokens (table `api_tokens`). The store keeps them; deciding whether one is valid (expiry,
/// revocation, scope) is the authenticator's job.
///
/// Error contract: SQLite failures throw `StoreError`; input-dependent failures are `result` errors
/// as listed. Every method nests in a caller's transaction. Not thread-safe.
class TokenStore {
public:
    explicit TokenStore(Database& db) noexcept : db_(&db) {}

    /// Stores a token (its id, last_used_at and revoked_at are ignored) and returns the new id.
    /// Errc::invalid_argument for an empty hash or user; Errc::duplicate if the hash exists.
    boost::system::result<RowId> create(const ApiToken& token);
    /// The token with this hash, revoked or expired ones included. Errc::not_found.
    boost::system::result<ApiToken> find_by_hash(std::string_view hash);
    /// Errc::not_found.
    boost::system::result<ApiToken> get(RowId id);
    /// Every token by id, without the revoked ones unless `include_revoked`.
    std::vector<ApiToken> list(bool include_revoked);
    /// Records a use: sets last_used_at, but writes at most once a minute per token. An unknown id
    /// is ignored.
    void touch(RowId id, Millis now);
    /// Revokes a token; revoking it again is fine and keeps the first time. Errc::not_found.
    boost::system::result<void> revoke(RowId id, Millis now);
    /// Revokes every unrevoked token of `user`; returns how many.
    int revoke_user(std::string_view user, Millis now);

    /// touch() skips the write when last_used_at is more recent than this.
    static constexpr Millis kTouchResolution = 60'000;

private:
    Database* db_;
};

}  // namespace steward::store
