#include "orchestrator/engine/livy_app_info.hpp"

#include "orchestrator/store/store.hpp"

namespace steward::engine::detail {

namespace json = boost::json;

namespace {

void take(std::optional<std::string>& known, const std::optional<std::string>& reported) {
    if (reported && !reported->empty()) {
        known = reported;
    }
}

}  // namespace

store::LivyAppInfo merged_app_info(const store::LivyAppInfo& known, const std::optional<std::string>& app_id,
                                   const livy::AppInfo& info) {
    store::LivyAppInfo merged = known;
    take(merged.app_id, app_id);
    take(merged.driver_log_url, info.driver_log_url);
    take(merged.spark_ui_url, info.spark_ui_url);
    return merged;
}

void record_app_info(StepCall& call, store::LivyHandle& handle, const std::optional<std::string>& app_id,
                     const livy::AppInfo& info) {
    const store::LivyAppInfo merged = merged_app_info(handle.app, app_id, info);
    if (merged == handle.app) {
        return;
    }
    Transition t(call.services, &call.run);
    t.store().livy().set_app_info(handle.id, merged, t.now()).value();
    json::object payload{{"kind", store::to_string(handle.kind)}};
    if (handle.livy_id) {
        payload["livy_id"] = *handle.livy_id;
    }
    const auto put = [&payload](const char* key, const std::optional<std::string>& value) {
        if (value) {
            payload[key] = *value;
        }
    };
    put("app_id", merged.app_id);
    put("driver_log_url", merged.driver_log_url);
    put("spark_ui_url", merged.spark_ui_url);
    t.event(call.run.id, call.exec.id, call.step.id, "livy.app_info", payload);
    t.commit();
    handle.app = merged;
}

}  // namespace steward::engine::detail
