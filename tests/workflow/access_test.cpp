#include "orchestrator/core/access.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward::core;

namespace {

AccessPolicy policy() {
    AccessPolicy p;
    p["viewer"] = RoleGrant{{Permission::view}, {}};
    p["operator"] = RoleGrant{{Permission::view, Permission::trigger, Permission::cancel}, {"churn-*"}};
    p["validator"] = RoleGrant{{Permission::view, Permission::answer}, {}};
    p["admin"] = RoleGrant{{Permission::view, Permission::admin, Permission::promote}, {}};
    return p;
}

Principal user(std::string name, std::vector<std::string> roles, AuthMethod method = AuthMethod::session) {
    Principal p;
    p.user = std::move(name);
    p.roles = std::move(roles);
    p.method = method;
    return p;
}

Principal token(std::vector<std::string> roles, std::vector<std::string> scopes, std::string workflows = "") {
    Principal p = user("ci-bot", std::move(roles), AuthMethod::token);
    p.token_id = 7;
    p.scopes = std::move(scopes);
    p.token_workflows = std::move(workflows);
    return p;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(access_policy)  // not "access": that is unistd.h's access()

BOOST_AUTO_TEST_CASE(a_role_grants_its_permissions_and_nothing_else) {
    const auto p = policy();
    BOOST_TEST(!deny_reason(p, user("vera", {"viewer"}), {Permission::view, "runs", ""}));
    const auto denied = deny_reason(p, user("vera", {"viewer"}), {Permission::promote, "models", ""});
    BOOST_REQUIRE(denied);
    BOOST_TEST(*denied == "permission 'promote' is required; user 'vera' (roles: viewer) does not have it");
    BOOST_TEST(deny_reason(p, user("nobody", {}), {Permission::view, "runs", ""}).has_value());
    BOOST_TEST(deny_reason(p, user("ghost", {"undeclared"}), {Permission::view, "runs", ""}).has_value());
}

BOOST_AUTO_TEST_CASE(trigger_is_limited_to_the_roles_workflow_patterns) {
    const auto p = policy();
    BOOST_TEST(!deny_reason(p, user("olga", {"operator"}), {Permission::trigger, "runs", "churn-monthly"}));
    const auto denied = deny_reason(p, user("olga", {"operator"}), {Permission::trigger, "runs", "fraud"});
    BOOST_REQUIRE(denied);
    BOOST_TEST(denied->find("workflow 'fraud'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_token_is_narrowed_by_its_scopes_and_workflow_pattern) {
    const auto p = policy();
    const auto bot = token({"operator"}, {"runs:trigger", "runs:read"}, "churn-m*");
    BOOST_TEST(!deny_reason(p, bot, {Permission::trigger, "runs", "churn-monthly"}));
    BOOST_TEST(!deny_reason(p, bot, {Permission::view, "runs", ""}));
    // The user may cancel, the token may not.
    const auto cancel = deny_reason(p, bot, {Permission::cancel, "runs", ""});
    BOOST_REQUIRE(cancel);
    BOOST_TEST(cancel->find("outside this token's scopes (runs:trigger, runs:read)") != std::string::npos);
    // runs:read does not read tasks.
    BOOST_TEST(deny_reason(p, bot, {Permission::view, "tasks", ""}).has_value());
    // Role pattern churn-* allows it, the token's churn-m* does not.
    const auto other = deny_reason(p, bot, {Permission::trigger, "runs", "churn-weekly"});
    BOOST_REQUIRE(other);
    BOOST_TEST(other->find("only workflows matching 'churn-m*'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_scope_never_adds_what_the_user_lacks) {
    const auto p = policy();
    BOOST_TEST(deny_reason(p, token({"viewer"}, {"admin", "runs:trigger"}), {Permission::admin, "audit", ""})
                   .has_value());
    BOOST_TEST(deny_reason(p, token({"viewer"}, {"runs:trigger"}), {Permission::trigger, "runs", "churn-x"})
                   .has_value());
    BOOST_TEST(!deny_reason(p, token({"admin"}, {"admin"}), {Permission::admin, "audit", ""}));
    BOOST_TEST(!deny_reason(p, token({"viewer"}, {"read"}), {Permission::view, "reports", ""}));
}

BOOST_AUTO_TEST_CASE(globs) {
    BOOST_TEST(glob_match("churn-*", "churn-monthly"));
    BOOST_TEST(glob_match("*", ""));
    BOOST_TEST(glob_match("a?c", "abc"));
    BOOST_TEST(glob_match("*-scoring-*", "churn-scoring-eu"));
    BOOST_TEST(!glob_match("churn-*", "churn"));
    BOOST_TEST(!glob_match("churn", "churn-x"));
    BOOST_TEST(!glob_match("a?c", "ac"));
}

BOOST_AUTO_TEST_CASE(names_round_trip) {
    for (const Permission permission : all_permissions()) {
        BOOST_TEST((parse_permission(to_string(permission)) == permission), to_string(permission));
    }
    BOOST_TEST(!parse_permission("root").has_value());
    BOOST_TEST(find_scope("runs:trigger") != nullptr);
    BOOST_TEST(find_scope("runs:write") == nullptr);
    BOOST_TEST(token({"viewer"}, {}).actor() == "token 7 of ci-bot");
}

BOOST_AUTO_TEST_SUITE_END()
