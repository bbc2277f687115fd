#include "orchestrator/reports/stats_ks.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>
#include <vector>

namespace steward::reports {
namespace {

// floor(a / b) for b > 0 and any sign of a.
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

// ceil(a / b) for b > 0 and any sign of a.
std::int64_t ceil_div(std::int64_t a, std::int64_t b) {
    return -floor_div(-a, b);
}

// The exact two-sided probability, or NaN when it is not a probability (scipy then falls back).
double exact_two_sided(std::int64_t n1, std::int64_t n2, std::int64_t g, std::int64_t h) {
    const double p = n1 == n2 ? ks_prob_outside_square(n1, h) : ks_outer_prob_inside(n1, n2, g, h);
    return (p >= 0.0 && p <= 1.0) ? p : std::nan("");
}

}  // namespace

double ks_prob_outside_square(std::int64_t n, std::int64_t h) {
    assert(n >= 1 && h >= 1 && h <= n);
    // Pr = 2·Σ_{k≥1} (−1)^(k+1) C(2n, n−kh) / C(2n, n). Each ratio C(2n, n−kh)/C(2n, n−(k−1)h)
    // is a product of h simple factors, so the alternating sum is evaluated Horner-style from the
    // innermost k outwards, which avoids the subtractive cancellation of the direct sum.
    double outer = 0.0;
    for (std::int64_t k = n / h; k >= 0; --k) {
        double factor = 1.0;
        for (std::int64_t j = 0; j < h; ++j) {
            factor = static_cast<double>(n - k * h - j) * factor / static_cast<double>(n + k * h + j + 1);
        }
        outer = factor * (1.0 - outer);
    }
    return 2 * outer;
}

double ks_outer_prob_inside(std::int64_t m, std::int64_t n, std::int64_t g, std::int64_t h) {
    assert(m >= 1 && n >= 1 && g >= 1 && h >= 0);
    if (m < n) {
        std::swap(m, n);
    }
    const std::int64_t mg = m / g;
    const std::int64_t ng = n / g;
    // q[j] holds, for the current column x = i, the probability that a uniformly random monotone
    // path from (0,0) to (i,j) has left the band |i·ng − j·mg| < h. Outside the band it is 1.
    // Inside: q(i,j) = (i·q(i−1,j) + j·q(i,j−1)) / (i+j), the path-count recursion divided by
    // C(i+j, j). The band moves up monotonically, so cells above the previous band still hold
    // their initial 1 and the cell just below the band is supplied as `below`.
    std::vector<double> q(static_cast<std::size_t>(n) + 1, 1.0);
    // Reciprocals 1/(i+j): a multiplication instead of a division in the inner loop, which is
    // latency-bound (each cell needs its lower neighbour); the results move by an ulp or so.
    std::vector<double> inverse(static_cast<std::size_t>(m + n) + 1, 0.0);
    for (std::size_t k = 1; k < inverse.size(); ++k) {
        inverse[k] = 1.0 / static_cast<double>(k);
    }
    std::int64_t hi = std::min(ceil_div(h, mg), n + 1);  // exclusive upper bound of the band
    std::fill(q.begin(), q.begin() + hi, 0.0);
    for (std::int64_t i = 1; i <= m; ++i) {
        const std::int64_t lo = std::min(std::max(floor_div(ng * i - h, mg) + 1, std::int64_t{0}), n);
        hi = std::min(ceil_div(ng * i + h, mg), n + 1);
        if (hi <= lo) {
            return 1.0;  // the band is closed: every path leaves it
        }
        double below = lo == 0 ? 0.0 : 1.0;
        const auto di = static_cast<double>(i);
        const double* inv = inverse.data() + i;  // inv[j] = 1/(i+j)
        for (std::int64_t j = lo; j < hi; ++j) {
            auto& cell = q[static_cast<std::size_t>(j)];
            below = (cell * di + below * static_cast<double>(j)) * inv[j];
            cell = below;
        }
    }
    return q[static_cast<std::size_t>(hi - 1)];
}

KsPvalue ks_two_sample_pvalue(std::int64_t n1, std::int64_t n2, double d) {
    assert(n1 >= 1 && n2 >= 1 && d >= 0.0 && d <= 1.0);
    KsPvalue out;
    out.statistic = d;
    if (std::max(n1, n2) <= kKsMaxExactN) {
        const std::int64_t g = std::gcd(n1, n2);
        const std::int64_t lcm = (n1 / g) * n2;
        const auto h = static_cast<std::int64_t>(std::nearbyint(d * static_cast<double>(lcm)));
        out.statistic = static_cast<double>(h) / static_cast<double>(lcm);
        out.method = KsMethod::exact;
        if (h == 0) {
            out.pvalue = 1.0;
            return out;
        }
        const double p = exact_two_sided(n1, n2, g, h);
        if (!std::isnan(p)) {
            out.pvalue = p;
            return out;
        }
    }
    out.method = KsMethod::asymptotic;
    const double big = static_cast<double>(std::max(n1, n2));
    const double small = static_cast<double>(std::min(n1, n2));
    const double en = big * small / (big + small);
    out.pvalue = std::clamp(kstwo_sf(static_cast<std::int64_t>(std::nearbyint(en)), out.statistic), 0.0, 1.0);
    return out;
}

}  // namespace steward::reports
