#include "orchestrator/auth/authenticator.hpp"

#include "orchestrator/auth/password.hpp"
#include "orchestrator/auth/secrets.hpp"
#include "orchestrator/store/store.hpp"

#include <algorithm>
#include <stdexcept>

namespace steward::auth {
namespace {

constexpr std::int64_t kTouchEveryMs = 30'000;  // last-seen and last-used writes, at most this often
constexpr std::string_view kWrongCredentials = "wrong user name or password";

Refusal unauthenticated(std::string message) {
    return Refusal{401, "unauthenticated", std::move(message), 0};
}

Refusal bad_request(std::string message) {
    return Refusal{400, "bad_request", std::move(message), 0};
}

void add_unique(std::vector<std::string>& into, const std::vector<std::string>& more) {
    for (const auto& item : more) {
        if (std::find(into.begin(), into.end(), item) == into.end()) {
            into.push_back(item);
        }
    }
}

std::vector<std::string> split_groups(std::string_view text) {
    std::vector<std::string> groups;
    while (!text.empty()) {
        const auto comma = text.find(',');
        std::string_view item = text.substr(0, comma);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty())
            groups.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        text.remove_prefix(comma + 1);
    }
    return groups;
}

core::Principal principal_of(std::string user, std::vector<std::string> roles, core::AuthMethod method) {
    core::Principal principal;
    principal.user = std::move(user);
    principal.roles = std::move(roles);
    principal.method = method;
    return principal;
}

core::Principal session_principal(const store::Session& session, std::vector<std::string> roles) {
    core::Principal principal = principal_of(session.user, std::move(roles), core::AuthMethod::session);
    principal.session_id = session.id;
    principal.csrf_token = session.csrf_token;
    return principal;
}

}  // namespace

void throw_exception_from_error(const Refusal& refusal, const boost::source_location&) {
    throw std::runtime_error(refusal.message);
}

Authenticator::Authenticator(store::Store& store, Settings settings, UserRoster users, Clock clock)
    : store_(store),
      settings_(std::move(settings)),
      users_(std::move(users)),
      clock_(std::move(clock)),
      throttle_(settings_.signin_max_failures, settings_.signin_window_ms) {}

std::optional<Account> Authenticator::account(std::string_view user) {
    std::string ignored;
    return lookup(user, ignored);
}

std::optional<Account> Authenticator::lookup(std::string_view user, std::string& password_hash) {
    Account out;
    out.name = std::string(user);
    bool known = false;
    if (const auto it = users_.find(user); it != users_.end()) {
        known = true;
        out.roles = it->second.roles;
        password_hash = it->second.password_hash;
    }
    if (auto row = store_.accounts().get(user)) {
        known = true;
        add_unique(out.roles, row->roles);
        out.disabled = row->disabled;
        if (!row->password_hash.empty()) {
            password_hash = row->password_hash;  // the database's password wins over the config's
        }
    }
    if (!known) {
        return std::nullopt;
    }
    out.has_password = !password_hash.empty();
    return out;
}

AuthResult<core::Principal> Authenticator::authenticate(const Credentials& credentials) {
    const std::int64_t now = clock_();
    if (!credentials.bearer.empty()) {
        return from_token(credentials, now);
    }
    switch (settings_.mode) {
        case Mode::none: {
            core::Principal principal =
                principal_of(credentials.asserted_user.empty() ? "local" : credentials.asserted_user, {},
                             core::AuthMethod::none);
            if (!credentials.asserted_user.empty()) {
                const auto known = account(credentials.asserted_user);
                if (!known) {
                    return unauthenticated("user '" + credentials.asserted_user +
                                           "' (X-Steward-User) is not configured on this server");
                }
                principal.roles = known->roles;
            }
            return principal;
        }
        case Mode::proxy:
            if (credentials.proxy_user) {
                return from_proxy(credentials);
            }
            return unauthenticated(
                "authentication required: sign in through the single sign-on proxy, or send "
                "an API token (Authorization: Bearer ...)");
        case Mode::local:
            if (!credentials.session.empty()) {
                return from_session(credentials, now);
            }
            break;
    }
    return unauthenticated(
        "authentication required: sign in (POST /api/session) or send an API token (Authorization: Bearer "
        "...)");
}

AuthResult<core::Principal> Authenticator::from_token(const Credentials& credentials, std::int64_t now) {
    const Refusal invalid = unauthenticated("the API token is invalid, expired or revoked");
    auto token = store_.tokens().find_by_hash(secret_hash(credentials.bearer));
    if (!token || token->revoked_at || (token->expires_at && *token->expires_at <= now)) {
        return invalid;
    }
    const auto user = account(token->user);
    if (!user || user->disabled) {
        return invalid;
    }
    if (!token->last_used_at || now - *token->last_used_at >= kTouchEveryMs) {
        store_.tokens().touch(token->id, now);
    }
    core::Principal principal = principal_of(token->user, user->roles, core::AuthMethod::token);
    principal.token_id = token->id;
    principal.scopes = token->scopes;
    principal.token_workflows = token->workflows;
    return principal;
}

AuthResult<core::Principal> Authenticator::from_session(const Credentials& credentials, std::int64_t now) {
    auto session = store_.sessions().find(secret_hash(credentials.session));
    if (!session || session->revoked_at) {
        return unauthenticated("not signed in (the session ended); sign in again");
    }
    if (now >= session->expires_at || now - session->last_seen_at >= settings_.session_idle_ms) {
        store_.sessions().revoke(session->id, now);
        return unauthenticated("the session expired; sign in again");
    }
    const auto user = account(session->user);
    if (!user || user->disabled) {
        store_.sessions().revoke(session->id, now);
        return unauthenticated("not signed in (the session ended); sign in again");
    }
    if (now - session->last_seen_at >= kTouchEveryMs) {
        store_.sessions().touch(session->id, now);
    }
    return session_principal(*session, user->roles);
}

AuthResult<core::Principal> Authenticator::from_proxy(const Credentials& credentials) {
    const auto& trusted = settings_.proxy_addresses;
    if (std::find(trusted.begin(), trusted.end(), credentials.address) == trusted.end()) {
        return unauthenticated("the single sign-on user header is accepted only from the trusted proxy");
    }
    const std::string& name = *credentials.proxy_user;
    if (name.empty() || name.size() > 128) {
        return unauthenticated("the single sign-on proxy sent no user");
    }
    core::Principal principal = principal_of(name, {}, core::AuthMethod::proxy);
    for (const std::string& group : split_groups(credentials.proxy_groups)) {
        if (const auto it = settings_.group_roles.find(group); it != settings_.group_roles.end()) {
            add_unique(principal.roles, it->second);
        }
    }
    if (const auto known = account(name)) {
        if (known->disabled) {
            return unauthenticated("user '" + name + "' is disabled on this server");
        }
        add_unique(principal.roles, known->roles);
    }
    return principal;
}

AuthResult<SignIn> Authenticator::sign_in(std::string_view user, std::string_view password,
                                          std::string_view address) {
    if (settings_.mode != Mode::local) {
        return bad_request(
            settings_.mode == Mode::proxy
                ? "sign-in with a password is off: this server uses single sign-on (auth.mode proxy)"
                : "sign-in is off: this server has no authentication (auth.mode none)");
    }
    const std::int64_t now = clock_();
    if (const std::int64_t wait = throttle_.retry_after(user, address, now); wait > 0) {
        const std::int64_t seconds = (wait + 999) / 1000;
        return Refusal{429, "too_many_attempts",
                       "too many failed sign-ins; try again in " + std::to_string(seconds) + " s", seconds};
    }
    std::string hash;
    const auto known = lookup(user, hash);
    if (!known || known->disabled) {
        hash.clear();
    }
    if (hash.empty()) {
        burn_verify_time(password);
        throttle_.record_failure(user, address, now);
        return unauthenticated(std::string(kWrongCredentials));
    }
    if (!verify_password(hash, password)) {
        throttle_.record_failure(user, address, now);
        return unauthenticated(std::string(kWrongCredentials));
    }
    throttle_.record_success(user, address);
    SignIn out;
    out.cookie_value = random_secret("");
    store::Session session;
    session.id_hash = secret_hash(out.cookie_value);
    session.user = std::string(user);
    session.csrf_token = random_secret("");
    session.address = std::string(address);
    session.created_at = now;
    session.last_seen_at = now;
    session.expires_at = now + settings_.session_max_ms;
    out.expires_at_ms = session.expires_at;
    session.id = store_.sessions().create(session);
    out.principal = session_principal(session, known->roles);
    (void)store_.sessions().purge(now - settings_.session_max_ms);
    return out;
}

void Authenticator::sign_out(const core::Principal& principal) {
    if (principal.method == core::AuthMethod::session && principal.session_id > 0) {
        store_.sessions().revoke(principal.session_id, clock_());
    }
}

AuthResult<IssuedToken> Authenticator::issue_token(const TokenRequest& request) {
    const auto user = account(request.user);
    if (!user) {
        return bad_request("user '" + request.user +
                           "' is not known to this server (config users or 'steward user add')");
    }
    if (user->disabled) {
        return bad_request("user '" + request.user + "' is disabled");
    }
    if (request.scopes.empty()) {
        return bad_request("a token needs at least one scope (e.g. runs:read)");
    }
    const auto unknown =
        std::find_if(request.scopes.begin(), request.scopes.end(),
                     [](const std::string& scope) { return core::find_scope(scope) == nullptr; });
    if (unknown != request.scopes.end()) {
        std::string known;
        for (const auto& info : core::token_scopes()) {
            known.append(known.empty() ? "" : ", ").append(info.name);
        }
        return bad_request("unknown scope '" + *unknown + "' (expected: " + known + ")");
    }
    if (request.name.size() > 200 || request.workflows.size() > 200) {
        return bad_request("the token's name and workflow pattern are limited to 200 characters");
    }
    if (request.lifetime_ms && *request.lifetime_ms <= 0) {
        return bad_request("the token's lifetime must be positive");
    }
    const std::int64_t now = clock_();
    IssuedToken out;
    out.secret = random_secret("stw_");
    store::ApiToken token;
    token.hash = secret_hash(out.secret);
    token.user = request.user;
    token.name = request.name;
    token.scopes = request.scopes;
    token.workflows = request.workflows;
    token.created_by = request.created_by;
    token.created_at = now;
    if (request.lifetime_ms) {
        token.expires_at = now + *request.lifetime_ms;
    }
    out.expires_at_ms = token.expires_at;
    auto id = store_.tokens().create(token);
    if (!id) {
        // Two equal 256-bit random secrets: practically impossible, so say so plainly.
        return Refusal{500, "internal", "could not store a new token; try again", 0};
    }
    out.id = *id;
    return out;
}

bool Authenticator::revoke_token(std::int64_t id) {
    return store_.tokens().revoke(id, clock_()).has_value();
}

void Authenticator::record(std::string_view actor, std::string_view action, std::string_view object_type,
                           std::string_view object_id, std::string_view details_json) {
    (void)store_.audit().append(clock_(), actor.empty() ? "anonymous" : actor, action, object_type,
                                object_id.empty() ? "-" : object_id, details_json);
}

}  // namespace steward::auth
