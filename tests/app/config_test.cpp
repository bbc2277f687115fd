#include "orchestrator/app/config.hpp"
#include "orchestrator/app/config_mapping.hpp"

#include "orchestrator/api/context.hpp"
#include "orchestrator/auth/auth_settings.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using steward::app::Config;
using steward::app::ConfigError;
using steward::app::parse_config;

namespace {

std::optional<std::string> fake_env(const std::string& name) {
    static const std::map<std::string, std::string> vars{{"LIVY_PW", "s3cret"}, {"EMPTY", ""}};
    const auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
}

Config parse(const std::string& text) {
    return parse_config(text, "steward.yaml", "/etc/steward", fake_env);
}

// The error a text produces: its key path and the whole one-line message.
std::pair<std::string, std::string> error_of(const std::string& text) {
    try {
        (void)parse(text);
    } catch (const ConfigError& e) {
        return {e.key_path(), e.what()};
    }
    BOOST_FAIL("no ConfigError for:\n" << text);
    return {};
}

void check_error(const std::string& text, const std::string& key, const std::string& fragment) {
    const auto [path, what] = error_of(text);
    BOOST_TEST(path == key, "key path of: " << what);
    BOOST_TEST(what.rfind("config steward.yaml: " + key + ": ", 0) == 0, what);
    BOOST_TEST(what.find(fragment) != std::string::npos, what << " (wanted '" << fragment << "')");
    BOOST_TEST(what.find('\n') == std::string::npos);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(empty_file_gives_defaults_relative_to_the_config_directory) {
    const Config c = parse("");
    BOOST_TEST(c.http.address == "127.0.0.1");
    BOOST_TEST(c.http.port == 8080);
    BOOST_TEST(c.livy.url == "http://127.0.0.1:8998");
    BOOST_TEST(c.livy.poll_interval.count() == 5000);
    BOOST_TEST(c.livy.list_polling);
    BOOST_TEST(steward::app::engine_settings(c).livy_list_polling);
    BOOST_TEST(!c.livy.auth.has_value());
    BOOST_TEST(c.store.path == std::filesystem::path("/etc/steward/steward.db"));
    BOOST_TEST(c.workflows_dir == std::filesystem::path("/etc/steward/workflows"));
    BOOST_TEST(c.log_level == "info");
    BOOST_TEST((c.auth.mode == steward::app::AuthMode::local));
    BOOST_TEST(c.auth.session_idle.count() == 60 * 60'000);
    BOOST_TEST(c.auth.signin_max_failures == 5);
}

BOOST_AUTO_TEST_CASE(full_file_is_read) {
    const Config c = parse(R"(
http: {listen: "0.0.0.0:9090", max_body_bytes: 4096, read_timeout: 5s, write_timeout: 2s}
livy:
  url: https://livy.example.com/gateway/livy
  auth: {user: steward, password_env: LIVY_PW}
  tls: {verify: false}
  poll_interval: 1s
  log_interval: 10s
  list_polling: false
  request_timeout: 20s
  max_connections: 64
  jobs_uri: hdfs:///steward/jobs
store: {path: var/steward.db}
workflows_dir: ../workflows
jobs_dir: /srv/jobs
channels:
  ops: {type: slack, url: "https://hooks.example.com/T1", timeout: 3s}
  hook: {type: webhook, url: "http://127.0.0.1:9/x", headers: {X-Token: abc}}
  mail: {type: command, command: [/usr/bin/mail, -s, steward, ops@example.com], env: {LANG: C}}
roles:
  model_owner: {description: Owns models, permissions: [view, answer, promote]}
  model_steward: {permissions: [view, trigger, cancel], workflows: [churn-*]}
users:
  alice: {roles: [model_owner], email: alice@example.com}
  bob: {roles: [model_owner, model_steward], password_hash: "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA"}
auth:
  mode: proxy
  session_idle: 30m
  session_max: 8h
  signin: {max_failures: 3, window: 10m}
  proxy:
    trusted_addresses: [10.0.0.5]
    user_header: X-Auth-User
    groups_header: X-Auth-Groups
    group_roles: {ml-validators: [model_owner]}
logging: {level: debug}
)");
    BOOST_TEST(c.http.address == "0.0.0.0");
    BOOST_TEST(c.http.port == 9090);
    BOOST_TEST(c.http.body_limit == 4096u);
    BOOST_TEST(c.http.read_timeout.count() == 5000);
    BOOST_TEST(c.livy.url == "https://livy.example.com/gateway/livy");
    BOOST_REQUIRE(c.livy.auth.has_value());
    BOOST_TEST(c.livy.auth->user == "steward");
    BOOST_TEST(c.livy.auth->password == "s3cret");
    BOOST_TEST(!c.livy.tls_verify);
    BOOST_TEST(c.livy.poll_interval.count() == 1000);
    BOOST_TEST(c.livy.log_interval.count() == 10000);
    BOOST_TEST(steward::app::engine_settings(c).livy_log_interval.count() == 10000);
    BOOST_TEST(!c.livy.list_polling);
    BOOST_TEST(!steward::app::engine_settings(c).livy_list_polling);
    BOOST_TEST(c.livy.max_connections == 64u);
    BOOST_TEST(c.livy.jobs_uri == "hdfs:///steward/jobs");
    BOOST_TEST(c.store.path == std::filesystem::path("/etc/steward/var/steward.db"));
    BOOST_TEST(c.workflows_dir == std::filesystem::path("/etc/workflows"));
    BOOST_TEST(c.jobs_dir == std::filesystem::path("/srv/jobs"));
    BOOST_TEST(c.channels.size() == 3u);
    BOOST_TEST(c.channels.at("ops").type == "slack");
    BOOST_TEST(c.channels.at("ops").timeout.count() == 3000);
    BOOST_TEST(c.channels.at("hook").headers.at("X-Token") == "abc");
    BOOST_TEST(c.channels.at("mail").command.size() == 4u);
    BOOST_TEST(c.channels.at("mail").env.at("LANG") == "C");
    BOOST_TEST(c.users.at("bob").roles.size() == 2u);
    BOOST_TEST(c.users.at("alice").email == "alice@example.com");
    BOOST_TEST(c.roles.at("model_owner").description == "Owns models");
    BOOST_TEST(c.roles.at("model_owner").permissions.at(2) == "promote");
    BOOST_TEST(c.roles.at("model_steward").workflows.at(0) == "churn-*");
    BOOST_TEST(c.users.at("bob").password_hash.starts_with("$argon2id$"));
    BOOST_TEST(c.users.at("alice").password_hash.empty());
    BOOST_TEST((c.auth.mode == steward::app::AuthMode::proxy));
    BOOST_TEST(c.auth.session_idle.count() == 30 * 60'000);
    BOOST_TEST(c.auth.session_max.count() == 8 * 60 * 60'000);
    BOOST_TEST(c.auth.signin_max_failures == 3);
    BOOST_TEST(c.auth.signin_window.count() == 10 * 60'000);
    BOOST_TEST(c.auth.proxy.trusted_addresses.at(0) == "10.0.0.5");
    BOOST_TEST(c.auth.proxy.user_header == "X-Auth-User");
    BOOST_TEST(c.auth.proxy.group_roles.at("ml-validators").at(0) == "model_owner");
    BOOST_TEST(c.log_level == "debug");
}

BOOST_AUTO_TEST_CASE(components_get_their_own_settings) {
    const Config c = parse(R"(
http: {listen: "127.0.0.1:0", max_body_bytes: 2048}
livy: {url: "https://gw/livy", auth: {user: u, password_env: LIVY_PW}, tls: {verify: false}, poll_interval: 2s,
       request_timeout: 7s, max_connections: 9, jobs_uri: "hdfs:///jobs", cleanup_timeout: 3s}
channels: {ops: {type: teams, url: "https://t/x"}, run: {type: command, command: [echo, hi]}}
roles: {owner: {permissions: [view, answer]}, ops: {permissions: [trigger], workflows: ["churn-*"]}}
users: {alice: {roles: [owner]}}
auth: {mode: proxy, proxy: {trusted_addresses: ["10.0.0.5"], user_header: X-Auth-User}}
)");
    const auto livy = steward::app::livy_client_config(c);
    BOOST_TEST(livy.base_url == "https://gw/livy");
    BOOST_REQUIRE(livy.auth.has_value());
    BOOST_TEST(livy.auth->password == "s3cret");
    BOOST_TEST(!livy.tls.verify_peer);
    BOOST_TEST(livy.request_timeout.count() == 7000);
    BOOST_TEST(livy.max_idle_connections == 9u);
    BOOST_TEST(livy.poll.initial.count() == 2000);
    BOOST_TEST(livy.poll.max.count() == 2000);
    const auto engine = steward::app::engine_settings(c);
    BOOST_TEST(engine.livy_poll_interval.count() == 2000);
    BOOST_TEST(engine.livy_cleanup_timeout.count() == 3000);
    BOOST_TEST(engine.jobs_uri == "hdfs:///jobs");
    BOOST_TEST((engine.channels.at("ops").kind == steward::engine::NotifyChannel::Kind::teams));
    BOOST_TEST((engine.channels.at("run").kind == steward::engine::NotifyChannel::Kind::command));
    BOOST_TEST(engine.channels.at("run").command.at(1) == "hi");
    BOOST_TEST(engine.user_roles.at("alice").at(0) == "owner");
    BOOST_TEST(!engine.tls_verify);
    const auto server = steward::app::server_settings(c);
    BOOST_TEST(server.port == 0);
    BOOST_TEST(server.body_limit == 2048u);
    BOOST_TEST(steward::app::user_roster(c).at("alice").roles.at(0) == "owner");
    const auto access = steward::app::access_settings(c);
    BOOST_TEST(access.policy.at("owner").permissions.size() == 2u);
    BOOST_TEST((access.policy.at("owner").permissions.at(1) == steward::core::Permission::answer));
    BOOST_TEST(access.policy.at("ops").workflows.at(0) == "churn-*");
    BOOST_TEST(access.proxy_user_header == "x-auth-user");  // headers are matched lower-case
    BOOST_TEST(access.proxy_groups_header == "x-forwarded-groups");
    const auto auth = steward::app::auth_settings(c);
    BOOST_TEST((auth.mode == steward::auth::Mode::proxy));
    BOOST_TEST(auth.proxy_addresses.at(0) == "10.0.0.5");
}

BOOST_AUTO_TEST_CASE(engine_supervision_keys_are_read_and_checked) {
    const auto defaults = steward::app::engine_settings(parse(""));
    BOOST_TEST(defaults.run_retry_limit == 5);
    BOOST_TEST(defaults.run_retry_delay.count() == 1000);
    BOOST_TEST(defaults.run_retry_max_delay.count() == 300'000);
    BOOST_TEST(defaults.supervise_interval.count() == 60'000);
    const auto engine =
        steward::app::engine_settings(parse("engine: {run_retry_limit: 2, run_retry_delay: 50ms, "
                                            "run_retry_max_delay: 2s, supervise_interval: 5s}"));
    BOOST_TEST(engine.run_retry_limit == 2);
    BOOST_TEST(engine.run_retry_delay.count() == 50);
    BOOST_TEST(engine.run_retry_max_delay.count() == 2000);
    BOOST_TEST(engine.supervise_interval.count() == 5000);
    check_error("engine: {run_retry_limit: -1}", "engine.run_retry_limit",
                "expected an integer from 0 to 100");
    check_error("engine: {supervise_interval: 0ms}", "engine.supervise_interval", "must be at least");
    check_error("engine: {retries: 3}", "engine.retries", "unknown key 'retries'");
}

BOOST_AUTO_TEST_CASE(data_roots_resolve_against_the_config_and_default_to_the_servers_own_dirs) {
    using Paths = std::vector<std::filesystem::path>;
    const Config given = parse("data_roots: [../data, /srv/scored, var/]\n");
    BOOST_TEST((given.data_roots == Paths{"/etc/data", "/srv/scored", "/etc/steward/var/"}));
    BOOST_TEST((steward::app::engine_settings(given).data_roots == given.data_roots));
    // Absent: the workflows, the jobs and the database's directory.
    const Config absent = parse("store: {path: ../var/steward.db}\njobs_dir: /srv/jobs\n");
    BOOST_TEST((absent.data_roots == Paths{"/etc/steward/workflows", "/srv/jobs", "/etc/var"}));
    // An explicit empty list: no local data at all.
    BOOST_TEST(parse("data_roots: []\n").data_roots.empty());
    check_error("data_roots: /srv/data\n", "data_roots", "expected a list of directories");
    check_error("data_roots: [/srv/data, /]\n", "data_roots[1]", "'/' would confine nothing");
    check_error("data_roots: [\"\"]\n", "data_roots[0]", "must not be empty");
}

BOOST_AUTO_TEST_CASE(password_file_is_read_and_inline_password_needs_permission) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("steward-config-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "pw") << "from-file\n";
    const Config c =
        parse_config("livy: {auth: {user: u, password_file: pw}}", "steward.yaml", dir, fake_env);
    BOOST_TEST(c.livy.auth->password == "from-file");
    std::filesystem::remove_all(dir);

    check_error("livy: {auth: {user: u, password: hunter2}}", "livy.auth.password",
                "inline password is refused");
    const Config inline_ok = parse("livy: {auth: {user: u, password: hunter2, allow_inline_password: true}}");
    BOOST_TEST(inline_ok.livy.auth->password == "hunter2");
}

// A private directory with a certificate and key file (contents irrelevant to the config check).
struct TlsFiles {
    std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("steward-config-tls-" + std::to_string(::getpid()));
    TlsFiles() {
        std::filesystem::create_directories(dir / "sub");
        std::ofstream(dir / "cert.pem") << "-----BEGIN CERTIFICATE-----\nsecret-ish\n";
        std::ofstream(dir / "key.pem") << "-----BEGIN PRIVATE KEY-----\nsecret\n";
    }
    ~TlsFiles() { std::filesystem::remove_all(dir); }
    Config parse(const std::string& text) const { return parse_config(text, "steward.yaml", dir, fake_env); }
    std::pair<std::string, std::string> error_of(const std::string& text) const {
        try {
            (void)parse(text);
        } catch (const ConfigError& e) {
            return {e.key_path(), e.what()};
        }
        return {"", "no ConfigError"};
    }
};

BOOST_AUTO_TEST_CASE(http_tls_names_two_readable_files_resolved_against_the_config_directory) {
    const TlsFiles files;
    const Config c =
        files.parse("http: {tls: {cert_file: cert.pem, key_file: " + (files.dir / "key.pem").string() + "}}");
    BOOST_TEST(c.http.tls_cert_file == (files.dir / "cert.pem").string());
    BOOST_TEST(c.http.tls_key_file == (files.dir / "key.pem").string());
    const auto server = steward::app::server_settings(c);
    BOOST_TEST(server.tls_cert_file == c.http.tls_cert_file);
    BOOST_TEST(server.tls_key_file == c.http.tls_key_file);
    const Config plain = files.parse("http: {tls: null}");
    BOOST_TEST(plain.http.tls_cert_file.empty());
    BOOST_TEST(steward::app::server_settings(plain).tls_key_file.empty());
}

BOOST_AUTO_TEST_CASE(http_tls_errors_name_the_key_and_never_the_contents) {
    const TlsFiles files;
    const auto check = [&](const std::string& text, const std::string& key, const std::string& fragment) {
        const auto [path, what] = files.error_of(text);
        BOOST_TEST(path == key, "key path of: " << what);
        BOOST_TEST(what.rfind("config steward.yaml: " + key + ": ", 0) == 0, what);
        BOOST_TEST(what.find(fragment) != std::string::npos, what << " (wanted '" << fragment << "')");
        BOOST_TEST(what.find("secret") == std::string::npos, what);
        BOOST_TEST(what.find("BEGIN") == std::string::npos, what);
    };
    check("http: {tls: {cert_file: nope.pem, key_file: key.pem}}", "http.tls.cert_file",
          "'" + (files.dir / "nope.pem").string() + "' does not exist");
    check("http: {tls: {cert_file: cert.pem, key_file: /nonexistent/key.pem}}", "http.tls.key_file",
          "'/nonexistent/key.pem' does not exist");
    check("http: {tls: {cert_file: sub, key_file: key.pem}}", "http.tls.cert_file", "cannot read");
    check("http: {tls: {key_file: key.pem}}", "http.tls.cert_file", "missing (the PEM certificate chain");
    check("http: {tls: {cert_file: cert.pem}}", "http.tls.key_file", "missing (the PEM private key");
    check("http: {tls: {cert_file: cert.pem, key_file: key.pem, ca_file: x}}", "http.tls.ca_file",
          "unknown key 'ca_file'");
    check("http: {tls: {cert_file: '', key_file: key.pem}}", "http.tls.cert_file", "must not be empty");
    check("http: {tls: yes}", "http.tls", "expected a mapping");
}

BOOST_AUTO_TEST_CASE(http_allowed_hosts_are_host_names_or_addresses_in_lower_case) {
    const Config none = parse("");
    BOOST_TEST(none.http.allowed_hosts.empty());
    const Config c = parse("http: {allowed_hosts: [Steward.Example.COM, localhost, 127.0.0.1, '[::1]']}");
    BOOST_TEST(c.http.allowed_hosts ==
                   (std::vector<std::string>{"steward.example.com", "localhost", "127.0.0.1", "[::1]"}),
               boost::test_tools::per_element());
    BOOST_TEST(steward::app::server_settings(c).allowed_hosts == c.http.allowed_hosts,
               boost::test_tools::per_element());
    check_error("http: {allowed_hosts: steward.example.com}", "http.allowed_hosts", "expected a list");
    check_error("http: {allowed_hosts: ['http://steward.example.com']}", "http.allowed_hosts[0]",
                "without scheme, port or path");
    check_error("http: {allowed_hosts: [a.example, 'b.example:8080']}", "http.allowed_hosts[1]",
                "got 'b.example:8080'");
    check_error("http: {allowed_hosts: ['a.example/x']}", "http.allowed_hosts[0]", "without scheme");
    check_error("http: {allowed_hosts: ['']}", "http.allowed_hosts[0]", "must not be empty");
    check_error("http: {allowed_hosts: ['::1']}", "http.allowed_hosts[0]", "IPv6 in brackets");
    check_error("http: {allowed_hosts: ['*.example.com']}", "http.allowed_hosts[0]", "host name");
}

BOOST_AUTO_TEST_CASE(engine_default_step_timeout_is_read_and_reaches_the_engine) {
    BOOST_TEST(steward::app::engine_settings(parse("")).default_step_timeout.count() == 24 * 60 * 60'000);
    const Config c = parse("engine: {default_step_timeout: 2h}");
    BOOST_TEST(c.engine.default_step_timeout.count() == 2 * 60 * 60'000);
    BOOST_TEST(steward::app::engine_settings(c).default_step_timeout.count() == 2 * 60 * 60'000);
    BOOST_TEST(parse("engine: {default_step_timeout: 0s}").engine.default_step_timeout.count() == 0);
    check_error("engine: {default_step_timeout: 5}", "engine.default_step_timeout", "invalid duration '5'");
    check_error("engine: {step_timeout: 1h}", "engine.step_timeout", "unknown key 'step_timeout'");
}

BOOST_AUTO_TEST_CASE(http_max_connections_is_read_and_reaches_the_server) {
    BOOST_TEST(parse("").http.max_connections == 512U);
    const Config c = parse("http: {max_connections: 100}");
    BOOST_TEST(c.http.max_connections == 100U);
    BOOST_TEST(steward::app::server_settings(c).max_connections == 100U);
    check_error("http: {max_connections: 0}", "http.max_connections",
                "expected an integer from 1 to 1000000");
    check_error("http: {max_connections: many}", "http.max_connections", "expected an integer");
}

BOOST_AUTO_TEST_CASE(errors_name_the_key) {
    check_error("htp: {}", "htp", "unknown key 'htp'");
    check_error("http: {listen: 8080}", "http.listen", "expected HOST:PORT");
    check_error("http: {listen: '127.0.0.1:99999'}", "http.listen", "port must be a number");
    check_error("http: {listen: 'example.com:80'}", "http.listen", "IP address");
    check_error("http: {listne: x}", "http.listne", "unknown key 'listne' (expected one of: listen,");
    check_error("livy: {url: 'ftp://x'}", "livy.url", "http:// or https://");
    check_error("livy: {url: 'http://'}", "livy.url", "with a host");
    check_error("livy: {poll_interval: 5}", "livy.poll_interval", "invalid duration '5'");
    check_error("livy: {poll_interval: 0s}", "livy.poll_interval", "at least 1ms");
    check_error("livy: {request_timeout: [1]}", "livy.request_timeout", "expected a string");
    check_error("livy: {max_connections: lots}", "livy.max_connections", "expected an integer");
    check_error("livy: {auth: {password_env: LIVY_PW}}", "livy.auth.user", "missing");
    check_error("livy: {auth: {user: u, password_env: NOPE}}", "livy.auth.password_env", "NOPE is not set");
    check_error("livy: {auth: {user: u, password_env: EMPTY}}", "livy.auth.password_env", "EMPTY is not set");
    check_error("livy: {auth: {user: u, password_file: /nonexistent/pw}}", "livy.auth.password_file",
                "cannot read");
    check_error("livy: {auth: {user: u}}", "livy.auth", "exactly one of");
    check_error("livy: {tls: {verify: maybe}}", "livy.tls.verify", "expected true or false");
    check_error("livy: {tls: {ca_file: /nonexistent/ca.pem}}", "livy.tls.ca_file", "cannot read");
    check_error("store: {path: ''}", "store.path", "must not be empty");
    check_error("channels: {ops: {url: 'http://x'}}", "channels.ops.type", "missing");
    check_error("channels: {ops: {type: pigeon}}", "channels.ops.type", "unknown channel type 'pigeon'");
    check_error("channels: {ops: {type: slack}}", "channels.ops.url", "missing");
    check_error("channels: {ops: {type: webhook, url: 'mailto:a@b'}}", "channels.ops.url",
                "http:// or https://");
    check_error("channels: {ops: {type: command, command: []}}", "channels.ops.command",
                "must name a program");
    check_error("channels: {ops: {type: command, command: [x], url: 'http://x'}}", "channels.ops.url",
                "no url");
    check_error("channels: {ops: {type: slack, url: 'http://x', timeot: 1s}}", "channels.ops.timeot",
                "unknown key");
    check_error("users: {alice: {roles: model_owner}}", "users.alice.roles", "expected a list");
    check_error("roles: {owner: {}}\nusers: {alice: {roles: [owner, boss]}}", "users.alice.roles[1]",
                "role 'boss' is not declared");
    check_error("users: {'al ice': {}}", "users.al ice", "invalid user name");
    check_error("users: [alice]", "users", "expected a mapping of user names");
    check_error("logging: {level: loud}", "logging.level", "unknown level 'loud'");
    check_error("http: {listen: '127.0.0.1:1'}\nhttp: {}", "http", "duplicate key 'http'");
}

BOOST_AUTO_TEST_CASE(auth_and_permission_errors_name_the_key) {
    check_error("http: {listen: '0.0.0.0:8080'}\nauth: {mode: none}", "auth.mode", "loopback");
    check_error("auth: {mode: none}\nhttp: {listen: '10.1.2.3:8080'}", "auth.mode", "10.1.2.3");
    BOOST_TEST((parse("http: {listen: '127.0.0.1:8080'}\nauth: {mode: none}").auth.mode ==
                steward::app::AuthMode::none));
    BOOST_TEST((parse("http: {listen: '[::1]:8080'}\nauth: {mode: none}").auth.mode ==
                steward::app::AuthMode::none));
    check_error("auth: {mode: open}", "auth.mode", "unknown mode 'open'");
    check_error("auth: {mode: local, sessions: 1h}", "auth.sessions", "unknown key 'sessions'");
    check_error("roles: {viewer: {permissions: [view, approve]}}", "roles.viewer.permissions[1]",
                "unknown permission 'approve'");
    check_error("roles: {viewer: {permissions: view}}", "roles.viewer.permissions", "expected a list");
    check_error("roles: {viewer: {permission: [view]}}", "roles.viewer.permission", "unknown key");
    check_error("auth: {mode: proxy}", "auth.proxy.trusted_addresses", "trusted proxy");
    check_error("auth: {mode: proxy, proxy: {group_roles: {g: [x]}}}", "auth.proxy.trusted_addresses",
                "trusted proxy");
    check_error("auth: {mode: proxy, proxy: {trusted_addresses: [proxy.example.com]}}",
                "auth.proxy.trusted_addresses[0]", "expected an IP address");
    check_error(
        "roles: {owner: {}}\nauth: {mode: proxy, proxy: {trusted_addresses: [10.0.0.1], "
        "group_roles: {g: [boss]}}}",
        "auth.proxy.group_roles.g[0]", "role 'boss' is not declared");
    check_error("auth: {signin: {max_failures: 0}}", "auth.signin.max_failures", "");
}

BOOST_AUTO_TEST_CASE(a_password_hash_must_be_argon2id_and_is_never_echoed) {
    for (const std::string hash : {"$2b$12$abcdefghijklmnopqrstuvSECRETPART", "plaintext-SECRETPART",
                                   "$argon2i$v=19$m=4096,t=3,p=1$SECRETPART"}) {
        const auto [path, what] = error_of("users: {carol: {password_hash: '" + hash + "'}}");
        BOOST_TEST(path == "users.carol.password_hash", what);
        BOOST_TEST(what.find("Argon2id") != std::string::npos, what);
        BOOST_TEST(what.find("SECRETPART") == std::string::npos, what);
        BOOST_TEST(what.find(hash) == std::string::npos, what);
    }
    check_error("users: {carol: {password_hash: ''}}", "users.carol.password_hash", "");
}

BOOST_AUTO_TEST_CASE(errors_carry_the_line) {
    const auto [path, what] = error_of("http:\n  listen: '127.0.0.1:8080'\nlivy:\n  poll_interval: soon\n");
    BOOST_TEST(path == "livy.poll_interval");
    BOOST_TEST(what.find("(line 4)") != std::string::npos, what);
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error_names_line_and_column) {
    const auto [path, what] = error_of("http: {listen: [\n");
    BOOST_TEST(path.empty());
    BOOST_TEST(what.rfind("config steward.yaml:", 0) == 0, what);
    BOOST_TEST(what.find('\n') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(missing_file_is_an_error) {
    try {
        (void)steward::app::load_config("/nonexistent/steward.yaml");
        BOOST_FAIL("no error");
    } catch (const ConfigError& e) {
        BOOST_TEST(std::string(e.what()) == "config /nonexistent/steward.yaml: the file does not exist");
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(example_config)

BOOST_AUTO_TEST_CASE(the_repository_example_is_valid) {
    const Config c = steward::app::load_config(STEWARD_SOURCE_DIR "/config/steward.yaml");
    BOOST_TEST(c.http.port == 8080);
    BOOST_TEST(c.livy.url == "http://127.0.0.1:8998");
    BOOST_TEST(c.workflows_dir == std::filesystem::path(STEWARD_SOURCE_DIR "/workflows"));
    BOOST_TEST(c.jobs_dir == std::filesystem::path(STEWARD_SOURCE_DIR "/jobs"));
    BOOST_TEST(c.store.path == std::filesystem::path(STEWARD_SOURCE_DIR "/var/steward.db"));
    BOOST_TEST(c.channels.contains("steward_mail"));
    BOOST_TEST(c.users.at("steward").roles.size() == 2u);
    // What the shipped workflows read locally: approval-gate's default scored file's directory and
    // the server's own var/data.
    BOOST_TEST((c.data_roots == std::vector<std::filesystem::path>{"/var/lib/steward/scored",
                                                                   STEWARD_SOURCE_DIR "/var/data"}));
    // Authentication is on, and every role says what it may do.
    BOOST_TEST((c.auth.mode == steward::app::AuthMode::local));
    BOOST_TEST(!c.roles.empty());
    for (const auto& [name, role] : c.roles) {
        BOOST_TEST(!role.permissions.empty(), name);
    }
    const auto access = steward::app::access_settings(c);
    const auto& owner = access.policy.at("model_owner").permissions;
    BOOST_TEST((std::find(owner.begin(), owner.end(), steward::core::Permission::answer) != owner.end()));
    BOOST_TEST(c.roles.contains("platform_admin"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(demo_config)

BOOST_AUTO_TEST_CASE(the_demo_config_is_valid) {
    const Config c = steward::app::load_config(STEWARD_SOURCE_DIR "/config/demo.yaml");
    BOOST_TEST(c.http.port == 8089);
    BOOST_TEST(c.livy.poll_interval.count() == 2000);
    BOOST_TEST(c.store.path == std::filesystem::path(STEWARD_SOURCE_DIR "/.cache/demo/steward.db"));
    BOOST_TEST(c.users.at("steward").roles.at(0) == "model_owner");
    // The demo's Spark jobs write their scored rows under .cache/demo/data (scripts/demo.sh out_dir).
    BOOST_TEST((c.data_roots == std::vector<std::filesystem::path>{STEWARD_SOURCE_DIR "/.cache/demo/data"}));
    BOOST_TEST((c.auth.mode == steward::app::AuthMode::local));
    for (const auto& [name, role] : c.roles) {
        BOOST_TEST(!role.permissions.empty(), name);
    }
    // The demo's own user may trigger its runs and answer its tasks.
    const auto access = steward::app::access_settings(c);
    const auto principal_may = [&](steward::core::Permission p) {
        for (const auto& role : c.users.at("steward").roles) {
            const auto& granted = access.policy.at(role).permissions;
            if (std::find(granted.begin(), granted.end(), p) != granted.end())
                return true;
        }
        return false;
    };
    BOOST_TEST(principal_may(steward::core::Permission::trigger));
    BOOST_TEST(principal_may(steward::core::Permission::answer));
}

BOOST_AUTO_TEST_SUITE_END()
