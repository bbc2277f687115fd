#pragma once

// The config as each component's own settings struct (constructors take their own settings).

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/server.hpp"
#include "orchestrator/app/config.hpp"
#include "orchestrator/auth/auth_settings.hpp"
#include "orchestrator/engine/settings.hpp"

#include "livy_client/config.hpp"

namespace steward::app {

/// The Livy client's configuration: URL, credentials, TLS, timeouts, connection pool, and a
/// poll policy fixed at `livy.poll_interval`. Pure.
[[nodiscard]] livy::ClientConfig livy_client_config(const Config& config);

/// The engine's settings: poll interval, cleanup budget, jobs dir and URI, channels, user roles,
/// TLS for webhooks. Pure.
[[nodiscard]] engine::EngineSettings engine_settings(const Config& config);

/// The API server's settings. Pure.
[[nodiscard]] api::ServerSettings server_settings(const Config& config);

/// The authenticator's settings (`auth:`). Pure.
[[nodiscard]] auth::Settings auth_settings(const Config& config);

/// The config's users with their roles and password hashes. Pure.
[[nodiscard]] auth::UserRoster user_roster(const Config& config);

/// The API gate's settings: role permissions, allowed hosts, proxy header names. Pure.
[[nodiscard]] api::AccessSettings access_settings(const Config& config);

}  // namespace steward::app
