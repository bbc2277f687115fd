#include "orchestrator/app/config.hpp"

#include "orchestrator/app/config_reader.hpp"
#include "orchestrator/core/duration.hpp"

#include <yaml-cpp/yaml.h>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <utility>

namespace steward::app {
namespace {

constexpr std::array<std::string_view, 7> kLogLevels{"trace", "debug",    "info", "warn",
                                                     "error", "critical", "off"};
constexpr std::array<std::string_view, 4> kChannelTypes{"webhook", "slack", "teams", "command"};

using config_detail::for_each_named;
using config_detail::read_access;
using config_detail::Reader;
using config_detail::valid_name;

std::vector<std::filesystem::path> read_data_roots(const Reader& r, const YAML::Node& node) {
    if (!node.IsNull() && !node.IsSequence()) {
        r.fail("data_roots", node, "expected a list of directories");
    }
    std::vector<std::filesystem::path> roots;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string path = "data_roots[" + std::to_string(i) + "]";
        std::filesystem::path root = r.path_value(node[i], path);
        if (root == root.root_path()) {
            r.fail(path, node[i],
                   "'" + root.string() + "' would confine nothing; list the directories that hold data");
        }
        roots.push_back(std::move(root));
    }
    return roots;
}

void read_listen(const Reader& r, const YAML::Node& node, HttpSettings& http) {
    const std::string problem = parse_listen_address(r.nonempty(node, "http.listen"), http);
    if (!problem.empty()) {
        r.fail("http.listen", node, problem);
    }
}

// A file named in the config that must exist and be readable now; the error names the key and
// the path, never the contents.
std::string readable_file(const Reader& r, const YAML::Node& node, const std::string& path) {
    const auto file = r.path_value(node, path);
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) {
        r.fail(path, node, "'" + file.string() + "' does not exist");
    }
    if (!std::filesystem::is_regular_file(file, ec) || !std::ifstream(file)) {
        r.fail(path, node, "cannot read '" + file.string() + "'");
    }
    return file.string();
}

void read_http_tls(const Reader& r, const YAML::Node& node, HttpSettings& http) {
    if (node.IsNull()) {
        return;
    }
    r.expect_map(node, "http.tls", {"cert_file", "key_file"});
    for (const auto& [key, what] :
         {std::pair{"cert_file", "certificate chain"}, std::pair{"key_file", "private key"}}) {
        if (!node[key]) {
            r.fail(std::string("http.tls.") + key, node,
                   std::string("missing (the PEM ") + what + " file; http.tls needs cert_file and key_file)");
        }
    }
    http.tls_cert_file = readable_file(r, node["cert_file"], "http.tls.cert_file");
    http.tls_key_file = readable_file(r, node["key_file"], "http.tls.key_file");
}

// A host name ("steward.example.com"), IPv4 address or bracketed IPv6 address, without scheme,
// port or path; lower-cased.
std::string allowed_host(const Reader& r, const YAML::Node& node, const std::string& path) {
    std::string host = r.nonempty(node, path);
    std::transform(host.begin(), host.end(), host.begin(), [](unsigned char c) { return std::tolower(c); });
    const bool bracketed_ipv6 = host.size() > 2 && host.front() == '[' && host.back() == ']' &&
                                host.find_first_not_of("0123456789abcdef:.", 1) == host.size() - 1;
    const bool name = host.size() <= 253 && host.front() != '.' && host.front() != '-' &&
                      host.find("..") == std::string::npos &&
                      std::all_of(host.begin(), host.end(),
                                  [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; });
    if (!bracketed_ipv6 && !name) {
        r.fail(path, node,
               "expected a host name or IP address (IPv6 in brackets) without scheme, port or path, got '" +
                   r.string(node, path) + "'");
    }
    return host;
}

void read_http(const Reader& r, const YAML::Node& node, HttpSettings& http) {
    r.expect_map(node, "http",
                 {"listen", "max_body_bytes", "read_timeout", "write_timeout", "tls", "allowed_hosts",
                  "max_connections"});
    if (node["listen"])
        read_listen(r, node["listen"], http);
    if (node["max_body_bytes"]) {
        http.body_limit = static_cast<std::size_t>(
            r.integer(node["max_body_bytes"], "http.max_body_bytes", 1024, 1LL << 30));
    }
    if (node["read_timeout"])
        http.read_timeout = r.duration(node["read_timeout"], "http.read_timeout", Millis(100));
    if (node["write_timeout"])
        http.write_timeout = r.duration(node["write_timeout"], "http.write_timeout", Millis(100));
    if (node["tls"])
        read_http_tls(r, node["tls"], http);
    if (node["max_connections"]) {
        http.max_connections = static_cast<std::size_t>(
            r.integer(node["max_connections"], "http.max_connections", 1, 1'000'000));
    }
    if (const auto hosts = node["allowed_hosts"]) {
        if (!hosts.IsSequence() && !hosts.IsNull()) {
            r.fail("http.allowed_hosts", hosts, "expected a list of host names");
        }
        for (std::size_t i = 0; hosts.IsSequence() && i < hosts.size(); ++i) {
            http.allowed_hosts.push_back(
                allowed_host(r, hosts[i], "http.allowed_hosts[" + std::to_string(i) + "]"));
        }
    }
}

std::string read_password_file(const Reader& r, const YAML::Node& node, const std::string& path) {
    const auto file = r.path_value(node, path);
    std::ifstream in(file);
    if (!in) {
        r.fail(path, node, "cannot read '" + file.string() + "'");
    }
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
        line.pop_back();
    }
    if (line.empty()) {
        r.fail(path, node, "the first line of '" + file.string() + "' is empty");
    }
    return line;
}

LivyAuth read_auth(const Reader& r, const YAML::Node& node) {
    const std::string path = "livy.auth";
    r.expect_map(node, path, {"user", "password_env", "password_file", "password", "allow_inline_password"});
    if (!node["user"]) {
        r.fail(path + ".user", node, "missing (the Livy user name)");
    }
    LivyAuth auth;
    auth.user = r.nonempty(node["user"], path + ".user");
    const int given =
        (node["password_env"] ? 1 : 0) + (node["password_file"] ? 1 : 0) + (node["password"] ? 1 : 0);
    if (given != 1) {
        r.fail(path, node, "give exactly one of password_env, password_file or password");
    }
    if (const auto env_node = node["password_env"]) {
        const std::string name = r.nonempty(env_node, path + ".password_env");
        const auto value = r.env(name);
        if (!value || value->empty()) {
            r.fail(path + ".password_env", env_node, "environment variable " + name + " is not set");
        }
        auth.password = *value;
    } else if (const auto file_node = node["password_file"]) {
        auth.password = read_password_file(r, file_node, path + ".password_file");
    } else {
        const bool allowed = node["allow_inline_password"] &&
                             r.boolean(node["allow_inline_password"], path + ".allow_inline_password");
        if (!allowed) {
            r.fail(path + ".password", node["password"],
                   "an inline password is refused; use password_env or password_file "
                   "(or set allow_inline_password: true)");
        }
        auth.password = r.nonempty(node["password"], path + ".password");
    }
    return auth;
}

void read_livy(const Reader& r, const YAML::Node& node, LivySettings& livy) {
    r.expect_map(node, "livy",
                 {"url", "auth", "tls", "poll_interval", "log_interval", "request_timeout", "connect_timeout",
                  "cleanup_timeout", "max_connections", "jobs_uri", "list_polling"});
    if (node["url"])
        livy.url = r.http_url(node["url"], "livy.url");
    if (node["auth"] && !node["auth"].IsNull())
        livy.auth = read_auth(r, node["auth"]);
    if (const auto tls = node["tls"]) {
        r.expect_map(tls, "livy.tls", {"verify", "ca_file"});
        if (tls["verify"])
            livy.tls_verify = r.boolean(tls["verify"], "livy.tls.verify");
        if (tls["ca_file"]) {
            const auto file = r.path_value(tls["ca_file"], "livy.tls.ca_file");
            if (!std::ifstream(file)) {
                r.fail("livy.tls.ca_file", tls["ca_file"], "cannot read '" + file.string() + "'");
            }
            livy.tls_ca_file = file.string();
        }
    }
    if (node["poll_interval"])
        livy.poll_interval = r.duration(node["poll_interval"], "livy.poll_interval", Millis(1));
    if (node["log_interval"])
        livy.log_interval = r.duration(node["log_interval"], "livy.log_interval", Millis(1));
    if (node["list_polling"])
        livy.list_polling = r.boolean(node["list_polling"], "livy.list_polling");
    if (node["request_timeout"]) {
        livy.request_timeout = r.duration(node["request_timeout"], "livy.request_timeout", Millis(100));
    }
    if (node["connect_timeout"]) {
        livy.connect_timeout = r.duration(node["connect_timeout"], "livy.connect_timeout", Millis(100));
    }
    if (node["cleanup_timeout"]) {
        livy.cleanup_timeout = r.duration(node["cleanup_timeout"], "livy.cleanup_timeout", Millis(100));
    }
    if (node["max_connections"]) {
        livy.max_connections =
            static_cast<std::size_t>(r.integer(node["max_connections"], "livy.max_connections", 1, 4096));
    }
    if (node["jobs_uri"])
        livy.jobs_uri = r.nonempty(node["jobs_uri"], "livy.jobs_uri");
}

ChannelSettings read_channel(const Reader& r, const YAML::Node& node, const std::string& path) {
    r.expect_map(node, path, {"type", "url", "command", "headers", "env", "timeout"});
    if (!node.IsMap() || !node["type"]) {
        r.fail(path + ".type", node, "missing (one of: " + Reader::join(kChannelTypes) + ")");
    }
    ChannelSettings channel;
    channel.type = r.string(node["type"], path + ".type");
    if (std::find(kChannelTypes.begin(), kChannelTypes.end(), channel.type) == kChannelTypes.end()) {
        r.fail(path + ".type", node["type"],
               "unknown channel type '" + channel.type +
                   "' (expected one of: " + Reader::join(kChannelTypes) + ")");
    }
    if (channel.type == "command") {
        if (!node["command"])
            r.fail(path + ".command", node, "missing (the program and its arguments)");
        channel.command = r.string_list(node["command"], path + ".command");
        if (channel.command.empty() || channel.command.front().empty()) {
            r.fail(path + ".command", node["command"], "must name a program");
        }
        if (node["url"])
            r.fail(path + ".url", node["url"], "a command channel has no url");
        if (node["headers"])
            r.fail(path + ".headers", node["headers"], "a command channel has no headers");
        if (node["env"])
            channel.env = r.string_map(node["env"], path + ".env");
    } else {
        if (!node["url"])
            r.fail(path + ".url", node, "missing (the " + channel.type + " URL)");
        channel.url = r.http_url(node["url"], path + ".url");
        if (node["command"])
            r.fail(path + ".command", node["command"], "only a command channel has a command");
        if (node["env"])
            r.fail(path + ".env", node["env"], "only a command channel has env");
        if (node["headers"])
            channel.headers = r.string_map(node["headers"], path + ".headers");
    }
    if (node["timeout"])
        channel.timeout = r.duration(node["timeout"], path + ".timeout", Millis(100));
    return channel;
}

}  // namespace

std::string parse_listen_address(std::string_view input, HttpSettings& http) {
    const std::string text(input);
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        return "expected HOST:PORT (e.g. 127.0.0.1:8080), got '" + text + "'";
    }
    std::string host = text.substr(0, colon);
    const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
    if (bracketed) {
        host = host.substr(1, host.size() - 2);
    }
    const bool ipv4 = host.find_first_not_of("0123456789.") == std::string::npos &&
                      std::count(host.begin(), host.end(), '.') == 3;
    const bool ipv6 = bracketed && host.find(':') != std::string::npos &&
                      host.find_first_not_of("0123456789abcdefABCDEF:.") == std::string::npos;
    if (!ipv4 && !ipv6 && host != "localhost") {
        return "the host must be an IP address (IPv6 in brackets) or localhost, got '" + host + "'";
    }
    const std::string port = text.substr(colon + 1);
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value > 65535) {
        return "the port must be a number from 0 to 65535, got '" + port + "'";
    }
    http.address = host == "localhost" ? "127.0.0.1" : host;
    http.port = static_cast<unsigned short>(value);
    return "";
}

ConfigError::ConfigError(const std::string& file, std::string key_path, std::string message)
    : std::runtime_error("config " + file + (key_path.empty() ? "" : ": " + key_path) + ": " + message),
      key_path_(std::move(key_path)),
      message_(std::move(message)) {}

std::optional<std::string> process_env(const std::string& name) {
    if (const char* value = std::getenv(name.c_str())) {
        return std::string(value);
    }
    return std::nullopt;
}

Config parse_config(std::string_view text, const std::string& file_name,
                    const std::filesystem::path& base_dir, const EnvLookup& env) {
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        throw ConfigError(
            file_name + ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1), "",
            e.msg);
    }
    const Reader r(file_name, base_dir, env);
    Config config;
    config.file = file_name;
    config.store.path = base_dir / "steward.db";
    config.workflows_dir = base_dir / "workflows";
    config.jobs_dir = base_dir / "jobs";
    if (!root.IsMap() && !root.IsNull()) {
        r.fail("", root, "the file must be a YAML mapping");
    }
    r.expect_map(root, "",
                 {"http", "livy", "store", "workflows_dir", "jobs_dir", "data_roots", "channels", "users",
                  "roles", "auth", "logging", "engine"});
    if (root["http"])
        read_http(r, root["http"], config.http);
    if (root["livy"])
        read_livy(r, root["livy"], config.livy);
    if (const auto engine = root["engine"]) {
        r.expect_map(engine, "engine",
                     {"default_step_timeout", "run_retry_limit", "run_retry_delay", "run_retry_max_delay",
                      "supervise_interval"});
        auto& e = config.engine;
        if (engine["default_step_timeout"])
            e.default_step_timeout =
                r.duration(engine["default_step_timeout"], "engine.default_step_timeout", Millis(0));
        if (engine["run_retry_limit"])
            e.run_retry_limit =
                static_cast<int>(r.integer(engine["run_retry_limit"], "engine.run_retry_limit", 0, 100));
        if (engine["run_retry_delay"])
            e.run_retry_delay = r.duration(engine["run_retry_delay"], "engine.run_retry_delay", Millis(1));
        if (engine["run_retry_max_delay"])
            e.run_retry_max_delay =
                r.duration(engine["run_retry_max_delay"], "engine.run_retry_max_delay", Millis(1));
        if (engine["supervise_interval"])
            e.supervise_interval =
                r.duration(engine["supervise_interval"], "engine.supervise_interval", Millis(1));
    }
    if (const auto store = root["store"]) {
        r.expect_map(store, "store", {"path"});
        if (store["path"])
            config.store.path = r.path_value(store["path"], "store.path");
    }
    if (root["workflows_dir"])
        config.workflows_dir = r.path_value(root["workflows_dir"], "workflows_dir");
    if (root["jobs_dir"])
        config.jobs_dir = r.path_value(root["jobs_dir"], "jobs_dir");
    if (root["data_roots"]) {
        config.data_roots = read_data_roots(r, root["data_roots"]);
    } else {
        config.data_roots = {config.workflows_dir, config.jobs_dir, config.store.path.parent_path()};
    }
    for_each_named(r, root["channels"], "channels", "channel",
                   [&](const std::string& name, const YAML::Node& node, const std::string& path) {
                       config.channels[name] = read_channel(r, node, path);
                   });
    read_access(r, root, config);
    if (const auto logging = root["logging"]) {
        r.expect_map(logging, "logging", {"level"});
        if (logging["level"]) {
            config.log_level = r.string(logging["level"], "logging.level");
            if (std::find(kLogLevels.begin(), kLogLevels.end(), config.log_level) == kLogLevels.end()) {
                r.fail("logging.level", logging["level"],
                       "unknown level '" + config.log_level +
                           "' (expected one of: " + Reader::join(kLogLevels) + ")");
            }
        }
    }
    return config;
}

Config load_config(const std::filesystem::path& path, const EnvLookup& env) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::error_code ec;
        throw ConfigError(
            path.string(), "",
            std::filesystem::exists(path, ec) ? "cannot read the file" : "the file does not exist");
    }
    std::ostringstream text;
    text << in.rdbuf();
    const auto base = std::filesystem::absolute(path).parent_path();
    return parse_config(text.str(), path.string(), base, env);
}

}  // namespace steward::app
