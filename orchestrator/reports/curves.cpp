#include "orchestrator/reports/curves.hpp"

#include <cmath>
#include <limits>

namespace steward::reports {

std::vector<CurvePoint> chart_curve(const ScoreGroups& g, std::size_t resolution) {
    std::vector<CurvePoint> points;
    const double n1 = g.total_events;
    const double n0 = g.total_nonevents;
    if (n1 <= 0 || n0 <= 0) {
        return points;
    }
    const double step = 1.0 / static_cast<double>(resolution == 0 ? 1 : resolution);
    // Locate the KS vertex first so that it is always kept.
    std::size_t ks_at = 0;
    double ks = -1;
    double tp = 0;
    double fp = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        tp += g.events[i];
        fp += g.nonevents[i];
        const double d = std::fabs(tp / n1 - fp / n0);
        if (d > ks) {
            ks = d;
            ks_at = i;
        }
    }
    points.push_back(CurvePoint{std::numeric_limits<double>::infinity(), 0, 0, 0});
    tp = 0;
    fp = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        tp += g.events[i];
        fp += g.nonevents[i];
        const CurvePoint p{g.score[i], (tp + fp) / (n1 + n0), fp / n0, tp / n1};
        const CurvePoint& last = points.back();
        const bool moved = std::fabs(p.depth - last.depth) >= step || std::fabs(p.fpr - last.fpr) >= step ||
                           std::fabs(p.tpr - last.tpr) >= step;
        if (moved || i == ks_at || i + 1 == g.size()) {
            points.push_back(p);
        }
    }
    return points;
}

}  // namespace steward::reports
