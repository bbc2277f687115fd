#pragma once

#include "orchestrator/core/access.hpp"

#include <string>
#include <vector>

namespace steward::store {
class Store;
class ReadPool;
}  // namespace steward::store
namespace steward::auth {
class Authenticator;
}
namespace steward::core::metrics {
class Registry;
}

namespace steward::api {

class AssetSource;
class Commands;

/// How the gate in front of every handler decides (docs/security.md).
struct AccessSettings {
    core::AccessPolicy policy;  ///< role -> permissions (config `roles`)
    std::vector<std::string>
        allowed_hosts;  ///< `Host` names served; empty = any (loopback only in mode none)
    std::string proxy_user_header = "x-forwarded-user";      ///< lower-case; auth.mode proxy
    std::string proxy_groups_header = "x-forwarded-groups";  ///< lower-case; auth.mode proxy
};

/// What every handler works with. References only: the owner (the app, or a test) keeps the
/// store, the commands, the authenticator, the settings and the metrics alive while the server runs.
/// Threading: the io_context thread.
struct Context {
    store::Store& store;
    Commands& commands;
    auth::Authenticator& auth;
    const AccessSettings& access;
    /// Where `dispatch` records HTTP requests and `/metrics` renders from; null = not recorded
    /// (the registry is single-threaded, like everything here).
    core::metrics::Registry* metrics = nullptr;
    /// The web UI's files, served by `dispatch` on every path outside the API (`is_ui_path`);
    /// null = no UI (such paths get the API's 404).
    const AssetSource* ui = nullptr;
    /// Read-only connections on their own threads for the heavy list queries (docs/store.md,
    /// "Read connections"): with one, list handlers return a deferred response that the server
    /// awaits; null = those queries run inline on `store` (tests, an in-memory store).
    store::ReadPool* reads = nullptr;
};

}  // namespace steward::api
