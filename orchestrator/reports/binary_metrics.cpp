#include "orchestrator/reports/binary_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace steward::reports {
namespace {

double ratio(double num, double den) {
    return den == 0 ? 0.0 : num / den;
}

// AUC (trapezoids over tie groups = Mann-Whitney with ties counted 1/2), KS with its score,
// and sklearn's step average precision, in one descending sweep.
void ranking_metrics(const ScoreGroups& g, BinaryMetrics& m) {
    const double n1 = g.total_events;
    const double n0 = g.total_nonevents;
    double tp = 0;
    double fp = 0;
    double area = 0;
    double ks = 0;
    double ks_score = g.size() > 0 ? g.score.front() : 0.0;
    double ap = 0;
    double recall_before = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double tp_next = tp + g.events[i];
        const double fp_next = fp + g.nonevents[i];
        area += g.nonevents[i] * (tp + tp_next) / 2;
        tp = tp_next;
        fp = fp_next;
        if (n1 > 0 && n0 > 0) {
            const double d = std::fabs(tp / n1 - fp / n0);
            if (d > ks) {
                ks = d;
                ks_score = g.score[i];
            }
        }
        if (n1 > 0 && g.events[i] > 0) {
            const double recall = tp / n1;
            ap += (recall - recall_before) * (tp / (tp + fp));
            recall_before = recall;
        }
    }
    if (n1 > 0) {
        m.average_precision = ap;
    }
    if (n1 == 0 || n0 == 0) {
        m.undefined_reason = n1 + n0 == 0 ? "no rows with both a score and a label"
                             : n1 == 0    ? "only one class present (no events)"
                                          : "only one class present (no non-events)";
        return;
    }
    m.auc = area / (n1 * n0);
    m.gini = 2 * *m.auc - 1;
    m.ks = ks;
    m.ks_score = ks_score;
}

}  // namespace

Confusion confusion_at(const ScoreGroups& g, double threshold) {
    Confusion c;
    for (std::size_t i = 0; i < g.size(); ++i) {
        if (g.score[i] >= threshold) {
            c.tp += g.events[i];
            c.fp += g.nonevents[i];
        } else {
            c.fn += g.events[i];
            c.tn += g.nonevents[i];
        }
    }
    return c;
}

ThresholdMetrics threshold_metrics(const Confusion& c) {
    ThresholdMetrics t;
    const double n = c.tn + c.fp + c.fn + c.tp;
    t.accuracy = ratio(c.tp + c.tn, n);
    t.misclassification = n == 0 ? 0.0 : 1 - t.accuracy;
    t.precision = ratio(c.tp, c.tp + c.fp);
    t.recall = ratio(c.tp, c.tp + c.fn);
    t.f1 = ratio(2 * t.precision * t.recall, t.precision + t.recall);
    t.specificity = ratio(c.tn, c.tn + c.fp);
    return t;
}

BinaryMetrics binary_metrics(const ScoreGroups& g, double threshold) {
    BinaryMetrics m;
    m.n = g.rows();
    m.events = g.total_events;
    m.event_rate = ratio(m.events, m.n);
    m.threshold = threshold;
    ranking_metrics(g, m);
    double log_loss = 0;
    double brier = 0;
    for (std::size_t i = 0; i < g.size(); ++i) {
        const double p = std::clamp(g.score[i], kLogLossEpsilon, 1 - kLogLossEpsilon);
        // log(1 - p) rather than log1p(-p): the same rounding as sklearn.
        log_loss -= g.events[i] * std::log(p) + g.nonevents[i] * std::log(1 - p);
        const double s = g.score[i];
        brier += g.events[i] * (s - 1) * (s - 1) + g.nonevents[i] * s * s;
    }
    m.log_loss = ratio(log_loss, m.n);
    m.brier = ratio(brier, m.n);
    m.rase = std::sqrt(m.brier);
    m.confusion = confusion_at(g, threshold);
    m.at_threshold = threshold_metrics(m.confusion);
    return m;
}

}  // namespace steward::reports
