#pragma once

#include "orchestrator/reports/score_groups.hpp"

#include <optional>
#include <string>

namespace steward::reports {

/// Default classification threshold; a row is predicted an event when score >= threshold.
inline constexpr double kDefaultThreshold = 0.5;

/// Probabilities are clipped to [kLogLossEpsilon, 1 - kLogLossEpsilon] for log loss: the
/// machine epsilon of double, as sklearn >= 1.2 does.
inline constexpr double kLogLossEpsilon = 2.220446049250313e-16;

/// A 2x2 confusion matrix (counts).
struct Confusion {
    double tn = 0;
    double fp = 0;
    double fn = 0;
    double tp = 0;
};

/// Threshold metrics of a confusion matrix; each is 0 when its denominator is 0.
struct ThresholdMetrics {
    double accuracy = 0;
    double precision = 0;
    double recall = 0;
    double f1 = 0;
    double specificity = 0;
    double misclassification = 0;
};

/// Binary classification figures. AUC, Gini, KS and its score are empty when only one class is
/// present (`undefined_reason` says why); average precision is empty when there are no events.
struct BinaryMetrics {
    double n = 0;
    double events = 0;
    double event_rate = 0;
    std::optional<double> auc;
    std::optional<double> gini;
    std::optional<double> ks;
    std::optional<double> ks_score;  ///< highest score where KS is reached (rule score >= it)
    std::optional<double> average_precision;
    std::string undefined_reason;  ///< why auc/gini/ks are empty; empty otherwise
    double log_loss = 0;
    double brier = 0;
    double rase = 0;  ///< sqrt(brier)
    double threshold = kDefaultThreshold;
    Confusion confusion;
    ThresholdMetrics at_threshold;
};

/// Computes every binary figure from score groups in O(groups). `threshold` applies the rule
/// score >= threshold. Errors: none (empty groups give n = 0 and empty ranking figures).
/// Pure and thread-safe.
BinaryMetrics binary_metrics(const ScoreGroups& groups, double threshold);

/// The confusion matrix of the rule score >= threshold over score groups.
Confusion confusion_at(const ScoreGroups& groups, double threshold);

/// Accuracy, precision, recall, F1, specificity and misclassification of a confusion matrix,
/// with 0 wherever a denominator is 0.
ThresholdMetrics threshold_metrics(const Confusion& c);

}  // namespace steward::reports
