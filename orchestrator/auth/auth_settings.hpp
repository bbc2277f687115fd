#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace steward::auth {

/// How callers prove who they are (config `auth.mode`, docs/security.md).
enum class Mode { local, proxy, none };

/// A user named in the config file (the database may add more, and passwords).
struct ConfiguredUser {
    std::vector<std::string> roles;
    std::string password_hash;  ///< "" = none in the config
};

/// The config's users by name.
using UserRoster = std::map<std::string, ConfiguredUser, std::less<>>;

/// What the authenticator needs from the config. Durations in milliseconds.
struct Settings {
    Mode mode = Mode::local;
    std::int64_t session_idle_ms = 60 * 60'000;
    std::int64_t session_max_ms = 12 * 60 * 60'000;
    int signin_max_failures = 5;
    std::int64_t signin_window_ms = 15 * 60'000;
    std::vector<std::string> proxy_addresses;  ///< normalised IP addresses of trusted proxies
    std::map<std::string, std::vector<std::string>, std::less<>> group_roles;  ///< proxy group -> roles
};

}  // namespace steward::auth
