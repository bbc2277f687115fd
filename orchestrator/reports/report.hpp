#pragma once

#include "orchestrator/reports/binary_metrics.hpp"
#include "orchestrator/reports/curves.hpp"
#include "orchestrator/reports/drift.hpp"
#include "orchestrator/reports/lift_table.hpp"
#include "orchestrator/reports/regression_metrics.hpp"
#include "orchestrator/reports/report_error.hpp"
#include "orchestrator/reports/table.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace steward::reports {

/// The kind of model a report assesses.
enum class Task { binary, regression };

/// Name of the column that, when present, splits a report by model version.
inline constexpr const char* kDefaultVersionColumn = "model_version";

/// What to compute. Column names refer to the scored input (and to the reference for drift).
struct ReportOptions {
    Task task = Task::binary;
    std::string label;                     ///< target column; empty with a reference = drift only
    std::string score;                     ///< predicted probability (binary) or value (regression)
    std::string prediction;                ///< optional: predicted class 0/1 (binary: drives the confusion
                                           ///< matrix instead of the threshold) or value (regression)
    std::vector<std::string> features;     ///< features compared with the reference (numeric
                                           ///< unless also named in `categorical`)
    std::vector<std::string> categorical;  ///< which features are categorical: a subset of
                                           ///< `features`, or more features to compare
    std::string version_column;            ///< empty: use kDefaultVersionColumn when the data has it
    double threshold = kDefaultThreshold;  ///< rule: score >= threshold is an event
    std::size_t drift_bins = 10;           ///< quantile bins of numeric drift (PSI)
    unsigned threads = 0;                  ///< 0: worker_threads()
};

/// Binary classification results for one population.
struct BinaryPerformance {
    BinaryMetrics metrics;
    bool confusion_from_prediction = false;  ///< the confusion matrix counts the prediction column
    bool scores_outside_unit = false;        ///< some score is below 0 or above 1
    std::vector<LiftBin> lift10;
    std::vector<LiftBin> lift20;
    std::vector<CurvePoint> curve;  ///< ROC / KS chart points
};

/// Performance of one population (all rows, or the rows of one model version).
struct Performance {
    std::size_t rows_used = 0;     ///< rows with the label and score (or prediction) present
    std::size_t rows_skipped = 0;  ///< rows left out for a missing label or score
    std::optional<BinaryPerformance> binary;
    std::optional<RegressionMetrics> regression;
};

/// Performance of the rows scored by one model version (nullopt: rows without a version).
struct VersionPerformance {
    std::optional<std::string> version;
    std::size_t rows = 0;
    Performance performance;
};

/// A complete report. Serialise with `to_json` (report_json.hpp) or `to_text` (report_text.hpp).
struct Report {
    Task task = Task::binary;
    std::string scored_source;
    std::string reference_source;  ///< empty without a reference
    std::size_t scored_rows = 0;
    std::size_t reference_rows = 0;
    double threshold = kDefaultThreshold;
    std::optional<Performance> performance;  ///< absent in drift-only mode
    std::string version_column;              ///< the column used for the split, if any
    std::vector<VersionPerformance> by_version;
    std::optional<DriftReport> drift;  ///< present when a reference was given
    std::vector<std::string> warnings;
};

/// The drift features of `options` with their kinds, each once: `features` in their order
/// (categorical when also named in `categorical`, else numeric), then the `categorical` names
/// not among `features`. Pure.
std::vector<ColumnRequest> drift_columns(const ReportOptions& options);

/// Column requests for the scored input implied by `options` (label, score, prediction, drift
/// features, version column). Errors: a column given two incompatible roles (e.g. categorical
/// and numeric), no label/score without a reference (nothing to compute).
Result<std::vector<ColumnRequest>> scored_columns(const ReportOptions& options, bool with_reference);

/// Column requests for the reference input: the drift features and, optionally, the score.
std::vector<ColumnRequest> reference_columns(const ReportOptions& options);

/// Builds the report from tables read with the requests above. `reference` may be null.
/// Errors (as values): options out of range (threshold not finite, bins < 2), a column the
/// tables lack, no usable rows for the metrics, drift errors. Runs parallel kernels on
/// `options.threads` threads and blocks until done; reentrant.
Result<Report> build_report(const Table& scored, const Table* reference, const ReportOptions& options);

}  // namespace steward::reports
