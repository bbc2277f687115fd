#pragma once

#include "orchestrator/reports/report.hpp"

#include <string>

namespace steward::reports {

/// The report as readable plain-text tables (metrics, confusion matrix, 10-bin lift, per-version
/// summary, drift per feature, warnings) for a terminal. Undefined figures print as "n/a (reason)".
/// Never fails; pure and thread-safe.
std::string to_text(const Report& report);

}  // namespace steward::reports
