#pragma once

// The server configuration file (docs/configuration.md) as plain structs. yaml-cpp is used only in
// config.cpp; nothing here depends on it.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace steward::app {

using Millis = std::chrono::milliseconds;

/// `http:`: where the API listens and how it treats connections.
struct HttpSettings {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;            ///< 0: any free port (printed at start)
    std::size_t body_limit = 1024 * 1024;  ///< largest request body accepted (bytes)
    Millis read_timeout{30'000};           ///< per request read, and keep-alive idle time
    Millis write_timeout{30'000};          ///< per response write
    std::size_t max_connections = 512;     ///< client connections served at once; beyond: 503
    /// `http.tls.cert_file` / `http.tls.key_file`: PEM certificate chain and unencrypted PEM key
    /// (absolute after loading; both existed and were readable then). Both set: HTTPS only;
    /// both "": plain HTTP.
    std::string tls_cert_file;
    std::string tls_key_file;
    /// `http.allowed_hosts`: host names or IP addresses (lower-case, no port) a request's Host
    /// header may name; empty = no list configured.
    std::vector<std::string> allowed_hosts;
};

/// `livy.auth:`: HTTP Basic credentials for Livy. The password is read at load time from the
/// environment variable or file named in the config; it is inline only when explicitly allowed.
struct LivyAuth {
    std::string user;
    std::string password;
};

/// `livy:`: the Livy server and how the engine talks to it.
struct LivySettings {
    std::string url = "http://127.0.0.1:8998";
    std::optional<LivyAuth> auth;
    bool tls_verify = true;
    std::string tls_ca_file;  ///< "" = system roots only
    Millis poll_interval{5'000};
    Millis log_interval{5'000};  ///< a running batch's log is fetched at most this often
    bool list_polling = true;    ///< batches tracked with one paged `GET /batches` per interval
    Millis request_timeout{60'000};
    Millis connect_timeout{10'000};
    Millis cleanup_timeout{30'000};
    std::size_t max_connections = 16;  ///< idle keep-alive connections kept
    std::string jobs_uri;              ///< how Livy sees jobs/ ("" = absolute jobs_dir)
};

/// `store:`: the database.
struct StoreSettings {
    std::filesystem::path path = "steward.db";
};

/// One entry of `channels:`.
struct ChannelSettings {
    std::string type;                            ///< webhook, slack, teams or command
    std::string url;                             ///< webhook kinds
    std::vector<std::string> command;            ///< command kind (argv)
    std::map<std::string, std::string> headers;  ///< webhook kinds
    std::map<std::string, std::string> env;      ///< command kind
    Millis timeout{10'000};
};

/// One entry of `users:`. Users may also live in the database (`steward user add`).
struct UserSettings {
    std::vector<std::string> roles;
    std::string email;
    std::string password_hash;  ///< an Argon2id hash (`steward user hash`); "" = set in the database
};

/// One entry of `roles:`.
struct RoleSettings {
    std::string description;
    std::vector<std::string> permissions;  ///< view, trigger, cancel, answer, promote, admin
    std::vector<std::string> workflows;    ///< globs limiting `trigger`; empty = every workflow
};

/// `auth.mode`: how callers prove who they are (docs/security.md).
enum class AuthMode {
    local,  ///< accounts with passwords (session cookie) and API tokens
    proxy,  ///< a trusted reverse proxy names the user in a header; API tokens still work
    none,   ///< no authentication: loopback only, every caller may do everything
};

/// `auth.proxy:`: single sign-on through an authenticating reverse proxy.
struct ProxyAuthSettings {
    std::vector<std::string> trusted_addresses;  ///< IP addresses the proxy connects from
    std::string user_header = "X-Forwarded-User";
    std::string groups_header = "X-Forwarded-Groups";  ///< comma-separated group names
    std::map<std::string, std::vector<std::string>, std::less<>> group_roles;  ///< group -> roles
};

/// `auth:`.
struct AuthSettings {
    AuthMode mode = AuthMode::local;
    Millis session_idle{60 * 60'000};      ///< a session unused this long ends
    Millis session_max{12 * 60 * 60'000};  ///< a session ends this long after sign-in
    int signin_max_failures = 5;           ///< failed sign-ins per user or address ...
    Millis signin_window{15 * 60'000};     ///< ... within this window before sign-in is refused
    ProxyAuthSettings proxy;
};

/// `engine:`: step timeouts and run supervision (docs/engine.md, "Timeouts", "Supervision").
struct EngineConfig {
    /// The timeout of a livy_batch, livy_session, shell, notify or report step whose workflow
    /// gives none (step `timeout`, `defaults.timeout`); 0: none.
    Millis default_step_timeout{24 * 60 * 60'000};
    int run_retry_limit = 5;              ///< re-drives of a run whose coroutine failed, in a row
    Millis run_retry_delay{1'000};        ///< the first wait before a re-drive, doubling
    Millis run_retry_max_delay{300'000};  ///< the longest wait between two re-drives
    Millis supervise_interval{60'000};    ///< how often runs that nothing drives are looked for
};

/// The whole file. Relative paths are already resolved against the config file's directory.
struct Config {
    std::filesystem::path file;  ///< the config file it came from ("" if built in code)
    HttpSettings http;
    LivySettings livy;
    StoreSettings store;
    EngineConfig engine;
    std::filesystem::path workflows_dir = "workflows";
    std::filesystem::path jobs_dir = "jobs";
    /// `data_roots:`: the directories local data may be read from (report sources, statement code
    /// files outside jobs/, shell working directories; symbolic links and `..` resolved). When the
    /// key is absent: workflows_dir, jobs_dir and the directory of store.path. An explicit empty
    /// list allows no local data at all.
    std::vector<std::filesystem::path> data_roots;
    std::map<std::string, ChannelSettings, std::less<>> channels;
    std::map<std::string, UserSettings, std::less<>> users;
    std::map<std::string, RoleSettings, std::less<>> roles;
    AuthSettings auth;
    std::string log_level = "info";  ///< trace, debug, info, warn, error, critical, off
};

/// A configuration problem. `what()` is the one line printed at startup:
/// `config FILE: key.path: message` (or `config FILE:LINE:COL: message` for YAML syntax).
class ConfigError : public std::runtime_error {
public:
    ConfigError(const std::string& file, std::string key_path, std::string message);

    /// The dotted path of the offending key ("livy.poll_interval", "users.alice.roles[1]");
    /// "" when the file as a whole is at fault (unreadable, not YAML).
    [[nodiscard]] const std::string& key_path() const noexcept { return key_path_; }
    /// The message without the file and key prefix.
    [[nodiscard]] const std::string& message() const noexcept { return message_; }

private:
    std::string key_path_;
    std::string message_;
};

/// Looks up an environment variable; empty optional when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

/// The process environment (`std::getenv`).
[[nodiscard]] std::optional<std::string> process_env(const std::string& name);

/// Parses and validates config text. `file_name` names it in errors; relative paths in it are
/// resolved against `base_dir`; `env` provides `password_env` values. Throws ConfigError on the
/// first problem: YAML syntax, unknown keys, wrong types, bad durations, URLs, addresses, log
/// levels, channel fields, users naming undeclared roles, a password that cannot be read.
/// Pure apart from reading a `password_file`; thread-safe.
[[nodiscard]] Config parse_config(std::string_view text, const std::string& file_name,
                                  const std::filesystem::path& base_dir, const EnvLookup& env);

/// Parses a listen address "HOST:PORT" (an IPv4 or bracketed IPv6 address, or localhost; port
/// 0..65535) into `http`. Returns "" on success, else the problem as one sentence. Pure.
[[nodiscard]] std::string parse_listen_address(std::string_view text, HttpSettings& http);

/// Reads and parses a config file (relative paths resolve against its directory). Throws
/// ConfigError, including when the file cannot be read. Thread-safe.
[[nodiscard]] Config load_config(const std::filesystem::path& path, const EnvLookup& env = process_env);

}  // namespace steward::app
