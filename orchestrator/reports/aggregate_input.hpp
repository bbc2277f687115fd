#pragma once

// Aggregate mode: a report built from counts computed elsewhere (Spark) instead of rows. The
// performance figures come from the score groups (counts of events and non-events per distinct
// score), the drift figures from counts per bin (numeric features: bins at the reference's
// quantiles; categorical features: one bin per category). Figures that need every value (a
// feature's KS, its p-value, Wasserstein) are undefined with a reason.

#include "orchestrator/reports/drift.hpp"
#include "orchestrator/reports/report.hpp"
#include "orchestrator/reports/score_groups.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace steward::reports {

/// The counts of one feature (or of the score) in both samples.
struct BinnedCounts {
    std::string name;
    DriftKind kind = DriftKind::numeric;
    /// Numeric: the de-duplicated inner edges, ascending (bins right-closed as in DriftBins).
    std::vector<double> edges;
    /// Categorical: the bin labels (any order).
    std::vector<std::string> categories;
    std::vector<std::uint64_t> reference_counts;  ///< per bin, missing values excluded
    std::vector<std::uint64_t> current_counts;    ///< per bin, missing values excluded
    MissingCounts missing;
};

/// Everything aggregate mode brings back.
struct AggregateInput {
    std::string scored_source;
    std::string reference_source;  ///< empty without a reference
    std::size_t scored_rows = 0;
    std::size_t reference_rows = 0;
    std::optional<ScoreGroups> groups;  ///< binary performance; absent in drift-only mode
    std::size_t rows_skipped = 0;       ///< scored rows without a label or score
    std::vector<BinnedCounts> features;
    std::optional<BinnedCounts> score;  ///< output stability; absent when the reference has no score
    std::vector<std::string> warnings;  ///< added to the report's warnings
};

/// Builds the report of `input` as build_report would from the rows, for a binary task:
/// metrics, lift, curves and every binned drift figure are exact. Adds a warning that KS,
/// its p-value and Wasserstein of features are not computed. Errors (as values): a regression
/// task, bins whose counts do not match the edges or categories, edges not ascending, no row
/// with a label and a score. Pure; reentrant.
Result<Report> report_from_aggregates(const AggregateInput& input, const ReportOptions& options);

}  // namespace steward::reports
