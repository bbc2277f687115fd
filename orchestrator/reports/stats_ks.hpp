#pragma once

#include <cstdint>

// Kolmogorov–Smirnov distributions, written to agree with SciPy 1.17 (`scipy.stats.ks_2samp`
// with method='auto', `scipy.stats.kstwo.sf`, `scipy.special.smirnov`); the method is described in
// docs/reports-drift.md ("KS p-value, as scipy computes it"). Pure functions of their arguments:
// no I/O, no allocation beyond small work arrays, safe to call from any thread concurrently.

namespace steward::reports {

/// How a two-sample KS p-value was obtained.
enum class KsMethod {
    exact,       ///< path counting on the lattice (both samples have at most kKsMaxExactN values)
    asymptotic,  ///< kstwo.sf(D, round(n1·n2/(n1+n2))), the finite-n one-sample distribution
};

/// Largest sample for which `ks_two_sample_pvalue` uses the exact method (scipy's MAX_AUTO_N).
inline constexpr std::int64_t kKsMaxExactN = 10000;

/// The statistic as scipy reports it and its two-sided p-value.
struct KsPvalue {
    double statistic = 0;  ///< D; in exact mode snapped to h/lcm(n1, n2) like scipy
    double pvalue = 1;     ///< in [0, 1]
    KsMethod method = KsMethod::exact;
};

/// Two-sided p-value of the two-sample KS statistic `d` = max|F1 − F2| for sample sizes n1, n2,
/// following ks_2samp(method='auto'): exact when max(n1, n2) ≤ kKsMaxExactN, falling back to
/// the asymptotic method when the exact figure is not a probability (as scipy does); otherwise
/// kstwo.sf. Preconditions (programmer errors, asserted): n1, n2 ≥ 1 and 0 ≤ d ≤ 1.
/// Exact cost is O(max(n1,n2) · D · min(n1,n2)) time and O(min(n1,n2)) memory.
KsPvalue ks_two_sample_pvalue(std::int64_t n1, std::int64_t n2, double d);

/// Pr(D_{n,n} ≥ h/n) for two samples of equal size n (scipy `_compute_prob_outside_square`).
/// Requires 1 ≤ h ≤ n.
double ks_prob_outside_square(std::int64_t n, std::int64_t h);

/// Proportion of monotone lattice paths from (0,0) to (m,n) that leave the band
/// |x/m − y/n| < h/lcm(m,n), i.e. Pr(D_{m,n} ≥ h/lcm) (scipy `_compute_outer_prob_inside_method`,
/// the Hodges "inside" recursion rewritten for 1 − p after Viehmann 2021). g = gcd(m, n).
double ks_outer_prob_inside(std::int64_t m, std::int64_t n, std::int64_t g, std::int64_t h);

/// Survival function of the two-sided one-sample KS statistic D_n (scipy `kstwo.sf(x, n)`,
/// Simard & L'Ecuyer's choice among Ruben–Gambino, Durbin/Marsaglia–Tsang–Wang, Pelz–Good and
/// 2·smirnov). Where scipy uses Pomeranz's recursion (n ≤ 140, 0.754693 < n·x² ≤ 4) this uses
/// the Durbin matrix, which is exact there too. Requires n ≥ 1; NaN x gives NaN.
double kstwo_sf(std::int64_t n, double x);

/// Survival function of the one-sided one-sample KS statistic D_n⁺ (scipy.special.smirnov):
/// the Birnbaum–Tingey sum, evaluated in extended precision; n > 1,000,000 uses the same
/// approximation exp(−(6nx+1)²/18n) as scipy. Requires n ≥ 1, 0 ≤ x ≤ 1 (else NaN).
double smirnov_sf(std::int64_t n, double x);

}  // namespace steward::reports
