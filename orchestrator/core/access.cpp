#include "orchestrator/core/access.hpp"

#include <algorithm>
#include <array>

namespace steward::core {
namespace {

constexpr std::array kPermissions{Permission::view,   Permission::trigger, Permission::cancel,
                                  Permission::answer, Permission::promote, Permission::admin};
constexpr std::array<std::string_view, 6> kPermissionNames{"view",   "trigger", "cancel",
                                                           "answer", "promote", "admin"};

constexpr std::array kScopes{
    ScopeInfo{"read", Permission::view, "", "read everything the user may view"},
    ScopeInfo{"workflows:read", Permission::view, "workflows", "list workflows"},
    ScopeInfo{"runs:read", Permission::view, "runs", "read runs, their steps and events"},
    ScopeInfo{"runs:trigger", Permission::trigger, "runs", "start runs"},
    ScopeInfo{"runs:cancel", Permission::cancel, "runs", "cancel runs"},
    ScopeInfo{"tasks:read", Permission::view, "tasks", "read user tasks"},
    ScopeInfo{"tasks:answer", Permission::answer, "tasks", "answer user tasks assigned to the user"},
    ScopeInfo{"models:read", Permission::view, "models", "read models, versions and trends"},
    ScopeInfo{"models:promote", Permission::promote, "models", "move registry aliases"},
    ScopeInfo{"reports:read", Permission::view, "reports", "read reports"},
    ScopeInfo{"metrics:read", Permission::view, "metrics", "scrape the Prometheus metrics (GET /metrics)"},
    ScopeInfo{"admin", Permission::admin, "", "users, tokens and the audit log"},
};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += (out.empty() ? "" : ", ") + item;
    }
    return out.empty() ? "none" : out;
}

bool scope_covers(const ScopeInfo& scope, const Action& action) {
    if (scope.permission == Permission::admin) {
        return action.permission == Permission::admin || action.permission == Permission::view;
    }
    return scope.permission == action.permission &&
           (scope.resource.empty() || scope.resource == action.resource);
}

bool any_glob(const std::vector<std::string>& patterns, std::string_view text) {
    return std::any_of(patterns.begin(), patterns.end(),
                       [&](const std::string& pattern) { return glob_match(pattern, text); });
}

}  // namespace

std::string_view to_string(Permission permission) noexcept {
    return kPermissionNames[static_cast<std::size_t>(permission)];
}

std::optional<Permission> parse_permission(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kPermissionNames.size(); ++i) {
        if (kPermissionNames[i] == name) {
            return kPermissions[i];
        }
    }
    return std::nullopt;
}

std::span<const Permission> all_permissions() noexcept {
    return kPermissions;
}

std::span<const ScopeInfo> token_scopes() noexcept {
    return kScopes;
}

const ScopeInfo* find_scope(std::string_view name) noexcept {
    for (const ScopeInfo& scope : kScopes) {
        if (scope.name == name) {
            return &scope;
        }
    }
    return nullptr;
}

std::string_view to_string(AuthMethod method) noexcept {
    switch (method) {
        case AuthMethod::session: return "session";
        case AuthMethod::token: return "token";
        case AuthMethod::proxy: return "proxy";
        case AuthMethod::none: break;
    }
    return "none";
}

std::string Principal::actor() const {
    if (method == AuthMethod::token) {
        return "token " + std::to_string(token_id) + " of " + user;
    }
    return user;
}

bool has_permission(const AccessPolicy& policy, const Principal& principal, Permission permission) {
    return std::any_of(principal.roles.begin(), principal.roles.end(), [&](const std::string& role) {
        const auto it = policy.find(role);
        return it != policy.end() && std::find(it->second.permissions.begin(), it->second.permissions.end(),
                                               permission) != it->second.permissions.end();
    });
}

std::optional<std::string> deny_reason(const AccessPolicy& policy, const Principal& principal,
                                       const Action& action) {
    if (principal.method == AuthMethod::none) {
        return std::nullopt;  // auth.mode none: a loopback-only single-user server
    }
    const std::string permission(to_string(action.permission));
    // Which roles grant the permission, and for trigger, which of them allow this workflow.
    bool granted = false;
    bool workflow_allowed = false;
    for (const std::string& role : principal.roles) {
        const auto it = policy.find(role);
        if (it == policy.end() || std::find(it->second.permissions.begin(), it->second.permissions.end(),
                                            action.permission) == it->second.permissions.end()) {
            continue;
        }
        granted = true;
        if (action.permission != Permission::trigger || it->second.workflows.empty() ||
            any_glob(it->second.workflows, action.workflow)) {
            workflow_allowed = true;
        }
    }
    if (!granted) {
        return "permission '" + permission + "' is required; user '" + principal.user +
               "' (roles: " + join(principal.roles) + ") does not have it";
    }
    if (!workflow_allowed) {
        return "permission 'trigger' on workflow '" + std::string(action.workflow) +
               "' is required; the roles of user '" + principal.user +
               "' allow triggering other workflows only";
    }
    if (principal.method != AuthMethod::token) {
        return std::nullopt;
    }
    const bool in_scope =
        std::any_of(principal.scopes.begin(), principal.scopes.end(), [&](const std::string& name) {
            const ScopeInfo* scope = find_scope(name);
            return scope && scope_covers(*scope, action);
        });
    if (!in_scope) {
        return "permission '" + permission + "' on " + std::string(action.resource) +
               " is outside this token's scopes (" + join(principal.scopes) + ")";
    }
    if (action.permission == Permission::trigger && !principal.token_workflows.empty() &&
        !glob_match(principal.token_workflows, action.workflow)) {
        return "this token may trigger only workflows matching '" + principal.token_workflows + "', not '" +
               std::string(action.workflow) + "'";
    }
    return std::nullopt;
}

bool glob_match(std::string_view pattern, std::string_view text) noexcept {
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star = std::string_view::npos;
    std::size_t mark = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            mark = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*') {
        ++p;
    }
    return p == pattern.size();
}

}  // namespace steward::core
