#include "orchestrator/core/figures.hpp"

#include "orchestrator/core/suggest.hpp"

#include <algorithm>

namespace steward::core {
namespace {

std::string lower(std::string_view word) {
    std::string out(word);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    });
    return out;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : ", ") + w;
    }
    return out;
}

}  // namespace

const std::vector<std::string>& report_metric_names(ReportTask task) {
    static const std::vector<std::string> kBinary{"auc",         "gini",
                                                  "ks",          "ks_score",
                                                  "log_loss",    "brier",
                                                  "rase",        "average_precision",
                                                  "accuracy",    "precision",
                                                  "recall",      "f1",
                                                  "specificity", "misclassification"};
    static const std::vector<std::string> kRegression{
        "rmse", "mae", "r2", "mape", "mape_skipped_zero_targets", "bias"};
    return task == ReportTask::Regression ? kRegression : kBinary;
}

std::vector<std::string> trend_figure_names() {
    std::vector<std::string> out = report_metric_names(ReportTask::Binary);
    const auto& regression = report_metric_names(ReportTask::Regression);
    out.insert(out.end(), regression.begin(), regression.end());
    out.emplace_back("score_psi");
    return out;
}

std::string did_you_mean_figure(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string folded = lower(word);
    for (const std::string& candidate : candidates) {
        if (lower(candidate) == folded) {
            return " (did you mean '" + candidate + "'?)";
        }
    }
    const std::string match = closest_match(folded, candidates);
    return match.empty() ? std::string() : " (did you mean '" + match + "'?)";
}

std::string check_metric_name(std::string_view step, ReportTask task, std::string_view metric) {
    const auto& names = report_metric_names(task);
    if (std::find(names.begin(), names.end(), metric) != names.end()) {
        return {};
    }
    const ReportTask other = task == ReportTask::Binary ? ReportTask::Regression : ReportTask::Binary;
    const auto& others = report_metric_names(other);
    const std::string known = " (metrics: " + join(names) + ")";
    if (std::find(others.begin(), others.end(), metric) != others.end()) {
        return "report step '" + std::string(step) + "' is " + std::string(to_string(task)) +
               " and has no metric '" + std::string(metric) + "' (a " + std::string(to_string(other)) +
               " metric; its metrics: " + join(names) + ")";
    }
    return "report step '" + std::string(step) + "' has no metric '" + std::string(metric) + "'" +
           did_you_mean_figure(metric, names) + known;
}

}  // namespace steward::core
