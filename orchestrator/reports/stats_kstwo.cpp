// kstwo.sf: the two-sided one-sample Kolmogorov–Smirnov survival function for finite n, choosing
// among the methods exactly where scipy's `_kolmogn` (Simard & L'Ecuyer 2011) does, so that the
// asymptotic two-sample p-value agrees with `ks_2samp`.
#include "orchestrator/reports/stats_ks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace steward::reports {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr int kScaleExponent = 128;
const double kScaleUp = std::ldexp(1.0, kScaleExponent);
const double kScaleDown = std::ldexp(1.0, -kScaleExponent);

double clip01(double p) {
    return std::clamp(p, 0.0, 1.0);
}

// log(n! / n^n) by Stirling's series with n·log(n) removed up front (no cancellation).
double log_factorial_over_power(std::int64_t n) {
    // Stirling coefficients B_2j / (2j (2j−1)) for j = 8 … 1.
    constexpr std::array<double, 8> kCoeffs = {-2.955065359477124183e-2,  6.4102564102564102564e-3,
                                               -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                                               -5.952380952380952381e-4,  7.9365079365079365079e-4,
                                               -2.7777777777777777778e-3, 8.3333333333333333333e-2};
    const auto dn = static_cast<double>(n);
    const double rn = 1.0 / dn;
    const double y = rn / dn;
    double poly = 0.0;
    for (double c : kCoeffs) {
        poly = poly * y + c;
    }
    return std::log(dn) / 2 - dn + std::log(2 * kPi) / 2 + rn * poly;
}

using Matrix = std::vector<double>;  // row-major, m × m

Matrix multiply(const Matrix& a, const Matrix& b, std::size_t m) {
    Matrix c(m * m, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t k = 0; k < m; ++k) {
            const double aik = a[i * m + k];
            if (aik == 0.0) {
                continue;
            }
            for (std::size_t j = 0; j < m; ++j) {
                c[i * m + j] += aik * b[k * m + j];
            }
        }
    }
    return c;
}

// Pr(D_n ≤ d) by Durbin's matrix formula as organised by Marsaglia, Tsang & Wang (2003):
// with d = (k − h)/n, the k-th diagonal entry of H^n times n!/n^n, where H is (2k−1)².
// Exact for every d; intermediate powers are rescaled by 2^128 with the exponent kept aside.
double durbin_cdf(std::int64_t n, double d) {
    if (d >= 1.0) {
        return 1.0;
    }
    const double nd = static_cast<double>(n) * d;
    if (nd <= 0.5) {
        return 0.0;
    }
    const auto k = static_cast<std::size_t>(std::ceil(nd));
    const double h = static_cast<double>(k) - nd;
    const std::size_t m = 2 * k - 1;

    // first[j] = (1 − h^(j+1)) / (j+1)!  and  inverse_factorial[j] = 1/j!
    std::vector<double> first(m);
    std::vector<double> inverse_factorial(m + 1);
    double fac = 1.0;
    for (std::size_t j = 1; j <= m; ++j) {
        inverse_factorial[j - 1] = fac;
        fac /= static_cast<double>(j);
        first[j - 1] = (1.0 - std::pow(h, static_cast<double>(j))) * fac;
    }
    inverse_factorial[m] = fac;
    const double corner = std::pow(std::max(2 * h - 1.0, 0.0), static_cast<double>(m)) -
                          2 * std::pow(h, static_cast<double>(m));
    first[m - 1] = (1.0 + corner) * fac;

    Matrix hm(m * m, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        for (std::size_t j = 1; j < m; ++j) {
            if (i + 1 >= j) {
                hm[i * m + j] = inverse_factorial[i + 1 - j];
            }
        }
        hm[i * m] = first[i];
    }
    for (std::size_t j = 0; j < m; ++j) {
        hm[(m - 1) * m + j] = first[m - 1 - j];
    }

    Matrix power(m * m, 0.0);
    for (std::size_t i = 0; i < m; ++i) {
        power[i * m + i] = 1.0;
    }
    const std::size_t diag = (k - 1) * m + (k - 1);
    long exponent = 0;         // power = true power · 2^(−exponent)
    long square_exponent = 0;  // hm = true square · 2^(−square_exponent)
    for (std::int64_t rest = n; rest > 0; rest /= 2) {
        if (rest % 2 != 0) {
            power = multiply(power, hm, m);
            exponent += square_exponent;
            if (std::abs(power[diag]) > kScaleUp) {
                for (double& v : power) {
                    v *= kScaleDown;
                }
                exponent += kScaleExponent;
            }
        }
        hm = multiply(hm, hm, m);
        square_exponent *= 2;
        if (std::abs(hm[diag]) > kScaleUp) {
            for (double& v : hm) {
                v *= kScaleDown;
            }
            square_exponent += kScaleExponent;
        }
    }

    double p = power[diag];
    const auto dn = static_cast<double>(n);
    for (std::int64_t i = 1; i <= n; ++i) {
        p = static_cast<double>(i) * p / dn;
        if (std::abs(p) < kScaleDown) {
            p *= kScaleUp;
            exponent -= kScaleExponent;
        }
    }
    if (exponent != 0) {
        p = std::ldexp(p, static_cast<int>(exponent));
    }
    return clip01(p);
}

// Pelz & Good's (1976) approximation to Pr(D_n ≤ x): the Li-Chien/Korolyuk expansion
// K0 + K1/√n + K2/n + K3/n^1.5, each term rewritten through Jacobi theta functions.
double pelz_good_cdf(std::int64_t n, double x) {
    if (x <= 0.0) {
        return 0.0;
    }
    if (x >= 1.0) {
        return 1.0;
    }
    const double pi2 = kPi * kPi;
    const double pi4 = pi2 * pi2;
    const double pi6 = pi4 * pi2;
    const double sqrt_2pi = std::sqrt(2 * kPi);
    const double z = std::sqrt(static_cast<double>(n)) * x;
    const double z2 = z * z;
    const double z3 = z2 * z;
    const double z4 = z2 * z2;
    const double z6 = z4 * z2;

    const double qlog = -pi2 / 8 / z2;
    if (qlog < -708) {
        return 0.0;
    }
    const double q = std::exp(qlog);

    const double k1a = -z2;
    const double k1b = pi2 / 4;
    const double k2a = 6 * z6 + 2 * z4;
    const double k2b = (2 * z4 - 5 * z2) * pi2 / 4;
    const double k2c = pi4 * (1 - 2 * z2) / 16;
    const double k3d = pi6 * (5 - 30 * z2) / 64;
    const double k3c = pi4 * (-60 * z2 + 212 * z4) / 16;
    const double k3b = pi2 * (135 * z4 - 96 * z6) / 4;
    const double k3a = -30 * z6 - 90 * std::pow(z, 8);

    // Σ_k c_k(m) q^(m²) over odd m = 2k−1, by Horner in q^(8k).
    std::array<double, 4> terms{};
    const auto max_k = static_cast<std::int64_t>(std::ceil(16 * z / kPi));
    for (std::int64_t k = max_k; k > 0; --k) {
        const auto m = static_cast<double>(2 * k - 1);
        const double m2 = m * m;
        const double m4 = m2 * m2;
        const double m6 = m4 * m2;
        const double q_power = std::pow(q, static_cast<double>(8 * k));
        const std::array<double, 4> coeffs = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                                              k3a + k3b * m2 + k3c * m4 + k3d * m6};
        for (std::size_t i = 0; i < 4; ++i) {
            terms[i] = terms[i] * q_power + coeffs[i];
        }
    }
    const std::array<double, 4> divisors = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
    for (std::size_t i = 0; i < 4; ++i) {
        terms[i] = terms[i] * q * sqrt_2pi / divisors[i];
    }

    // The remaining sums over all integers k for K2 and K3.
    const double q_all = std::exp(-pi2 / 2 / z2);
    const double sqrt3z = std::sqrt(3.0) * z;
    double k2_extra = 0.0;
    double k3_extra = 0.0;
    for (std::int64_t k = max_k; k > 0; --k) {
        const auto dk = static_cast<double>(k);
        const double k2 = dk * dk;
        const double q_power = std::pow(q_all, k2);
        const double kpi = kPi * dk;
        k2_extra += k2 * q_power;
        k3_extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * q_power;
    }
    terms[2] += k2_extra * (pi2 * sqrt_2pi / (-36 * z3));
    terms[3] += k3_extra * (pi2 * sqrt_2pi / (216 * z6));

    const auto dn = static_cast<double>(n);
    return terms[0] + terms[1] / std::sqrt(dn) + terms[2] / dn + terms[3] / std::pow(dn, 1.5);
}

}  // namespace

double kstwo_sf(std::int64_t n, double x) {
    if (std::isnan(x) || n < 1) {
        return std::nan("");
    }
    if (x >= 1.0) {
        return 0.0;
    }
    const auto dn = static_cast<double>(n);
    const double t = dn * x;
    if (x <= 0.0 || t <= 0.5) {
        return 1.0;
    }
    if (t <= 1.0) {
        // Ruben–Gambino: Pr(D_n ≤ x) = n!/n^n · (2t − 1)^n for 1/2n ≤ x ≤ 1/n.
        double cdf = 1.0;
        if (n <= 140) {
            for (std::int64_t i = 1; i <= n; ++i) {
                cdf *= static_cast<double>(i) * (1.0 / dn) * (2 * t - 1);
            }
        } else {
            cdf = std::exp(log_factorial_over_power(n) + dn * std::log(2 * t - 1));
        }
        return clip01(1.0 - cdf);
    }
    if (t >= dn - 1) {
        return clip01(2 * std::pow(1.0 - x, dn));  // Ruben–Gambino upper tail
    }
    if (x >= 0.5) {
        return clip01(2 * smirnov_sf(n, x));  // the one-sided events cannot both happen
    }
    const double nx2 = t * x;
    if (n <= 140) {
        if (nx2 <= 4) {
            return clip01(1.0 - durbin_cdf(n, x));
        }
        return clip01(2 * smirnov_sf(n, x));
    }
    if (nx2 >= 370.0) {
        return 0.0;
    }
    if (nx2 >= 2.2) {
        return clip01(2 * smirnov_sf(n, x));
    }
    const double cdf = (n <= 100000 && dn * std::pow(x, 1.5) <= 1.4) ? durbin_cdf(n, x) : pelz_good_cdf(n, x);
    return clip01(1.0 - clip01(cdf));
}

}  // namespace steward::reports
