#include "orchestrator/reports/drift_feature.hpp"

#include "orchestrator/reports/drift_sort.hpp"
#include "orchestrator/reports/drift_stats.hpp"
#include "orchestrator/reports/parallel.hpp"

#include <algorithm>
#include <cmath>

namespace steward::reports::drift_detail {
namespace {

constexpr const char* kNoReference = "the reference sample has no non-missing values";
constexpr const char* kNoCurrent = "the current sample has no non-missing values";

}  // namespace

void fill_binned_figures(FeatureDrift& out, const DriftOptions& options) {
    if (out.reference_count == 0 || out.current_count == 0) {
        const char* why = out.reference_count == 0 ? kNoReference : kNoCurrent;
        out.psi = DriftFigure::none(why);
        out.js_distance = DriftFigure::none(why);
        return;
    }
    out.psi = DriftFigure::of(
        psi_from_counts(out.bins.reference_counts, out.bins.current_counts, options.empty_share));
    out.js_distance =
        DriftFigure::of(js_distance_from_counts(out.bins.reference_counts, out.bins.current_counts));
}

FeatureDrift numeric_drift(const DriftInput& input, const DriftOptions& options, unsigned sort_threads) {
    FeatureDrift out;
    out.name = input.name;
    out.kind = DriftKind::numeric;
    out.chi2_pvalue = DriftFigure::none("the chi-square test is reported for categorical features");

    // Sorted once, shared by the quantile edges, the bin counts, KS and Wasserstein.
    // A caller that has the current sample sorted already (the score) passes it in.
    BigVector<double> sorted[2];
    const bool presorted = static_cast<bool>(input.sorted_current);
    // Either both samples sort at once, one thread each, or one after the other on all threads.
    const bool one_by_one = sort_threads > 1 && !presorted;
    parallel_for(2, one_by_one ? 1 : sort_threads, [&](std::size_t side) {
        const unsigned threads = one_by_one ? sort_threads : 1;
        if (side == 0) {
            sorted[0] = sorted_finite_with_sentinel(input.reference_values, out.missing.reference, threads);
        } else if (presorted) {
            sorted[1] = input.sorted_current();
            out.missing.current = input.current_values.size() - (sorted[1].size() - 1);
        } else {
            sorted[1] = sorted_finite_with_sentinel(input.current_values, out.missing.current, threads);
        }
    });
    const std::span<const double> reference(sorted[0].data(), sorted[0].size() - 1);  // sentinel excluded
    const std::span<const double> current(sorted[1].data(), sorted[1].size() - 1);
    out.reference_count = reference.size();
    out.current_count = current.size();

    if (!reference.empty()) {
        out.bins.edges = quantile_edges(reference, options.bins);
        out.bins.reference_counts = bin_counts(reference, out.bins.edges);
        out.bins.current_counts = bin_counts(current, out.bins.edges);
    }
    fill_binned_figures(out, options);
    if (reference.empty() || current.empty()) {
        const char* why = reference.empty() ? kNoReference : kNoCurrent;
        out.ks_statistic = DriftFigure::none(why);
        out.ks_pvalue = DriftFigure::none(why);
        out.wasserstein = DriftFigure::none(why);
        out.wasserstein_normed = DriftFigure::none(why);
        return out;
    }

    const EcdfDistances distances = ecdf_distances_padded(reference, current);
    const KsPvalue ks = ks_two_sample_pvalue(static_cast<std::int64_t>(reference.size()),
                                             static_cast<std::int64_t>(current.size()), distances.ks);
    out.ks_statistic = DriftFigure::of(ks.statistic);
    out.ks_pvalue = DriftFigure::of(ks.pvalue);
    out.ks_method = ks.method;
    out.wasserstein = DriftFigure::of(distances.wasserstein);
    out.wasserstein_normed =
        DriftFigure::of(distances.wasserstein / std::max(population_std(reference), options.std_floor));
    return out;
}

}  // namespace steward::reports::drift_detail
