#pragma once

#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/engine/observer.hpp"

#include <map>
#include <optional>
#include <ostream>
#include <string>

namespace steward::app {

/// Turns engine events into the progress lines of `steward run`, e.g.
/// `10:42:07 step train livy_batch running (batch 12)`. `time_of_day` is "HH:MM:SS" (local
/// time); `step_type` names the step's type ("" for run events). Returns nothing for events that
/// add no information (run.created). Pure.
[[nodiscard]] std::optional<std::string> progress_line(const engine::EngineEvent& event,
                                                       std::string_view step_type,
                                                       std::string_view time_of_day);

/// "HH:MM:SS" in local time for milliseconds since the epoch. Never throws but bad_alloc.
[[nodiscard]] std::string local_time_of_day(std::int64_t at_ms);

/// An engine observer that writes progress lines (and, if asked, the steps' log lines prefixed
/// with "  | STEP: ") to `out`. Threading: the engine's io_context thread; `out` must outlive it.
class ProgressPrinter final : public engine::EngineObserver {
public:
    ProgressPrinter(std::ostream& out, bool show_logs) : out_(out), show_logs_(show_logs) {}

    /// Learns the step types of a workflow (shown after each step id).
    void add_workflow(const core::WorkflowSpec& spec);

    void on_event(const engine::EngineEvent& event) override;
    void on_log_lines(store::RowId run_id, store::RowId step_exec_id, std::string_view step_id,
                      std::int64_t first_seq, std::span<const std::string> lines) override;

private:
    std::ostream& out_;
    std::map<std::string, std::string, std::less<>> step_types_;
    bool show_logs_;
};

}  // namespace steward::app
