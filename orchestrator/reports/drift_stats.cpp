#include "orchestrator/reports/drift_stats.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

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
        edges.push_back(
            numpy_quantile(sorted_reference, static_cast<double>(k) / static_cast<double>(bins)));
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
        const double e = reference_counts[i] == 0 ? empty_share : static_cast<double>(reference_counts[i]) / n_ref;
        const double a = current_counts[i] == 0 ? empty_share : static_cast<double>(current_counts[i]) / n_cur;
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
    assert(!a.empty() && !b.empty());
    const std::size_t na = a.size();
    const std::size_t nb = b.size();
    const auto dna = static_cast<double>(na);
    const auto dnb = static_cast<double>(nb);
    double max_up = 0;    // max(F_a − F_b)
    double max_down = 0;  // max(F_b − F_a)
    CompensatedSum area;
    std::size_t i = 0;
    std::size_t j = 0;
    double v = std::min(a[0], b[0]);
    while (true) {
        while (i < na && a[i] == v) {
            ++i;
        }
        while (j < nb && b[j] == v) {
            ++j;
        }
        const double fa = static_cast<double>(i) / dna;
        const double fb = static_cast<double>(j) / dnb;
        max_up = std::max(max_up, fa - fb);
        max_down = std::max(max_down, fb - fa);
        if (i == na && j == nb) {
            break;
        }
        const double next = i == na ? b[j] : (j == nb ? a[i] : std::min(a[i], b[j]));
        area.add(std::abs(fa - fb) * (next - v));
        v = next;
    }
    return {max_down > max_up ? std::min(max_down, 1.0) : max_up, area.value()};
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
