#pragma once

#include "orchestrator/auth/auth_settings.hpp"
#include "orchestrator/auth/throttle.hpp"
#include "orchestrator/core/access.hpp"

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::store {
class Store;
}

namespace steward::auth {

/// A refused authentication or account operation: the HTTP status (400, 401, 403 or 429), a
/// stable code and a message safe to show to anyone (it never says whether the user name or the
/// password was wrong, and never carries a secret).
struct Refusal {
    int status = 401;
    std::string code = "unauthenticated";
    std::string message;
    std::int64_t retry_after_s = 0;  ///< for 429
};

/// The result of an authentication step.
template <class T>
using AuthResult = boost::system::result<T, Refusal>;

/// Found by ADL from `AuthResult<T>::value()`; throws std::runtime_error with the message.
[[noreturn]] void throw_exception_from_error(const Refusal& refusal, const boost::source_location& loc);

/// What a request carries to prove who it is; the API fills it from the headers and the socket.
struct Credentials {
    std::string address;                    ///< the peer's IP address
    std::string bearer;                     ///< `Authorization: Bearer ...`
    std::string session;                    ///< the session cookie's value
    std::optional<std::string> proxy_user;  ///< the proxy's user header, when present
    std::string proxy_groups;               ///< the proxy's groups header (comma-separated)
    std::string asserted_user;              ///< auth.mode none only: `X-Steward-User`
};

/// A successful sign-in. `cookie_value` and `csrf_token` are secrets handed to the browser
/// once; the database keeps only the cookie's hash.
struct SignIn {
    core::Principal principal;
    std::string cookie_value;
    std::int64_t expires_at_ms = 0;
};

/// What `steward token create` and `POST /api/tokens` ask for.
struct TokenRequest {
    std::string user;
    std::string name;
    std::vector<std::string> scopes;
    std::string workflows;                    ///< glob limiting runs:trigger; "" = every workflow
    std::optional<std::int64_t> lifetime_ms;  ///< none = never expires
    std::string created_by;
};

/// A new token: `secret` is shown once and never stored.
struct IssuedToken {
    std::int64_t id = 0;
    std::string secret;
    std::optional<std::int64_t> expires_at_ms;
};

/// A user as the server knows them: config and database merged.
struct Account {
    std::string name;
    std::vector<std::string> roles;  ///< config roles, then database roles
    bool disabled = false;
    bool has_password = false;
};

/// Turns credentials into a principal: API tokens (every mode), session cookies (mode local),
/// the trusted proxy's headers (mode proxy), or the asserted user (mode none). Signs users in
/// and out, throttling failed sign-ins per user and per address, and issues API tokens.
///
/// Threading: the io_context thread (it owns no I/O, but uses the one `Store`). Store failures
/// throw `store::StoreError`; everything a caller can cause is a `Refusal`.
class Authenticator {
public:
    /// Milliseconds since the epoch.
    using Clock = std::function<std::int64_t()>;

    Authenticator(store::Store& store, Settings settings, UserRoster users, Clock clock);

    /// Who sent this request. 401 when nothing valid is presented or the presented credential is
    /// unknown, expired, revoked, or belongs to a disabled user; 401 for the proxy's header from an
    /// address that is not a trusted proxy.
    AuthResult<core::Principal> authenticate(const Credentials& credentials);

    /// Checks a password and opens a session. 400 when the mode is not local; 429 with
    /// `retry_after_s` after too many failures for this user or this address; 401 "wrong user name
    /// or password" for an unknown user, a disabled one, one without a password, or a wrong
    /// password alike (and in about the same time).
    AuthResult<SignIn> sign_in(std::string_view user, std::string_view password, std::string_view address);

    /// Ends the principal's session (no-op for other methods).
    void sign_out(const core::Principal& principal);

    /// Checks a token request (known, enabled user; known scopes; lifetime) and stores the token's
    /// hash. 400 naming the problem.
    AuthResult<IssuedToken> issue_token(const TokenRequest& request);

    /// Revokes token `id` (revoking twice is fine); false when there is no such token.
    bool revoke_token(std::int64_t id);

    /// The user from config and database, or nullopt when neither knows them.
    [[nodiscard]] std::optional<Account> account(std::string_view user);

    /// Appends a row to the audit log at the clock's time (`details_json`: a JSON object). Store
    /// failures throw.
    void record(std::string_view actor, std::string_view action, std::string_view object_type,
                std::string_view object_id, std::string_view details_json);

    /// The settings it runs with.
    [[nodiscard]] const Settings& settings() const noexcept { return settings_; }

private:
    /// `account`, and the user's password hash ("" when none; the database's wins) in `password_hash`:
    /// one read of the database row.
    std::optional<Account> lookup(std::string_view user, std::string& password_hash);
    AuthResult<core::Principal> from_token(const Credentials& credentials, std::int64_t now);
    AuthResult<core::Principal> from_session(const Credentials& credentials, std::int64_t now);
    AuthResult<core::Principal> from_proxy(const Credentials& credentials);

    store::Store& store_;
    Settings settings_;
    UserRoster users_;
    Clock clock_;
    SignInThrottle throttle_;
};

}  // namespace steward::auth
