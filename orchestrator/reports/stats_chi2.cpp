#include "orchestrator/reports/stats_chi2.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace steward::reports {
namespace {

using LD = long double;
constexpr int kMaxIterations = 1000000;
constexpr LD kTolerance = 1e-20L;

// P(a, x) by its power series; used where it converges fast (x < a + 1), where Q ≥ 0.08 for
// a ≥ 1/2, so Q = 1 − P keeps full relative precision.
LD lower_series(LD a, LD x, LD log_prefix) {
    LD term = 1 / a;
    LD sum = term;
    for (int k = 1; k < kMaxIterations; ++k) {
        term *= x / (a + k);
        sum += term;
        if (term < sum * kTolerance) {
            break;
        }
    }
    return std::exp(log_prefix) * sum;
}

// Q(a, x) by Legendre's continued fraction, evaluated with the modified Lentz method.
LD upper_fraction(LD a, LD x, LD log_prefix) {
    constexpr LD kTiny = std::numeric_limits<LD>::min() / std::numeric_limits<LD>::epsilon();
    LD b = x + 1 - a;
    LD c = 1 / kTiny;
    LD d = 1 / b;
    LD h = d;
    for (int i = 1; i < kMaxIterations; ++i) {
        const LD an = -static_cast<LD>(i) * (static_cast<LD>(i) - a);
        b += 2;
        d = an * d + b;
        if (std::abs(d) < kTiny) {
            d = kTiny;
        }
        c = b + an / c;
        if (std::abs(c) < kTiny) {
            c = kTiny;
        }
        d = 1 / d;
        const LD delta = d * c;
        h *= delta;
        if (std::abs(delta - 1) < kTolerance) {
            break;
        }
    }
    return std::exp(log_prefix) * h;
}

}  // namespace

double gamma_q(double a, double x) {
    if (std::isnan(a) || std::isnan(x) || a <= 0) {
        return std::nan("");
    }
    if (x <= 0) {
        return 1.0;
    }
    if (std::isinf(x)) {
        return 0.0;
    }
    const LD la = a;
    const LD lx = x;
    const LD log_prefix = la * std::log(lx) - lx - std::lgamma(la);
    if (lx < la + 1) {
        return static_cast<double>(std::clamp<LD>(1 - lower_series(la, lx, log_prefix), 0, 1));
    }
    return static_cast<double>(std::clamp<LD>(upper_fraction(la, lx, log_prefix), 0, 1));
}

double chi2_sf(double x, double df) {
    return gamma_q(df / 2, x / 2);
}

std::optional<Chi2Test> chi2_homogeneity(std::span<const std::uint64_t> first,
                                         std::span<const std::uint64_t> second) {
    const std::size_t k = first.size();
    if (k == 0 || second.size() != k) {
        return std::nullopt;
    }
    std::uint64_t row[2] = {0, 0};
    for (std::size_t j = 0; j < k; ++j) {
        row[0] += first[j];
        row[1] += second[j];
    }
    const std::uint64_t total = row[0] + row[1];
    if (row[0] == 0 || row[1] == 0) {
        return std::nullopt;  // a zero expected frequency in that whole row
    }
    Chi2Test out;
    out.dof = static_cast<std::int64_t>(k) - 1;
    std::vector<double> expected(2 * k);
    for (std::size_t j = 0; j < k; ++j) {
        const std::uint64_t column = first[j] + second[j];
        if (column == 0) {
            return std::nullopt;
        }
        for (std::size_t i = 0; i < 2; ++i) {
            // The integer product is exact in long double's 64-bit significand, like numpy's
            // int64 product, and is rounded to double once before the division.
            const auto product = static_cast<double>(static_cast<LD>(row[i]) * static_cast<LD>(column));
            expected[i * k + j] = product / static_cast<double>(total);
        }
    }
    if (out.dof == 0) {
        return out;  // one category: observed equals expected
    }
    // Neumaier-compensated sum of (o − e)²/e, row 0 then row 1.
    double sum = 0;
    double compensation = 0;
    for (std::size_t i = 0; i < 2; ++i) {
        const auto& counts = i == 0 ? first : second;
        for (std::size_t j = 0; j < k; ++j) {
            const double e = expected[i * k + j];
            double o = static_cast<double>(counts[j]);
            if (out.dof == 1) {
                const double diff = e - o;
                const double magnitude = std::min(0.5, std::abs(diff));
                o += diff > 0 ? magnitude : (diff < 0 ? -magnitude : 0.0);
            }
            const double term = (o - e) * (o - e) / e;
            const double t = sum + term;
            compensation += std::abs(sum) >= std::abs(term) ? (sum - t) + term : (term - t) + sum;
            sum = t;
        }
    }
    out.statistic = sum + compensation;
    out.pvalue = chi2_sf(out.statistic, static_cast<double>(out.dof));
    return out;
}

}  // namespace steward::reports
