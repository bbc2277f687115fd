#pragma once

#include "orchestrator/store/records.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace steward::engine {

/// One entry of a run's history as the engine appended it (also stored as a `store::Event`).
/// Types are listed in docs/engine.md ("Events"): run.started, step.started, step.succeeded,
/// step.failed, task.opened, ...
struct EngineEvent {
    store::RowId run_id = 0;
    std::optional<store::RowId> step_exec_id;
    std::string step_id;  ///< "" for run-level events
    std::string type;
    std::string payload_json = "{}";
    store::Millis at = 0;
};

/// Progress callbacks for `steward run`, the API and the UI. Called on the engine's io_context
/// thread right after the change was committed, in commit order; implementations must not block
/// and must not call back into the engine synchronously (post instead). Default: ignore.
class EngineObserver {
public:
    virtual ~EngineObserver() = default;
    /// Every event the engine appends to a run's history.
    virtual void on_event(const EngineEvent& event) { (void)event; }
    /// New log lines of a step attempt (Livy batch log, statement output, shell output), once
    /// stored; `first_seq` is the sequence number of `lines.front()`.
    virtual void on_log_lines(store::RowId run_id, store::RowId step_exec_id, std::string_view step_id,
                              std::int64_t first_seq, std::span<const std::string> lines) {
        (void)run_id, (void)step_exec_id, (void)step_id, (void)first_seq, (void)lines;
    }
};

}  // namespace steward::engine
