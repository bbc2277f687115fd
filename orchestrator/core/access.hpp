#pragma once

// Who may do what (docs/security.md): permissions granted to roles, token scopes that narrow a
// token to part of its user's permissions, and the one decision function the API's gate calls
// before every handler. Pure; standard library only.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

/// What a role may do. `answer` still requires being an assignee of the task (the engine checks).
enum class Permission { view, trigger, cancel, answer, promote, admin };

/// The permission's name in the config and in errors ("trigger").
[[nodiscard]] std::string_view to_string(Permission permission) noexcept;
/// Parses a permission name; nullopt for an unknown one.
[[nodiscard]] std::optional<Permission> parse_permission(std::string_view name) noexcept;
/// Every permission, in declaration order.
[[nodiscard]] std::span<const Permission> all_permissions() noexcept;

/// One role's grant (config `roles.NAME.permissions`, `roles.NAME.workflows`).
struct RoleGrant {
    std::vector<Permission> permissions;
    std::vector<std::string> workflows;  ///< globs limiting `trigger`; empty = every workflow
};

/// Role name -> grant.
using AccessPolicy = std::map<std::string, RoleGrant, std::less<>>;

/// A token scope: a permission on one kind of object ("runs:trigger"), "read" (view on all) or
/// "admin".
struct ScopeInfo {
    std::string_view name;
    Permission permission;
    std::string_view resource;  ///< "" = every resource
    std::string_view description;
};

/// Every scope a token may carry.
[[nodiscard]] std::span<const ScopeInfo> token_scopes() noexcept;
/// The scope named `name`, or nullptr.
[[nodiscard]] const ScopeInfo* find_scope(std::string_view name) noexcept;

/// How a principal proved who it is.
enum class AuthMethod { session, token, proxy, none };

/// `session`, `token`, `proxy`, `none`.
[[nodiscard]] std::string_view to_string(AuthMethod method) noexcept;

/// An authenticated caller.
struct Principal {
    std::string user;
    std::vector<std::string> roles;
    AuthMethod method = AuthMethod::none;
    std::int64_t token_id = 0;        ///< when method == token
    std::vector<std::string> scopes;  ///< when method == token
    std::string token_workflows;      ///< when method == token: a glob, "" = every workflow
    std::int64_t session_id = 0;      ///< when method == session
    std::string csrf_token;           ///< when method == session

    /// The name recorded as the actor: the user, or "token 7 of ci-bot".
    [[nodiscard]] std::string actor() const;
};

/// What a request wants to do: a permission on a kind of object ("runs"), and for `trigger` the
/// workflow.
struct Action {
    Permission permission = Permission::view;
    std::string_view resource;
    std::string_view workflow;
};

/// Decides whether `principal` may take `action` under `policy`. nullopt = allowed; otherwise
/// the reason, naming the missing permission (and the scope or workflow pattern at fault), e.g.
/// "permission 'trigger' is required; user 'alice' (roles: model_owner) does not have it".
/// Pure.
[[nodiscard]] std::optional<std::string> deny_reason(const AccessPolicy& policy, const Principal& principal,
                                                     const Action& action);

/// Whether `principal` holds `permission` through one of its roles (ignoring token scopes and
/// workflow limits). Pure.
[[nodiscard]] bool has_permission(const AccessPolicy& policy, const Principal& principal,
                                  Permission permission);

/// Shell-style glob: `*` any run of characters, `?` one character; everything else literal.
/// Pure; linear in practice (iterative backtracking over one star).
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text) noexcept;

}  // namespace steward::core
