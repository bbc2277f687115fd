#include "orchestrator/app/config_mapping.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace steward::app {

livy::ClientConfig livy_client_config(const Config& config) {
    livy::ClientConfig out;
    out.base_url = config.livy.url;
    if (config.livy.auth) {
        out.auth = livy::BasicAuth{config.livy.auth->user, config.livy.auth->password};
    }
    out.tls.verify_peer = config.livy.tls_verify;
    if (!config.livy.tls_ca_file.empty()) {
        out.tls.ca_file = config.livy.tls_ca_file;
    }
    out.connect_timeout = config.livy.connect_timeout;
    out.request_timeout = config.livy.request_timeout;
    out.max_idle_connections = config.livy.max_connections;
    out.poll.initial = config.livy.poll_interval;
    out.poll.max = config.livy.poll_interval;
    out.poll.factor = 1.0;
    out.logger = spdlog::get("livy");
    return out;
}

engine::EngineSettings engine_settings(const Config& config) {
    engine::EngineSettings out;
    out.livy_poll_interval = config.livy.poll_interval;
    out.livy_log_interval = config.livy.log_interval;
    out.livy_list_polling = config.livy.list_polling;
    out.livy_cleanup_timeout = config.livy.cleanup_timeout;
    out.default_step_timeout = config.engine.default_step_timeout;
    out.jobs_dir = config.jobs_dir;
    out.data_roots = config.data_roots;
    out.jobs_uri = config.livy.jobs_uri;
    out.tls_verify = config.livy.tls_verify;
    out.tls_ca_file = config.livy.tls_ca_file;
    for (const auto& [name, channel] : config.channels) {
        engine::NotifyChannel c;
        using Kind = engine::NotifyChannel::Kind;
        c.kind = channel.type == "slack"     ? Kind::slack
                 : channel.type == "teams"   ? Kind::teams
                 : channel.type == "command" ? Kind::command
                                             : Kind::webhook;
        c.url = channel.url;
        c.command = channel.command;
        c.headers = channel.headers;
        c.env = channel.env;
        c.timeout = channel.timeout;
        out.channels.emplace(name, std::move(c));
    }
    for (const auto& [name, user] : config.users) {
        out.user_roles.emplace(name, user.roles);
    }
    out.run_retry_limit = config.engine.run_retry_limit;
    out.run_retry_delay = config.engine.run_retry_delay;
    out.run_retry_max_delay = config.engine.run_retry_max_delay;
    out.supervise_interval = config.engine.supervise_interval;
    return out;
}

api::ServerSettings server_settings(const Config& config) {
    api::ServerSettings out;
    out.address = config.http.address;
    out.port = config.http.port;
    out.body_limit = config.http.body_limit;
    out.read_timeout = config.http.read_timeout;
    out.write_timeout = config.http.write_timeout;
    out.tls_cert_file = config.http.tls_cert_file;
    out.tls_key_file = config.http.tls_key_file;
    out.allowed_hosts = config.http.allowed_hosts;
    out.max_connections = config.http.max_connections;
    return out;
}

auth::Settings auth_settings(const Config& config) {
    auth::Settings out;
    out.mode = config.auth.mode == AuthMode::local   ? auth::Mode::local
               : config.auth.mode == AuthMode::proxy ? auth::Mode::proxy
                                                     : auth::Mode::none;
    out.session_idle_ms = config.auth.session_idle.count();
    out.session_max_ms = config.auth.session_max.count();
    out.signin_max_failures = config.auth.signin_max_failures;
    out.signin_window_ms = config.auth.signin_window.count();
    out.proxy_addresses = config.auth.proxy.trusted_addresses;
    for (const auto& [group, roles] : config.auth.proxy.group_roles) {
        out.group_roles.emplace(group, roles);
    }
    return out;
}

auth::UserRoster user_roster(const Config& config) {
    auth::UserRoster out;
    for (const auto& [name, user] : config.users) {
        out.emplace(name, auth::ConfiguredUser{user.roles, user.password_hash});
    }
    return out;
}

api::AccessSettings access_settings(const Config& config) {
    api::AccessSettings out;
    for (const auto& [name, role] : config.roles) {
        core::RoleGrant grant;
        for (const std::string& permission : role.permissions) {
            if (const auto parsed = core::parse_permission(permission)) {
                grant.permissions.push_back(*parsed);
            }
        }
        grant.workflows = role.workflows;
        out.policy.emplace(name, std::move(grant));
    }
    out.allowed_hosts = config.http.allowed_hosts;
    const auto lower = [](std::string text) {
        std::transform(text.begin(), text.end(), text.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        return text;
    };
    out.proxy_user_header = lower(config.auth.proxy.user_header);
    out.proxy_groups_header = lower(config.auth.proxy.groups_header);
    return out;
}

}  // namespace steward::app
