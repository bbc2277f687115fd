#pragma once

#include "orchestrator/api/context.hpp"
#include "orchestrator/app/config.hpp"
#include "orchestrator/auth/authenticator.hpp"

namespace steward::store {
class Store;
}

namespace steward::app {

/// The API's authenticator and gate settings, built from the config and owned together (the
/// server's `api::Context` refers to both). Threading: the io_context thread.
struct ApiAccess {
    /// Uses the system clock. The store must outlive this object.
    ApiAccess(store::Store& store, const Config& config);

    auth::Authenticator auth;
    api::AccessSettings access;
};

/// Milliseconds since the epoch, from the system clock.
[[nodiscard]] std::int64_t system_now_ms();

}  // namespace steward::app
