#pragma once

// The config file reader shared by config.cpp and config_auth.cpp: walks the YAML tree and names
// the file and key path in every error. Internal to the app module; yaml-cpp stays in app/.

#include "orchestrator/app/config.hpp"
#include "orchestrator/core/duration.hpp"

#include <yaml-cpp/yaml.h>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

namespace steward::app::config_detail {

// Walks the YAML tree, keeping the file name so every error names the file and the key path.
class Reader {
public:
    Reader(std::string file, std::filesystem::path base_dir, const EnvLookup& env)
        : file_(std::move(file)), base_dir_(std::move(base_dir)), env_(env) {}

    /// Throws ConfigError naming the file, `path` and the node's line.
    [[noreturn]] void fail(const std::string& path, const YAML::Node& node,
                           const std::string& message) const {
        std::string text = message;
        if (node.IsDefined() && node.Mark().line >= 0) {
            text += " (line " + std::to_string(node.Mark().line + 1) + ")";
        }
        throw ConfigError(file_, path, text);
    }

    // A map whose keys must all be in `allowed`; null counts as an empty map.
    void expect_map(const YAML::Node& node, const std::string& path,
                    std::initializer_list<std::string_view> allowed) const {
        if (node.IsNull()) {
            return;
        }
        if (!node.IsMap()) {
            fail(path, node, "expected a mapping of " + join(allowed));
        }
        std::vector<std::string> seen;
        for (const auto& item : node) {
            const std::string key = key_of(item.first, path);
            if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
                fail(join_path(path, key), item.first, "duplicate key '" + key + "'");
            }
            seen.push_back(key);
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                fail(join_path(path, key), item.first,
                     "unknown key '" + key + "' (expected one of: " + join(allowed) + ")");
            }
        }
    }

    std::string key_of(const YAML::Node& key, const std::string& path) const {
        if (!key.IsScalar()) {
            fail(path, key, "keys must be plain names");
        }
        return key.Scalar();
    }

    std::string string(const YAML::Node& node, const std::string& path) const {
        if (!node.IsScalar()) {
            fail(path, node, "expected a string");
        }
        return node.Scalar();
    }

    std::string nonempty(const YAML::Node& node, const std::string& path) const {
        std::string text = string(node, path);
        if (text.empty()) {
            fail(path, node, "must not be empty");
        }
        return text;
    }

    bool boolean(const YAML::Node& node, const std::string& path) const {
        const std::string text = string(node, path);
        if (text == "true" || text == "yes" || text == "on") {
            return true;
        }
        if (text == "false" || text == "no" || text == "off") {
            return false;
        }
        fail(path, node, "expected true or false, got '" + text + "'");
    }

    std::int64_t integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                         std::int64_t max) const {
        const std::string text = string(node, path);
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
            fail(path, node,
                 "expected an integer from " + std::to_string(min) + " to " + std::to_string(max) +
                     ", got '" + text + "'");
        }
        return value;
    }

    Millis duration(const YAML::Node& node, const std::string& path, Millis min) const {
        const std::string text = string(node, path);
        const auto parsed = core::parse_duration(text);
        if (!parsed) {
            fail(path, node, parsed.error().message);
        }
        if (*parsed < min) {
            fail(path, node, "must be at least " + core::format_duration(min) + ", got '" + text + "'");
        }
        return *parsed;
    }

    std::string http_url(const YAML::Node& node, const std::string& path) const {
        std::string text = nonempty(node, path);
        const auto url = boost::urls::parse_absolute_uri(text);
        if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->encoded_host().empty()) {
            fail(path, node, "expected an http:// or https:// URL with a host, got '" + text + "'");
        }
        if (url->has_query() || url->has_fragment()) {
            fail(path, node, "the URL must not have a query or fragment: '" + text + "'");
        }
        return text;
    }

    std::vector<std::string> string_list(const YAML::Node& node, const std::string& path) const {
        if (node.IsNull()) {
            return {};
        }
        if (!node.IsSequence()) {
            fail(path, node, "expected a list of strings");
        }
        std::vector<std::string> out;
        for (std::size_t i = 0; i < node.size(); ++i) {
            out.push_back(string(node[i], path + "[" + std::to_string(i) + "]"));
        }
        return out;
    }

    std::map<std::string, std::string> string_map(const YAML::Node& node, const std::string& path) const {
        if (node.IsNull()) {
            return {};
        }
        if (!node.IsMap()) {
            fail(path, node, "expected a mapping of names to strings");
        }
        std::map<std::string, std::string> out;
        for (const auto& item : node) {
            const std::string key = key_of(item.first, path);
            out[key] = string(item.second, join_path(path, key));
        }
        return out;
    }

    std::filesystem::path path_value(const YAML::Node& node, const std::string& path) const {
        const std::filesystem::path p(nonempty(node, path));
        return p.is_absolute() ? p : (base_dir_ / p).lexically_normal();
    }

    std::optional<std::string> env(const std::string& name) const { return env_(name); }

    static std::string join_path(const std::string& path, const std::string& key) {
        return path.empty() ? key : path + "." + key;
    }

    template <class Names>
    static std::string join(const Names& names) {
        std::string out;
        for (const auto name : names) {
            out += (out.empty() ? "" : ", ") + std::string(name);
        }
        return out;
    }

private:
    std::string file_;
    std::filesystem::path base_dir_;
    const EnvLookup& env_;
};

/// A config name: letters, digits, _ - . @; at most 128 characters.
inline bool valid_name(const std::string& name) {
    return !name.empty() && name.size() <= 128 && std::all_of(name.begin(), name.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == '@';
    });
}

/// Calls fn(name, node, path) for each entry of a mapping of names, refusing duplicates and bad names.
template <class Fn>
void for_each_named(const Reader& r, const YAML::Node& node, const std::string& path, const char* what,
                    Fn&& fn) {
    if (!node.IsDefined() || node.IsNull()) {
        return;
    }
    if (!node.IsMap()) {
        r.fail(path, node, std::string("expected a mapping of ") + what + " names");
    }
    std::vector<std::string> seen;
    for (const auto& item : node) {
        const std::string name = r.key_of(item.first, path);
        if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
            r.fail(Reader::join_path(path, name), item.first,
                   std::string("duplicate ") + what + " '" + name + "'");
        }
        seen.push_back(name);
        if (!valid_name(name)) {
            r.fail(Reader::join_path(path, name), item.first,
                   std::string("invalid ") + what + " name (letters, digits, _ - . @; at most 128)");
        }
        fn(name, item.second, Reader::join_path(path, name));
    }
}

/// Reads `roles:`, `users:` and `auth:` of the root mapping into `config` (config_auth.cpp);
/// `config.http` must already be read (auth.mode none checks the listen address).
void read_access(const Reader& r, const YAML::Node& root, Config& config);

}  // namespace steward::app::config_detail
