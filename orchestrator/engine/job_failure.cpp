#include "orchestrator/engine/job_failure.hpp"

#include "orchestrator/store/store.hpp"

#include "livy_client/failure_cause.hpp"
#include "livy_client/log_text.hpp"

#include <algorithm>
#include <vector>

namespace steward::engine::detail {

std::string stored_failure_cause(store::Store& store, store::RowId step_exec_id) {
    const std::int64_t from =
        std::max<std::int64_t>(0, store.livy().next_log_seq(step_exec_id) - kCauseLogLines);
    const auto stored = store.livy().get_log(step_exec_id, from, kCauseLogLines).value();
    std::vector<livy::LogLine> lines;
    lines.reserve(stored.size());
    for (const auto& line : stored) {
        lines.push_back(livy::from_prefixed_text(line.line));
    }
    return livy::failure_cause(lines).text();
}

std::string snapshot_failure_cause(std::span<const std::string> snapshot) {
    return livy::failure_cause_of_snapshot(snapshot).text();
}

std::string with_cause(std::string message, const std::string& cause) {
    if (!cause.empty()) {
        message += ": " + cause;
    }
    return message;
}

}  // namespace steward::engine::detail
