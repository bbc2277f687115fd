#include "orchestrator/reports/lift_table.hpp"

#include <algorithm>

namespace steward::reports {
namespace {
double ratio(double num, double den) {
    return den == 0 ? 0.0 : num / den;
}
}  // namespace

std::vector<LiftBin> lift_table(const ScoreGroups& g, std::size_t bins) {
    bins = std::max<std::size_t>(bins, 1);
    const double total = g.rows();
    const double width = total / static_cast<double>(bins);
    std::vector<LiftBin> table(bins);
    // Each group covers positions [start, start + size) of the descending order; bin b covers
    // [b * width, (b + 1) * width). Overlaps carry rows and the group's events pro rata.
    std::size_t b = 0;
    double start = 0;
    for (std::size_t i = 0; i < g.size() && b < bins; ++i) {
        const double size = g.events[i] + g.nonevents[i];
        if (size <= 0) {
            continue;
        }
        const double end = start + size;
        const double rate = g.events[i] / size;
        for (;;) {
            const double bin_end = b + 1 == bins ? total : static_cast<double>(b + 1) * width;
            const double overlap = std::min(end, bin_end) - std::max(start, static_cast<double>(b) * width);
            if (overlap > 0) {
                table[b].events += rate * overlap;
            }
            if (end < bin_end || b + 1 == bins) {
                break;
            }
            ++b;
        }
        start = end;
    }
    const double overall_rate = ratio(g.total_events, total);
    double cum_n = 0;
    double cum_events = 0;
    for (std::size_t k = 0; k < bins; ++k) {
        LiftBin& bin = table[k];
        bin.bin = k + 1;
        bin.depth = static_cast<double>(k + 1) / static_cast<double>(bins);
        const double lo = static_cast<double>(k) * width;
        const double hi = k + 1 == bins ? total : static_cast<double>(k + 1) * width;
        bin.n = hi - lo;
        cum_n += bin.n;
        cum_events += bin.events;
        bin.event_rate = ratio(bin.events, bin.n);
        bin.lift = ratio(bin.event_rate, overall_rate);
        bin.cum_lift = ratio(ratio(cum_events, cum_n), overall_rate);
        bin.capture_rate = ratio(bin.events, g.total_events);
        bin.cum_capture_rate = ratio(cum_events, g.total_events);
    }
    return table;
}

}  // namespace steward::reports
