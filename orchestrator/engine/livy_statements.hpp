#pragma once

// Internal to orch_engine: statements of livy_session steps (livy_statements.cpp).

#include "orchestrator/engine/livy_common.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace steward::engine::detail {

/// Polls the session until idle; an outcome when it ended or vanished instead.
boost::asio::awaitable<std::optional<StepOutcome>> wait_idle(StepCall& call, store::LivyHandle& handle);

/// Runs statement `index` to completion, or resumes it: an id stored → polled; an intent without
/// an id → looked up by its exact code among the session's statements with an id above `after`,
/// posted only when not found. Returns its output, or an outcome when the step must end (a
/// session that died or vanished meanwhile is named in it). While Livy does not answer, it waits
/// with backoff and the run condition `livy_unreachable` (livy_outage.hpp).
boost::asio::awaitable<std::variant<livy::StatementOutput, StepOutcome>> run_statement(
    StepCall& call, store::LivyHandle& handle, std::size_t index, const std::string& code,
    const std::optional<core::SessionKind>& kind, std::optional<store::LivyStatement> record,
    std::int64_t after);

/// Stores a finished statement (state, output, its text lines in the step log, an
/// application/json dict merged into `outputs`) in one transition.
void record_output(StepCall& call, std::size_t index, const livy::StatementOutput& output,
                   std::int64_t& next_seq, boost::json::object& outputs);

/// The output of a statement that finished before a crash, if stored.
std::optional<livy::StatementOutput> stored_output(const store::LivyStatement& record);

}  // namespace steward::engine::detail
