#pragma once

#include "orchestrator/reports/score_groups.hpp"

#include <cstddef>
#include <vector>

namespace steward::reports {

/// One point of the ROC / KS curves: classifying score >= threshold as an event gives these
/// rates; depth is the share of rows at or above the threshold. The first point (threshold
/// +inf) is the origin.
struct CurvePoint {
    double threshold = 0;
    double depth = 0;
    double fpr = 0;
    double tpr = 0;
};

/// Default resolution of `chart_curve`: a point is kept once depth, FPR or TPR has moved by
/// at least 1 / kCurveResolution since the last kept point.
inline constexpr std::size_t kCurveResolution = 100;

/// The ROC/KS curve downsampled for charts: the origin, the end point (1, 1), the KS point and
/// every vertex that moved at least 1/resolution in depth, FPR or TPR from the last kept one,
/// so at most about 3 * resolution + 3 points. Empty when only one class is present.
/// Pure and thread-safe.
std::vector<CurvePoint> chart_curve(const ScoreGroups& groups, std::size_t resolution = kCurveResolution);

}  // namespace steward::reports
