// The access part of the config file: roles with their permissions, users, and `auth:`
// (docs/security.md, docs/configuration.md).

#include "orchestrator/app/config_reader.hpp"
#include "orchestrator/core/access.hpp"

#include <boost/asio/ip/address.hpp>

namespace steward::app::config_detail {
namespace {

void read_roles(const Reader& r, const YAML::Node& root, Config& config) {
    for_each_named(r, root["roles"], "roles", "role",
                   [&](const std::string& name, const YAML::Node& node, const std::string& path) {
                       r.expect_map(node, path, {"description", "permissions", "workflows"});
                       RoleSettings role;
                       if (node["description"])
                           role.description = r.string(node["description"], path + ".description");
                       if (node["permissions"]) {
                           role.permissions = r.string_list(node["permissions"], path + ".permissions");
                           for (std::size_t i = 0; i < role.permissions.size(); ++i) {
                               if (!core::parse_permission(role.permissions[i])) {
                                   r.fail(path + ".permissions[" + std::to_string(i) + "]",
                                          node["permissions"][i],
                                          "unknown permission '" + role.permissions[i] +
                                              "' (expected one of: view, trigger, cancel, answer, promote, "
                                              "admin)");
                               }
                           }
                       }
                       if (node["workflows"])
                           role.workflows = r.string_list(node["workflows"], path + ".workflows");
                       config.roles[name] = std::move(role);
                   });
}

void check_role_list(const Reader& r, const YAML::Node& list, const std::string& path,
                     const std::vector<std::string>& roles, const Config& config) {
    for (std::size_t i = 0; i < roles.size(); ++i) {
        const std::string item = path + "[" + std::to_string(i) + "]";
        if (!valid_name(roles[i])) {
            r.fail(item, list[i], "invalid role name '" + roles[i] + "'");
        }
        if (!config.roles.empty() && !config.roles.contains(roles[i])) {
            r.fail(item, list[i], "role '" + roles[i] + "' is not declared under roles");
        }
    }
}

void read_users(const Reader& r, const YAML::Node& root, Config& config) {
    for_each_named(r, root["users"], "users", "user",
                   [&](const std::string& name, const YAML::Node& node, const std::string& path) {
                       r.expect_map(node, path, {"roles", "email", "password_hash"});
                       UserSettings user;
                       if (node["roles"]) {
                           user.roles = r.string_list(node["roles"], path + ".roles");
                           check_role_list(r, node["roles"], path + ".roles", user.roles, config);
                       }
                       if (node["email"])
                           user.email = r.string(node["email"], path + ".email");
                       if (node["password_hash"]) {
                           // Never echo the value: it is a secret, even hashed.
                           user.password_hash = r.nonempty(node["password_hash"], path + ".password_hash");
                           if (!user.password_hash.starts_with("$argon2id$")) {
                               r.fail(path + ".password_hash", node["password_hash"],
                                      "expected an Argon2id hash as printed by 'steward user hash'");
                           }
                       }
                       config.users[name] = std::move(user);
                   });
}

std::string normalized_address(const Reader& r, const YAML::Node& node, const std::string& path) {
    const std::string text = r.nonempty(node, path);
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(text, ec);
    if (ec) {
        r.fail(path, node, "expected an IP address, got '" + text + "'");
    }
    return address.to_string();
}

void read_proxy(const Reader& r, const YAML::Node& node, Config& config) {
    ProxyAuthSettings& proxy = config.auth.proxy;
    r.expect_map(node, "auth.proxy", {"trusted_addresses", "user_header", "groups_header", "group_roles"});
    if (const auto list = node["trusted_addresses"]; list && list.IsSequence()) {
        for (std::size_t i = 0; i < list.size(); ++i) {
            proxy.trusted_addresses.push_back(
                normalized_address(r, list[i], "auth.proxy.trusted_addresses[" + std::to_string(i) + "]"));
        }
    } else if (list) {
        r.fail("auth.proxy.trusted_addresses", list, "expected a list of IP addresses");
    }
    if (node["user_header"])
        proxy.user_header = r.nonempty(node["user_header"], "auth.proxy.user_header");
    if (node["groups_header"])
        proxy.groups_header = r.nonempty(node["groups_header"], "auth.proxy.groups_header");
    for_each_named(r, node["group_roles"], "auth.proxy.group_roles", "group",
                   [&](const std::string& group, const YAML::Node& roles, const std::string& path) {
                       auto names = r.string_list(roles, path);
                       check_role_list(r, roles, path, names, config);
                       proxy.group_roles[group] = std::move(names);
                   });
}

bool is_loopback(const std::string& address) {
    boost::system::error_code ec;
    const auto parsed = boost::asio::ip::make_address(address, ec);
    return !ec && parsed.is_loopback();
}

void read_auth(const Reader& r, const YAML::Node& node, Config& config) {
    r.expect_map(node, "auth", {"mode", "session_idle", "session_max", "signin", "proxy"});
    AuthSettings& auth = config.auth;
    if (node["mode"]) {
        const std::string mode = r.string(node["mode"], "auth.mode");
        if (mode == "local") {
            auth.mode = AuthMode::local;
        } else if (mode == "proxy") {
            auth.mode = AuthMode::proxy;
        } else if (mode == "none") {
            auth.mode = AuthMode::none;
        } else {
            r.fail("auth.mode", node["mode"],
                   "unknown mode '" + mode + "' (expected one of: local, proxy, none)");
        }
    }
    if (node["session_idle"])
        auth.session_idle = r.duration(node["session_idle"], "auth.session_idle", Millis(60'000));
    if (node["session_max"])
        auth.session_max = r.duration(node["session_max"], "auth.session_max", Millis(60'000));
    if (const auto signin = node["signin"]) {
        r.expect_map(signin, "auth.signin", {"max_failures", "window"});
        if (signin["max_failures"])
            auth.signin_max_failures =
                static_cast<int>(r.integer(signin["max_failures"], "auth.signin.max_failures", 1, 1000));
        if (signin["window"])
            auth.signin_window = r.duration(signin["window"], "auth.signin.window", Millis(1'000));
    }
    if (node["proxy"])
        read_proxy(r, node["proxy"], config);
    if (auth.mode == AuthMode::proxy && auth.proxy.trusted_addresses.empty()) {
        r.fail("auth.proxy.trusted_addresses", node["proxy"],
               "auth.mode proxy needs the addresses of the trusted proxy");
    }
    if (auth.mode == AuthMode::none && !is_loopback(config.http.address)) {
        r.fail("auth.mode", node["mode"],
               "mode none (no authentication) is allowed only when http.listen is a loopback address, not " +
                   config.http.address);
    }
}

}  // namespace

void read_access(const Reader& r, const YAML::Node& root, Config& config) {
    read_roles(r, root, config);
    read_users(r, root, config);
    if (root["auth"] && !root["auth"].IsNull())
        read_auth(r, root["auth"], config);
}

}  // namespace steward::app::config_detail
