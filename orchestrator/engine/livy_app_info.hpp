#pragma once

// Internal to orch_engine: the Spark application behind a Livy batch or session (appId, the
// driver log and Spark UI links), kept with its handle as Livy reports it.

#include "orchestrator/engine/step_call.hpp"

#include "livy_client/types.hpp"

#include <optional>
#include <string>

namespace steward::engine::detail {

/// `known` updated with what Livy reports now: reported fields replace the old values, fields it
/// no longer reports keep their last known value. Pure.
[[nodiscard]] store::LivyAppInfo merged_app_info(const store::LivyAppInfo& known,
                                                 const std::optional<std::string>& app_id,
                                                 const livy::AppInfo& info);

/// When Livy's report adds to what the handle knows, stores it with the handle and appends a
/// `livy.app_info` event (kind, livy_id, app_id, driver_log_url, spark_ui_url; unknown ones
/// left out) in one transition; nothing otherwise. Throws store::StoreError on database failures.
void record_app_info(StepCall& call, store::LivyHandle& handle, const std::optional<std::string>& app_id,
                     const livy::AppInfo& info);

}  // namespace steward::engine::detail
