#pragma once

#include "orchestrator/reports/report.hpp"

#include <boost/json/object.hpp>

namespace steward::reports {

/// The report as one JSON object: {"task", "n", "metrics", "confusion", "lift", "lift20",
/// "curves", "model_versions", "drift", "stability", "characteristic", "warnings", ...}; see
/// docs/reports.md for every field. Undefined figures (one class, empty sample) are null, with
/// the reason under "undefined" (performance) or the feature's "reasons" (drift); NaN and ±inf
/// never appear. Performance keys are absent in drift-only mode, drift keys without a
/// reference. Never fails; pure and thread-safe. This is what the engine stores per report.
boost::json::object to_json(const Report& report);

}  // namespace steward::reports
