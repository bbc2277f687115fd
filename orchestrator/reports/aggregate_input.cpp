#include "orchestrator/reports/aggregate_input.hpp"

#include "orchestrator/reports/curves.hpp"
#include "orchestrator/reports/drift_stats.hpp"
#include "orchestrator/reports/lift_table.hpp"
#include "orchestrator/reports/stats_chi2.hpp"

#include <algorithm>

namespace steward::reports {
namespace {

constexpr const char* kNeedsValues = "needs every value; not computed in aggregate mode";

std::uint64_t total(const std::vector<std::uint64_t>& counts) {
    std::uint64_t sum = 0;
    for (const auto c : counts) {
        sum += c;
    }
    return sum;
}

Result<FeatureDrift> drift_from_counts(const BinnedCounts& in, const DriftOptions& options) {
    const std::size_t bins = in.kind == DriftKind::numeric ? in.edges.size() + 1 : in.categories.size();
    if (in.reference_counts.size() != bins || in.current_counts.size() != bins) {
        return ReportError{"aggregate counts of '" + in.name + "': " + std::to_string(bins) + " bins but " +
                           std::to_string(in.reference_counts.size()) + " reference and " +
                           std::to_string(in.current_counts.size()) + " current counts"};
    }
    if (!std::is_sorted(in.edges.begin(), in.edges.end()) ||
        std::adjacent_find(in.edges.begin(), in.edges.end()) != in.edges.end()) {
        return ReportError{"aggregate counts of '" + in.name + "': the edges are not strictly ascending"};
    }
    FeatureDrift out;
    out.name = in.name;
    out.kind = in.kind;
    out.missing = in.missing;
    out.reference_count = total(in.reference_counts);
    out.current_count = total(in.current_counts);
    out.bins.edges = in.edges;
    out.bins.categories = in.categories;
    out.bins.reference_counts = in.reference_counts;
    out.bins.current_counts = in.current_counts;
    if (out.reference_count == 0 || out.current_count == 0) {
        const char* why = out.reference_count == 0 ? "the reference sample has no non-missing values"
                                                   : "the current sample has no non-missing values";
        out.psi = DriftFigure::none(why);
        out.js_distance = DriftFigure::none(why);
    } else {
        out.psi =
            DriftFigure::of(psi_from_counts(in.reference_counts, in.current_counts, options.empty_share));
        out.js_distance = DriftFigure::of(js_distance_from_counts(in.reference_counts, in.current_counts));
    }
    if (in.kind == DriftKind::categorical) {
        const auto test = chi2_homogeneity(in.reference_counts, in.current_counts);
        out.chi2_pvalue = test ? DriftFigure::of(test->pvalue)
                               : DriftFigure::none("the chi-square test needs both samples non-empty");
        for (auto* figure : {&out.ks_statistic, &out.ks_pvalue, &out.wasserstein, &out.wasserstein_normed}) {
            *figure = DriftFigure::none("reported for numeric features");
        }
    } else {
        out.chi2_pvalue = DriftFigure::none("the chi-square test is reported for categorical features");
        for (auto* figure : {&out.ks_statistic, &out.ks_pvalue, &out.wasserstein, &out.wasserstein_normed}) {
            *figure = DriftFigure::none(kNeedsValues);
        }
    }
    return out;
}

Result<DriftReport> drift_of(const AggregateInput& input, const DriftOptions& options) {
    DriftReport report;
    for (const BinnedCounts& counts : input.features) {
        auto feature = drift_from_counts(counts, options);
        if (!feature) {
            return feature.error();
        }
        report.features.push_back(std::move(*feature));
    }
    if (input.score) {
        auto score = drift_from_counts(*input.score, options);
        if (!score) {
            return score.error();
        }
        report.score = std::move(*score);
    }
    report.summary = summarize_drift(report, options);
    return report;
}

}  // namespace

Result<Report> report_from_aggregates(const AggregateInput& input, const ReportOptions& options) {
    if (options.task != Task::binary) {
        return ReportError{
            "aggregate mode computes binary reports; a regression report needs the rows (paged mode)"};
    }
    Report report;
    report.task = options.task;
    report.scored_source = input.scored_source;
    report.reference_source = input.reference_source;
    report.scored_rows = input.scored_rows;
    report.reference_rows = input.reference_rows;
    report.threshold = options.threshold;
    report.warnings = input.warnings;
    if (input.groups) {
        const ScoreGroups& groups = *input.groups;
        if (groups.rows() == 0) {
            return ReportError{input.scored_source + ": no row has both a label and a score"};
        }
        Performance p;
        BinaryPerformance b;
        b.metrics = binary_metrics(groups, options.threshold);
        b.scores_outside_unit = groups.size() > 0 && (groups.score.front() > 1 || groups.score.back() < 0);
        b.lift10 = lift_table(groups, 10);
        b.lift20 = lift_table(groups, 20);
        b.curve = chart_curve(groups);
        p.rows_used = static_cast<std::size_t>(groups.rows());
        p.rows_skipped = input.rows_skipped;
        p.binary = std::move(b);
        report.performance = std::move(p);
        if (input.rows_skipped > 0) {
            report.warnings.push_back(std::to_string(input.rows_skipped) +
                                      " rows without a label or score were left out");
        }
    }
    if (!input.reference_source.empty()) {
        DriftOptions d;
        d.bins = options.drift_bins;
        auto drift = drift_of(input, d);
        if (!drift) {
            return drift.error();
        }
        report.drift = std::move(*drift);
        if (!report.drift->features.empty()) {
            report.warnings.push_back(
                std::string("aggregate mode: the KS statistic, its p-value and the Wasserstein "
                            "distance of each feature ") +
                kNeedsValues);
        }
    }
    return report;
}

}  // namespace steward::reports
