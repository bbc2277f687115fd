#include "orchestrator/reports/drift.hpp"

#include "orchestrator/reports/drift_feature.hpp"
#include "orchestrator/reports/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string_view>

namespace steward::reports {
namespace {

std::optional<ReportError> check_options(const DriftOptions& o) {
    if (o.bins < 2 || o.bins > kMaxDriftBins) {
        return ReportError{"drift: bins must be between 2 and " + std::to_string(kMaxDriftBins) + ", got " +
                           std::to_string(o.bins)};
    }
    if (!(o.empty_share > 0 && o.empty_share < 1)) {
        return ReportError{"drift: empty_share must be in (0, 1), got " + std::to_string(o.empty_share)};
    }
    if (!(o.std_floor > 0) || !std::isfinite(o.std_floor)) {
        return ReportError{"drift: std_floor must be positive, got " + std::to_string(o.std_floor)};
    }
    if (!std::isfinite(o.moderate_psi) || !std::isfinite(o.significant_psi)) {
        return ReportError{"drift: the PSI thresholds must be finite numbers"};
    }
    return std::nullopt;
}

Result<FeatureDrift> one_feature(const DriftInput& input, const DriftOptions& options,
                                 unsigned sort_threads) {
    if (input.kind == DriftKind::categorical) {
        return drift_detail::categorical_drift(input, options);
    }
    return drift_detail::numeric_drift(input, options, sort_threads);
}

}  // namespace

Result<FeatureDrift> feature_drift(const DriftInput& input, const DriftOptions& options) {
    if (auto error = check_options(options)) {
        return *error;
    }
    return one_feature(input, options, std::max(options.threads, 1U));
}

DriftSummary summarize_drift(const DriftReport& report, const DriftOptions& options) {
    DriftSummary s;
    s.features = report.features.size();
    for (const FeatureDrift& f : report.features) {
        if (!f.psi.value) {
            ++s.psi_undefined;
            continue;
        }
        s.psi_above_moderate += *f.psi.value > options.moderate_psi ? 1 : 0;
        s.psi_above_significant += *f.psi.value > options.significant_psi ? 1 : 0;
    }
    s.output_stability = report.score ? report.score->psi : DriftFigure::none("no score column was given");
    return s;
}

Result<DriftReport> compute_drift(std::span<const DriftInput> features, const DriftInput* score,
                                  const DriftOptions& options, const std::function<void()>& alongside) {
    if (auto error = check_options(options)) {
        return *error;
    }
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (features[i].name.empty()) {
            return ReportError{"drift: feature #" + std::to_string(i + 1) + " has no name"};
        }
        if (!names.insert(features[i].name).second) {
            return ReportError{"drift: feature '" + features[i].name + "' is listed twice"};
        }
    }

    // Results: the features, then the score. Task order: `alongside` (if any), the features,
    // the score last (its sorted sample may come from `alongside`); without `alongside` the
    // score goes first: it is usually the lightest (its current sample comes sorted), and its
    // buffers are then free for reuse by the features' sorts. With fewer tasks than threads,
    // the spare threads go to the sorts inside each task instead. When the heavy tasks (numeric
    // features and `alongside`) do not divide evenly among the threads, the last numeric feature
    // sorts on all of them: the others finish while it runs, and would otherwise wait idle.
    const bool with_alongside = static_cast<bool>(alongside);
    const std::size_t first = with_alongside ? 1 : 0;
    const std::size_t tasks = first + features.size() + (score != nullptr ? 1 : 0);
    const unsigned threads = std::max(options.threads, 1U);
    const unsigned sort_threads =
        tasks >= threads ? 1U
                         : std::max(1U, static_cast<unsigned>(threads / std::max<std::size_t>(tasks, 1)));
    std::size_t heavy = first;
    std::size_t last_numeric = features.size();
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (features[i].kind == DriftKind::numeric) {
            ++heavy;
            last_numeric = i;
        }
    }
    const bool uneven = sort_threads == 1 && threads > 1 && heavy % threads != 0;
    // The slot (feature index, or features.size() for the score) of task t >= first.
    const auto slot_of = [&](std::size_t t) {
        if (score == nullptr || with_alongside) {
            return t - first;
        }
        return t == 0 ? features.size() : t - 1;
    };
    std::vector<std::optional<Result<FeatureDrift>>> results(features.size() + (score != nullptr ? 1 : 0));
    parallel_for(tasks, threads, [&](std::size_t t) {
        if (t < first) {
            alongside();
            return;
        }
        const std::size_t slot = slot_of(t);
        const DriftInput& input = slot < features.size() ? features[slot] : *score;
        results[slot].emplace(
            one_feature(input, options, uneven && slot == last_numeric ? threads : sort_threads));
    });

    DriftReport report;
    report.features.reserve(features.size());
    for (std::size_t t = 0; t < results.size(); ++t) {
        Result<FeatureDrift>& r = *results[t];
        if (!r) {
            return r.error();
        }
        if (t < features.size()) {
            report.features.push_back(std::move(*r));
        } else {
            report.score = std::move(*r);
        }
    }

    report.summary = summarize_drift(report, options);
    return report;
}

}  // namespace steward::reports
