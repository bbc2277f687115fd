#pragma once

#include <cstdint>
#include <optional>
#include <span>

// Chi-square distribution and the 2×k homogeneity test, agreeing with SciPy 1.17
// (`scipy.stats.chi2.sf`, `scipy.stats.chi2_contingency`; Yates' correction when dof = 1), as
// docs/reports-drift.md states. Pure functions, safe to call from any thread concurrently.

namespace steward::reports {

/// Regularised upper incomplete gamma function Q(a, x) = Γ(a, x)/Γ(a) (scipy.special.gammaincc),
/// relative accuracy ~1e-13 including deep tails. Requires a > 0; x ≤ 0 gives 1; NaN gives NaN.
double gamma_q(double a, double x);

/// Survival function of the chi-square distribution with `df` > 0 degrees of freedom.
double chi2_sf(double x, double df);

/// Result of a chi-square test of homogeneity.
struct Chi2Test {
    double statistic = 0;
    double pvalue = 1;
    std::int64_t dof = 0;
};

/// Pearson's chi-square test of homogeneity on the 2×k table whose rows are `first` and `second`
/// (counts per category, same length k), as scipy.stats.chi2_contingency(correction=True):
/// expected = row total × column total / N, dof = k − 1, Yates' correction (|o − e| reduced by
/// at most ½) only when dof = 1, and p = 1 when dof = 0. Returns nullopt where scipy raises:
/// an empty table or an expected frequency of zero (an empty row or an all-zero column).
std::optional<Chi2Test> chi2_homogeneity(std::span<const std::uint64_t> first,
                                         std::span<const std::uint64_t> second);

}  // namespace steward::reports
