// smirnov: survival function of the one-sided KS statistic D_n⁺, with the case split of
// scipy.special.smirnov (cephes, van Mulbregt 2018) and the main sum in long double.
#include "orchestrator/reports/stats_ks.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace steward::reports {
namespace {

constexpr double kMinLog = -7.08396418532264106224E2;  // log of the smallest normal double
constexpr std::int64_t kMaxComputeN = 1000000;       // above this, scipy approximates

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

// Birnbaum–Tingey: Pr(D_n⁺ ≥ x) = x·Σ_{j=0}^{J} C(n,j) (x + j/n)^(j−1) (1 − x − j/n)^(n−j) with
// J = ⌈n(1−x)⌉ − 1. Every term is positive, so the sum is summed in log space in long double;
// x + j/n and 1 − x − j/n are formed from the exact split of n·x to avoid cancellation.
double lower_sum(std::int64_t n, double x, const SplitProduct& nx) {
    using LD = long double;
    const LD alpha = nx.fraction;
    const LD log_n = std::log(static_cast<LD>(n));
    const LD log_n_factorial = std::lgamma(static_cast<LD>(n) + 1);
    const std::int64_t last = n - nx.whole - 1;
    LD ref = 0;  // log of the largest term so far
    LD sum = 0;  // Σ exp(log_term − ref)
    LD previous = 0;
    bool started = false;
    for (std::int64_t j = 0; j <= last; ++j) {
        const LD up = static_cast<LD>(j + nx.whole) + alpha;        // n·(x + j/n)
        const LD down = static_cast<LD>(n - j - nx.whole) - alpha;  // n·(1 − x − j/n)
        const LD log_term = log_n_factorial - std::lgamma(static_cast<LD>(j) + 1) -
                            std::lgamma(static_cast<LD>(n - j) + 1) +
                            static_cast<LD>(j - 1) * std::log(up) + static_cast<LD>(n - j) * std::log(down) -
                            static_cast<LD>(n - 1) * log_n;
        if (!started) {
            ref = log_term;
            sum = 1;
            started = true;
        } else if (log_term > ref) {
            sum = sum * std::exp(ref - log_term) + 1;
            ref = log_term;
        } else {
            sum += std::exp(log_term - ref);
        }
        // Past the peak the terms fall monotonically; stop once all the rest together are
        // below 1e-21 of the sum.
        const LD rest = static_cast<LD>(last - j);
        if (j > 0 && log_term < previous && log_term + std::log(rest + 1) < ref + std::log(sum) - 48.4L) {
            break;
        }
        previous = log_term;
    }
    return static_cast<double>(static_cast<LD>(x) * std::exp(ref) * sum);
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
        const long double t = std::exp(static_cast<long double>(dn - 1) * std::log1p(static_cast<long double>(x)));
        const double cdf = x * static_cast<double>(t);
        return std::clamp(1.0 - cdf, 0.0, 1.0);
    }
    if (-2 * dn * x * x < kMinLog) {
        return 0.0;
    }
    if (nx.whole >= n - 1) {
        // x ≥ 1 − 1/n: only the j = 0 term remains.
        return static_cast<double>(std::pow(1.0L - static_cast<long double>(x), static_cast<long double>(dn)));
    }
    if (n > kMaxComputeN) {
        const double log_p = -std::pow(6.0 * dn * x + 1, 2) / 18.0 / dn;
        const double sf = log_p < -std::numbers::ln2 ? std::exp(log_p) : 1 - (-std::expm1(log_p));
        return std::clamp(sf, 0.0, 1.0);
    }
    return std::clamp(lower_sum(n, x, nx), 0.0, 1.0);
}

}  // namespace steward::reports
