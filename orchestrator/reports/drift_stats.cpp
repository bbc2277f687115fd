#include "orchestrator/reports/drift_stats.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace steward::reports {
namespace {

// Neumaier's compensated sum: the result is within a rounding or two of the exact sum, which
// keeps us well inside 1e-9 of numpy's pairwise sums whatever the length.
class CompensatedSum {
public:
    void add(double x) {
        const double t = sum_ + x;
        compensation_ += std::abs(sum_) >= std::abs(x) ? (sum_ - t) + x : (x - t) + sum_;
        sum_ = t;
    }
    [[nodiscard]] double value() const { return sum_ + compensation_; }

private:
    double sum_ = 0;
    double compensation_ = 0;
};

std::uint64_t total(std::span<const std::uint64_t> counts) {
    std::uint64_t sum = 0;
    for (std::uint64_t c : counts) {
        sum += c;
    }
    return sum;
}

}  // namespace

double numpy_quantile(std::span<const double> sorted, double q) {
    assert(!sorted.empty());
    const std::size_t n = sorted.size();
    const double virtual_index = static_cast<double>(n - 1) * q;
    if (virtual_index >= static_cast<double>(n - 1)) {
        return sorted[n - 1];
    }
    const double below = std::floor(virtual_index);
    const auto i = static_cast<std::size_t>(below);
    const double gamma = virtual_index - below;
    const double a = sorted[i];
    const double b = sorted[i + 1];
    const double diff = b - a;
    return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}

std::vector<double> quantile_edges(std::span<const double> sorted_reference, std::size_t bins) {
    assert(bins >= 2);
    std::vector<double> edges;
    edges.reserve(bins - 1);
    for (std::size_t k = 1; k < bins; ++k) {
        edges.push_back(numpy_quantile(sorted_reference, static_cast<double>(k) / static_cast<double>(bins)));
    }
    std::sort(edges.begin(), edges.end());
    edges.erase(std::unique(edges.begin(), edges.end()), edges.end());
    return edges;
}

std::vector<std::uint64_t> bin_counts(std::span<const double> sorted, std::span<const double> edges) {
    std::vector<std::uint64_t> counts;
    counts.reserve(edges.size() + 1);
    std::size_t below = 0;  // values ≤ the previous edge
    for (double edge : edges) {
        const auto upto = static_cast<std::size_t>(
            std::upper_bound(sorted.begin() + static_cast<std::ptrdiff_t>(below), sorted.end(), edge) -
            sorted.begin());
        counts.push_back(upto - below);
        below = upto;
    }
    counts.push_back(sorted.size() - below);
    return counts;
}

double psi_from_counts(std::span<const std::uint64_t> reference_counts,
                       std::span<const std::uint64_t> current_counts, double empty_share) {
    assert(reference_counts.size() == current_counts.size());
    const auto n_ref = static_cast<double>(total(reference_counts));
    const auto n_cur = static_cast<double>(total(current_counts));
    double psi = 0;
    for (std::size_t i = 0; i < reference_counts.size(); ++i) {
        const double e =
            reference_counts[i] == 0 ? empty_share : static_cast<double>(reference_counts[i]) / n_ref;
        const double a =
            current_counts[i] == 0 ? empty_share : static_cast<double>(current_counts[i]) / n_cur;
        psi += (a - e) * std::log(a / e);
    }
    return psi;
}

double js_distance_from_counts(std::span<const std::uint64_t> reference_counts,
                               std::span<const std::uint64_t> current_counts) {
    assert(reference_counts.size() == current_counts.size());
    const auto n_ref = static_cast<double>(total(reference_counts));
    const auto n_cur = static_cast<double>(total(current_counts));
    // rel_entr(x, m) = x·ln(x/m), 0 when x = 0.
    const auto rel_entr = [](double x, double m) { return x > 0 ? x * std::log(x / m) : 0.0; };
    double left = 0;
    double right = 0;
    for (std::size_t i = 0; i < reference_counts.size(); ++i) {
        const double p = static_cast<double>(reference_counts[i]) / n_ref;
        const double q = static_cast<double>(current_counts[i]) / n_cur;
        const double m = (p + q) / 2.0;
        left += rel_entr(p, m);
        right += rel_entr(q, m);
    }
    return std::sqrt(std::max(0.0, (left + right) / 2.0));
}

EcdfDistances ecdf_distances(std::span<const double> a, std::span<const double> b) {
    std::vector<double> pa(a.begin(), a.end());
    std::vector<double> pb(b.begin(), b.end());
    pa.push_back(std::numeric_limits<double>::infinity());
    pb.push_back(std::numeric_limits<double>::infinity());
    return ecdf_distances_padded({pa.data(), a.size()}, {pb.data(), b.size()});
}

EcdfDistances ecdf_distances_padded(std::span<const double> a, std::span<const double> b) {
    assert(!a.empty() && !b.empty());
    const double* pa = a.data();
    const double* pb = b.data();
    const auto na = static_cast<std::int64_t>(a.size());
    const auto nb = static_cast<std::int64_t>(b.size());
    // At each distinct value v, F_a(v) − F_b(v) = (i·nb − j·na) / (na·nb) with i, j the counts
    // ≤ v; the numerator is exact in 64 bits (na·nb < 2^63 for any sample that fits in memory).
    std::int64_t best_up = 0;
    std::int64_t best_down = 0;
    std::int64_t up_i = 0, up_j = 0, down_i = 0, down_j = 0;
    CompensatedSum area;  // Σ |numerator|·Δv, summed in blocks for speed
    double block = 0;
    std::size_t in_block = 0;
    std::int64_t i = 0;
    std::int64_t j = 0;
    // Evaluates after the value v was consumed (i or j already advanced). Every step evaluates,
    // but one inside a run of equal values (next == v) is masked out: the only branches left
    // are the rare new extremes and block ends, and the terms and their order are exactly
    // those of evaluating at the distinct values alone.
    const auto evaluate = [&](double v) {
        const double next = std::min(pa[i], pb[j]);
        const bool end = next != v;  // all copies of v consumed: the ECDFs are evaluated at v
        const std::int64_t num = i * nb - j * na;
        const std::int64_t up = end ? num : 0;
        const std::int64_t down = end ? -num : 0;
        if (up > best_up) {
            best_up = up;
            up_i = i;
            up_j = j;
        }
        if (down > best_down) {
            best_down = down;
            down_i = i;
            down_j = j;
        }
        // After the last value num is 0 and next is +inf: no term (0·inf would be NaN).
        const bool term = end && num != 0;
        block += term ? static_cast<double>(num < 0 ? -num : num) * (next - v) : 0.0;
        in_block += term ? 1 : 0;
        if (in_block == 1024) {
            area.add(block);
            block = 0;
            in_block = 0;
        }
    };
    // The merge walks runs: the values of a up to the next value of b (ties take a first),
    // then those of b below the next value of a. Within a run the next index does not depend
    // on a comparison, so the loads pipeline instead of forming one long dependency chain.
    while (i < na || j < nb) {
        for (const double y = pb[j]; i < na && pa[i] <= y;) {
            const double v = pa[i++];
            evaluate(v);
        }
        for (const double x = pa[i]; j < nb && pb[j] < x;) {
            const double v = pb[j++];
            evaluate(v);
        }
    }
    area.add(block);
    const auto dna = static_cast<double>(na);
    const auto dnb = static_cast<double>(nb);
    const double up = static_cast<double>(up_i) / dna - static_cast<double>(up_j) / dnb;
    const double down = static_cast<double>(down_j) / dnb - static_cast<double>(down_i) / dna;
    return {down > up ? std::min(down, 1.0) : up, area.value() / dna / dnb};
}

double population_std(std::span<const double> values) {
    assert(!values.empty());
    const auto n = static_cast<double>(values.size());
    CompensatedSum sum;
    for (double x : values) {
        sum.add(x);
    }
    const double mean = sum.value() / n;
    CompensatedSum squares;
    for (double x : values) {
        const double d = x - mean;
        squares.add(d * d);
    }
    return std::sqrt(squares.value() / n);
}

}  // namespace steward::reports
