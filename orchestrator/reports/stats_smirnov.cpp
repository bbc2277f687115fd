// smirnov: survival function of the one-sided KS statistic D_n⁺, with the case split of
// scipy.special.smirnov (cephes, van Mulbregt 2018) and the main sum in long double.
#include "orchestrator/reports/stats_ks.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace steward::reports {
namespace {

constexpr double kMinLog = -7.08396418532264106224E2;  // log of the smallest normal double
constexpr std::int64_t kMaxComputeN = 1000000;         // above this, scipy approximates

// n·x split exactly into floor and fraction: n·x = whole + fraction, 0 ≤ fraction < 1.
struct SplitProduct {
    std::int64_t whole = 0;
    double fraction = 0;
};

SplitProduct split_product(std::int64_t n, double x) {
    const auto dn = static_cast<double>(n);
    const double hi = dn * x;
    const double lo = std::fma(dn, x, -hi);  // n·x = hi + lo exactly
    double whole = std::floor(hi);
    if (whole == hi && lo < 0) {
        whole -= 1;
    }
    double fraction = (hi - whole) + lo;
    if (fraction >= 1.0) {
        whole += 1;
        fraction -= 1.0;
    }
    return {static_cast<std::int64_t>(whole), fraction < 0 ? 0.0 : fraction};
}

// Birnbaum–Tingey: Pr(D_n⁺ ≥ x) = x·Σ_{j=0}^{J} t_j, t_j = C(n,j) (x + j/n)^(j−1) (1 − x − j/n)^(n−j),
// J = ⌈n(1−x)⌉ − 1. Every term is positive, so there is no cancellation; for x ~ c/√n the terms
// spread over all j, so the cost per term must be small: t_{j+1} = t_j·r_j with
//   r_j = (n−j)/(j+1) · u_{j+1}/d_j · exp((j−1)·log1p(1/u_j) + (n−j−1)·log1p(−1/d_j)),
// u_j = n·x + j and d_j = n − j − n·x (formed from the exact split of n·x, so no cancellation),
// accumulated in long double relative to a running scale e^scale.
double lower_sum(std::int64_t n, double x, const SplitProduct& nx) {
    using LD = long double;
    const auto dn = static_cast<double>(n);
    const std::int64_t last = n - nx.whole - 1;
    const auto up = [&](std::int64_t j) { return static_cast<double>(j + nx.whole) + nx.fraction; };
    const auto down = [&](std::int64_t j) { return static_cast<double>(n - j - nx.whole) - nx.fraction; };
    // log t_0 = n·log(1 − x) − log x, with 1 − x = d_0/n.
    LD scale = static_cast<LD>(dn) * std::log(static_cast<LD>(down(0)) / static_cast<LD>(dn)) -
               std::log(static_cast<LD>(x));
    LD t = 1;
    LD sum = 1;
    for (std::int64_t j = 0; j < last; ++j) {
        const double u = up(j);
        const double d = down(j);
        const double exponent = static_cast<double>(j - 1) * std::log1p(1.0 / u) +
                                static_cast<double>(n - j - 1) * std::log1p(-1.0 / d);
        const double ratio =
            static_cast<double>(n - j) / static_cast<double>(j + 1) * (up(j + 1) / d) * std::exp(exponent);
        t *= static_cast<LD>(ratio);
        sum += t;
        if (t > 1e100L) {  // keep the running values in range
            scale += std::log(t);
            sum /= t;
            t = 1;
        }
        // Past the peak (ratio < 1) the terms only fall; stop when all the rest together are
        // below 1e-20 of the sum.
        if (ratio < 1 && t * static_cast<LD>(last - j) < sum * 1e-20L) {
            break;
        }
    }
    return static_cast<double>(static_cast<LD>(x) * sum * std::exp(scale));
}

}  // namespace

double smirnov_sf(std::int64_t n, double x) {
    if (std::isnan(x) || n < 1 || x < 0.0 || x > 1.0) {
        return std::nan("");
    }
    if (n == 1) {
        return 1.0 - x;
    }
    if (x == 0.0) {
        return 1.0;
    }
    if (x == 1.0) {
        return 0.0;
    }
    const SplitProduct nx = split_product(n, x);
    const auto dn = static_cast<double>(n);
    if (nx.whole == 0 || (nx.whole == 1 && nx.fraction == 0.0)) {
        // x ≤ 1/n: Pr(D_n⁺ < x) = x·(1 + x)^(n−1).
        const long double t =
            std::exp(static_cast<long double>(dn - 1) * std::log1p(static_cast<long double>(x)));
        const double cdf = x * static_cast<double>(t);
        return std::clamp(1.0 - cdf, 0.0, 1.0);
    }
    if (-2 * dn * x * x < kMinLog) {
        return 0.0;
    }
    if (nx.whole >= n - 1) {
        // x ≥ 1 − 1/n: only the j = 0 term remains.
        return static_cast<double>(
            std::pow(1.0L - static_cast<long double>(x), static_cast<long double>(dn)));
    }
    if (n > kMaxComputeN) {
        const double log_p = -std::pow(6.0 * dn * x + 1, 2) / 18.0 / dn;
        const double sf = log_p < -std::numbers::ln2 ? std::exp(log_p) : 1 - (-std::expm1(log_p));
        return std::clamp(sf, 0.0, 1.0);
    }
    return std::clamp(lower_sum(n, x, nx), 0.0, 1.0);
}

}  // namespace steward::reports
