#include "tests/api/access_harness.hpp"

#include "orchestrator/api/router.hpp"
#include "orchestrator/auth/password.hpp"

#include <stdexcept>

namespace steward::api::test {
namespace {

using core::Permission;

auth::Settings settings_for(auth::Mode mode) {
    auth::Settings settings;
    settings.mode = mode;
    settings.proxy_addresses = {"10.0.0.5"};
    settings.group_roles = {{"validators", {"model_owner"}}, {"ops", {"operator"}}};
    return settings;
}

auth::UserRoster roster() {
    return {{"alice", {{"model_owner"}, ""}}, {"bob", {{}, ""}},
            {"vera", {{"viewer"}, ""}},       {"olga", {{"operator"}, ""}},
            {"root", {{"admin"}, ""}},        {"tester", {{"model_owner", "operator"}, ""}}};
}

AccessSettings access_for() {
    AccessSettings out;
    out.policy["viewer"] = core::RoleGrant{{Permission::view}, {}};
    out.policy["operator"] =
        core::RoleGrant{{Permission::view, Permission::trigger, Permission::cancel}, {"churn*"}};
    out.policy["model_owner"] =
        core::RoleGrant{{Permission::view, Permission::answer, Permission::promote}, {}};
    out.policy["admin"] = core::RoleGrant{{Permission::view, Permission::trigger, Permission::cancel,
                                           Permission::answer, Permission::promote, Permission::admin},
                                          {}};
    return out;
}

std::vector<std::string> every_scope() {
    std::vector<std::string> out;
    for (const auto& scope : core::token_scopes()) {
        out.emplace_back(scope.name);
    }
    return out;
}

}  // namespace

AccessHarness::AccessHarness(auth::Mode mode)
    : auth(db, settings_for(mode), roster(), [this] { return now_ms; }),
      access(access_for()),
      context{db, commands, auth, access} {}

std::string AccessHarness::token(const std::string& user, std::vector<std::string> scopes,
                                 std::string workflows) {
    auth::TokenRequest request;
    request.user = user;
    request.scopes = scopes.empty() ? every_scope() : std::move(scopes);
    request.workflows = std::move(workflows);
    request.created_by = "test";
    auto issued = auth.issue_token(request);
    if (!issued) {
        throw std::runtime_error("token for " + user + ": " + issued.error().message);
    }
    return issued->secret;
}

void AccessHarness::set_password(const std::string& user, const std::string& password) {
    db.accounts().set_password(user, auth::hash_password(password), now_ms);
}

Response AccessHarness::anonymous(const std::string& method, const std::string& target,
                                  const std::string& body, std::map<std::string, std::string> headers) {
    return call(method, target, body, std::move(headers), "");
}

Response AccessHarness::call(const std::string& method, const std::string& target, const std::string& body,
                             std::map<std::string, std::string> headers, const std::string& as_user) {
    Request request;
    request.method = method;
    if (!parse_target(target, request.path, request.query)) {
        throw std::runtime_error("bad target " + target);
    }
    request.body = body;
    request.remote_address = remote_address;
    headers.try_emplace("host", "127.0.0.1:8080");
    if (!body.empty()) {
        headers.try_emplace("content-type", "application/json");
    }
    if (!as_user.empty() && !headers.contains("authorization") && !headers.contains("cookie")) {
        auto it = tokens_.find(as_user);
        if (it == tokens_.end()) {
            it = tokens_.emplace(as_user, token(as_user)).first;
        }
        headers["authorization"] = "Bearer " + it->second;
    }
    request.headers = std::move(headers);
    return dispatch(context, std::move(request));
}

}  // namespace steward::api::test
