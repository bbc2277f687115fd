#include "orchestrator/app/api_access.hpp"

#include "orchestrator/app/config_mapping.hpp"

#include <chrono>

namespace steward::app {

std::int64_t system_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

ApiAccess::ApiAccess(store::Store& store, const Config& config)
    : auth(store, auth_settings(config), user_roster(config), system_now_ms),
      access(access_settings(config)) {}

}  // namespace steward::app
