#pragma once

// Why a Spark application failed, as far as its Livy log tells: the job's own last words (the
// exception line of a Python traceback, an argparse error, else its last meaningful lines) and
// the cluster's diagnostics (Livy's "YARN Diagnostics:" / "Kubernetes Diagnostics:" sections).
// Livy 0.9 batches merge the process's stderr into stdout, so both sections are searched.

#include "livy_client/log_follower.hpp"

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace livy {

/// Bounds of a `FailureCause`.
struct FailureCauseLimits {
    std::size_t max_lines = 5;         ///< per part: the job's output, the diagnostics
    std::size_t max_line_chars = 300;  ///< longer lines are cut, ending "..."
    std::size_t max_chars = 1000;      ///< the whole `text()`
};

/// What a failed application's log says about the failure. Plain value type.
struct FailureCause {
    std::vector<std::string> output;       ///< the job's last meaningful lines, oldest first
    std::vector<std::string> diagnostics;  ///< the cluster manager's diagnostics lines
    std::string diagnostics_label;         ///< "YARN diagnostics" or "Kubernetes diagnostics"
    std::size_t max_chars = 1000;

    /// True when the log said nothing useful.
    [[nodiscard]] bool empty() const noexcept { return output.empty() && diagnostics.empty(); }
    /// The output lines, then "<label>: " and the diagnostics lines, one per line ('\n'), at
    /// most `max_chars` (cut ending "..."); "" when empty. Never throws except on allocation.
    [[nodiscard]] std::string text() const;
};

/// True for lines that never explain a failure: blank lines, log4j/Spark lines at INFO, WARN,
/// DEBUG or TRACE ("24/05/01 06:00:00 INFO SparkContext: ..."), Python logging below ERROR
/// ("INFO:root:..."), Spark's start-up banners, stage progress bars and STEWARD_OUTPUT lines.
/// Pure.
[[nodiscard]] bool is_log_noise(std::string_view line) noexcept;

/// Extracts the cause from the lines of a log (as `LogFollower` yields them, or
/// `from_prefixed_text` rebuilds them from stored text), in log order. The job's output is taken
/// from stderr when it has meaningful lines, else from stdout; Java stack frames are skipped.
/// Pure; never throws except on allocation.
[[nodiscard]] FailureCause failure_cause(std::span<const LogLine> lines,
                                         const FailureCauseLimits& limits = {});

/// The same for a raw Livy log snapshot (`GET .../log?size=-1`, markers included). Pure.
[[nodiscard]] FailureCause failure_cause_of_snapshot(std::span<const std::string> snapshot,
                                                     const FailureCauseLimits& limits = {});

}  // namespace livy
