#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

// The building blocks of drift.hpp, exposed for tests and for other reports: quantile edges,
// bin counting, PSI, Jensen–Shannon, the ECDF distances and the population standard deviation.
// Pure functions without error paths (preconditions are stated); safe to call concurrently.

namespace steward::reports {

/// numpy.quantile(sorted, q) with the default 'linear' method (Hyndman & Fan type 7), including
/// numpy's lerp (a + (b−a)·g below g = ½, b − (b−a)·(1−g) from ½). `sorted` is ascending,
/// finite and non-empty; 0 ≤ q ≤ 1.
double numpy_quantile(std::span<const double> sorted, double q);

/// The PSI inner edges: quantiles k/bins (k = 1 … bins−1) of the sorted, non-empty reference,
/// de-duplicated (np.unique), ascending. bins ≥ 2.
std::vector<double> quantile_edges(std::span<const double> sorted_reference, std::size_t bins);

/// Counts of the sorted `values` in the right-closed bins (−∞,e_1], (e_1,e_2], …, (e_k,∞)
/// defined by the ascending `edges`; edges.size() + 1 counts. O(k log n).
std::vector<std::uint64_t> bin_counts(std::span<const double> sorted, std::span<const double> edges);

/// PSI = Σ_i (a_i − e_i)·ln(a_i/e_i) with e_i = reference_counts[i]/Σ reference, a_i the same
/// for current, and a zero share replaced by `empty_share` on its side only (no
/// renormalising). Both count vectors have the same length and non-zero totals.
double psi_from_counts(std::span<const std::uint64_t> reference_counts,
                       std::span<const std::uint64_t> current_counts, double empty_share);

/// scipy.spatial.distance.jensenshannon(p, q) with natural log, where p and q are the count
/// vectors normalised to shares (no empty-share filling). Non-zero totals; same length. A
/// rounding-level negative divergence is clamped to 0 (scipy would return NaN there).
double js_distance_from_counts(std::span<const std::uint64_t> reference_counts,
                               std::span<const std::uint64_t> current_counts);

/// Distances between the empirical CDFs of two sorted, finite, non-empty samples, computed in
/// one merge pass over the distinct values.
struct EcdfDistances {
    double ks = 0;           ///< max |F_a − F_b|, evaluated as scipy ks_2samp does
    double wasserstein = 0;  ///< ∫ |F_a − F_b| dx (scipy wasserstein_distance)
};

/// See EcdfDistances. O(|a| + |b|); copies both samples to add sentinels.
EcdfDistances ecdf_distances(std::span<const double> a, std::span<const double> b);

/// ecdf_distances without the copies, for samples each followed in memory by a +infinity
/// sentinel (a.data()[a.size()] and b.data()[b.size()] are readable and +inf), as
/// sorted_finite_with_sentinel returns them. Branch-free merge; the statistic is located with
/// exact integer arithmetic and then evaluated as scipy does, i/n_a − j/n_b.
EcdfDistances ecdf_distances_padded(std::span<const double> a, std::span<const double> b);

/// Population standard deviation (numpy std, ddof = 0), two-pass with compensated sums.
/// Non-empty, finite values.
double population_std(std::span<const double> values);

}  // namespace steward::reports
