#include "orchestrator/engine/step_call.hpp"

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/store/store.hpp"

namespace steward::engine::detail {

StepOutcome failed(std::string error, bool retryable) {
    StepOutcome outcome;
    outcome.state = store::StepState::failed;
    outcome.error = std::move(error);
    outcome.retryable = retryable;
    return outcome;
}

void StepCall::check_live() const {
    if (run.interrupted) {
        throw RunInterrupted{};
    }
}

std::vector<store::Timer> step_timers(store::Store& store, store::RowId run_id, store::RowId step_exec_id) {
    std::vector<store::Timer> out;
    for (auto& timer : store.timers().pending_for_run(run_id)) {
        if (timer.step_exec_id == step_exec_id) {
            out.push_back(std::move(timer));
        }
    }
    return out;
}

std::string timer_purpose(const store::Timer& timer) {
    const auto payload = object_from_text(timer.payload_json);
    const auto* purpose = payload.if_contains("purpose");
    return purpose != nullptr && purpose->is_string() ? std::string(purpose->get_string()) : std::string();
}

std::string timer_payload(std::string_view purpose, int level) {
    boost::json::object payload{{"purpose", purpose}};
    if (level != 0) {
        payload["level"] = level;
    }
    return json_text(payload);
}

}  // namespace steward::engine::detail
