#include "orchestrator/app/config_mapping.hpp"

#include <spdlog/spdlog.h>

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
    out.livy_cleanup_timeout = config.livy.cleanup_timeout;
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
    return out;
}

api::UserDirectory user_directory(const Config& config) {
    api::UserDirectory out;
    for (const auto& [name, user] : config.users) {
        out.emplace(name, user.roles);
    }
    return out;
}

}  // namespace steward::app
