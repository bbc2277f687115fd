#pragma once

#include "orchestrator/core/value.hpp"
#include "orchestrator/core/workflow_spec.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

// The figure thresholds a workflow's gates check (the models dashboard's "health" and the trend
// chart's threshold line, docs/api.md "Model registry"). Read from the gate conditions' syntax
// trees, never by evaluating them.

/// One threshold: `figure OP value` is the healthy side, e.g. {"ks", ">=", 0.3} or
/// {"score_psi", "<=", 0.25}. `source` names where it was read: "WORKFLOW step GATE_ID".
struct FigureThreshold {
    std::string figure;  ///< a report figure: a metric (`ks`), `score_psi` or `psi.FEATURE`
    std::string op;      ///< ">=", ">", "<=" or "<"
    double value = 0;
    std::string source;

    bool operator==(const FigureThreshold&) const = default;
};

/// Whether a larger value of `figure` is better (auc, gini, ks, ...: +1), worse (PSI, log_loss,
/// brier, rmse, ...: -1) or unknown (0: ks_score, bias, an unknown name). Pure.
[[nodiscard]] int figure_direction(std::string_view figure) noexcept;

/// The thresholds of every `gate` step of `spec`: each comparison in a case's `if` (under any
/// `and`, `or`, `not`) between a figure reference (`steps.ID.metrics.NAME`,
/// `steps.ID.stability.score_psi`, `steps.ID.drift.FEATURE.psi`) and a number literal or a
/// `params.X`, in either order, with `<`, `<=`, `>` or `>=` (`==`, `!=` are not thresholds).
/// `params.X` is `run_params[X]` when that is a number, else the param's numeric default; a
/// comparison whose param has no numeric value is left out. A comparison is read as the healthy
/// side when it agrees with the figure's direction (`ks >= 0.3`) and turned around when it states
/// the failing side (`ks < 0.3` becomes `ks >= 0.3`; under `not`, the other way); for a figure of
/// unknown direction it is kept as the case states it. In gate and case order; duplicates kept.
/// Pure; thread-safe.
[[nodiscard]] std::vector<FigureThreshold> gate_thresholds(const WorkflowSpec& spec,
                                                           const std::map<std::string, Value>& run_params);

/// Whether `actual` satisfies `threshold` (`actual OP value`). Pure.
[[nodiscard]] bool threshold_holds(const FigureThreshold& threshold, double actual) noexcept;

/// The health of a model's latest figures against `thresholds`.
struct FigureHealth {
    std::string status;                     ///< "ok", "breach" or "unknown"
    std::vector<FigureThreshold> breached;  ///< the thresholds a figure fails, in order
    std::vector<double> actual;             ///< the failing figures' values (same order)
};

/// "breach" when some threshold's figure has a finite value in `figures` that fails it; else
/// "unknown" when there is no threshold or a threshold's figure is missing from `figures` or not
/// finite (undefined); else "ok". Pure.
[[nodiscard]] FigureHealth figure_health(const std::vector<FigureThreshold>& thresholds,
                                         const std::map<std::string, double, std::less<>>& figures);

}  // namespace steward::core
