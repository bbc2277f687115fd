#pragma once

#include "orchestrator/reports/big_buffer.hpp"
#include "orchestrator/reports/report_error.hpp"

#include <cstddef>
#include <span>
#include <vector>

namespace steward::reports {

/// The sufficient statistics of a binary classifier's scores: each distinct score once, in
/// strictly descending order, with the number of events (y = 1) and non-events (y = 0) that
/// carry it. Every ranking metric (AUC, KS, AP, lift, curves) and every per-row average (log
/// loss, Brier, confusion) is a function of these groups, so they are also the exchange format
/// of aggregate mode, where Spark sends counts per distinct score instead of rows.
struct ScoreGroups {
    std::vector<double> score;      ///< strictly descending, finite or ±inf, never NaN
    std::vector<double> events;     ///< events at score[i] (a count; exact up to 2^53)
    std::vector<double> nonevents;  ///< non-events at score[i]
    double total_events = 0;
    double total_nonevents = 0;

    /// Number of distinct scores.
    [[nodiscard]] std::size_t size() const { return score.size(); }
    /// Number of rows (events + non-events).
    [[nodiscard]] double rows() const { return total_events + total_nonevents; }
};

/// Groups paired (score, label) rows; labels are 0.0 or 1.0. Rows whose score or label is NaN
/// are left out and counted in `skipped`. Sorts the scores of each class with a parallel radix
/// sort on `threads` threads; O(n) extra memory. Never fails on valid-shaped input; the spans
/// must have equal length (checked: throws std::invalid_argument otherwise, a programming error).
ScoreGroups group_scores(std::span<const double> scores, std::span<const double> labels, unsigned threads,
                         std::size_t& skipped);

/// The finite scores of `groups` (±infinity left out), each repeated events + non-events
/// times, in ascending order and followed by one +infinity sentinel that is not counted: the
/// layout of sorted_finite_with_sentinel (drift_sort.hpp), so that the score's drift can reuse
/// the sort done for the metrics. The counts must be whole numbers (groups from
/// `group_scores`). One linear pass; never fails beyond std::bad_alloc; reentrant.
BigVector<double> expand_sorted_finite(const ScoreGroups& groups);

/// Builds groups from (score, events, non-events) triples in any order, merging repeated
/// scores: the aggregate-mode input. Errors (as values): spans of different lengths, a NaN
/// score, a negative or non-finite count.
Result<ScoreGroups> groups_from_counts(std::span<const double> scores, std::span<const double> events,
                                       std::span<const double> nonevents);

}  // namespace steward::reports
