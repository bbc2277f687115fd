#pragma once

#include "orchestrator/core/steps.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

// The figures a report step exposes (docs/reports.md, "JSON output"): its `metrics` depend only
// on the task, so references to them can be checked before a run; drift figures depend on the
// step's `features`.

/// The metrics of a report, as `steps.ID.metrics.NAME` and in the report JSON's `metrics`, in
/// report order. Binary: auc, gini, ks, ks_score, log_loss, brier, rase, average_precision,
/// accuracy, precision, recall, f1, specificity, misclassification. Regression: rmse, mae, r2,
/// mape, mape_skipped_zero_targets, bias. Every one is a number (null when undefined). Pure.
[[nodiscard]] const std::vector<std::string>& report_metric_names(ReportTask task);

/// The report-independent figures a trend query knows (`GET /api/models/{model}/trend`): the
/// metrics of both tasks, then `score_psi`. A model's reports add `psi.FEATURE` for their
/// features. Pure.
[[nodiscard]] std::vector<std::string> trend_figure_names();

/// " (did you mean 'X'?)" for the candidate equal to `word` but for case (`KS`), else the
/// closest by edit distance (`kss`), else "". Pure.
[[nodiscard]] std::string did_you_mean_figure(std::string_view word,
                                              const std::vector<std::string>& candidates);

/// Checks `metric` of `steps.STEP.metrics.METRIC` for a report step of `task`. Empty when the
/// report computes it, else the problem: "report step 'evaluate' has no metric 'kss' (did you
/// mean 'ks'?) (metrics: auc, gini, ...)", or "report step 'evaluate' is binary and has no
/// metric 'rmse' (a regression metric; its metrics: auc, ...)". Pure.
[[nodiscard]] std::string check_metric_name(std::string_view step, ReportTask task, std::string_view metric);

}  // namespace steward::core
