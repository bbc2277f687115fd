#pragma once

#include "orchestrator/reports/score_groups.hpp"

#include <cstddef>
#include <vector>

namespace steward::reports {

/// One equal-depth bin of a lift/gains table (rows sorted by descending score). Rows and events
/// are fractional when a tie group straddles a bin edge: its rows are split at the edge and its
/// events prorated (the expected value of random tie-breaking, SAS's convention).
struct LiftBin {
    std::size_t bin = 0;  ///< 1-based
    double depth = 0;     ///< cumulative share of rows at the bin's end, bin / bins
    double n = 0;
    double events = 0;
    double event_rate = 0;        ///< events / n
    double lift = 0;              ///< event_rate / overall event rate
    double cum_lift = 0;          ///< cumulative event rate / overall event rate
    double capture_rate = 0;      ///< events / all events
    double cum_capture_rate = 0;  ///< cumulative events / all events ("gains")
};

/// Lift and gains table with `bins` equal-depth bins, in O(groups + bins). Rates whose
/// denominator is 0 (no rows, no events) are 0. `bins` must be >= 1 (0 is treated as 1).
/// Pure and thread-safe.
std::vector<LiftBin> lift_table(const ScoreGroups& groups, std::size_t bins);

}  // namespace steward::reports
