#pragma once

// The `info` line the engine logs when a run or a step attempt ends, so the server log says what
// failed and why without opening the run.

#include "orchestrator/engine/observer.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace steward::engine {

/// True for the event types that end a run or a step attempt (listed below). Pure.
[[nodiscard]] bool ends_run_or_step(std::string_view type) noexcept;

/// For an event that ends a run (`run.succeeded|failed|cancelled`) or a step attempt
/// (`step.succeeded|failed|skipped|cancelled|timed_out`): "run_id=7 workflow=churn step=train
/// attempt=1 state=failed error=\"<the error's first line>\"" (no step/attempt for a run; an
/// `outcome=` for a gate or task; no error when there is none). Nothing for other events. Pure.
[[nodiscard]] std::optional<std::string> end_log_line(const EngineEvent& event, std::string_view workflow);

}  // namespace steward::engine
