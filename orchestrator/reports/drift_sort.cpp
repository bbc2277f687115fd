#include "orchestrator/reports/drift_sort.hpp"

#include "orchestrator/reports/big_buffer.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>

namespace steward::reports {
namespace {

constexpr unsigned kDigitBits = 11;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
constexpr std::uint64_t kMask = kBuckets - 1;
constexpr std::size_t kShortRun = 64;  // runs up to this length are finished by std::sort
constexpr std::array<unsigned, 3> kHighShifts = {32, 43, 54};
constexpr std::array<unsigned, 3> kLowShifts = {0, 11, 22};

using Histogram = std::array<std::size_t, kBuckets>;
using Histograms = std::array<Histogram, 3>;

// Order-preserving key: a < b exactly when key(a) < key(b); −0.0 is mapped like +0.0.
std::uint64_t key_of(double v) {
    const auto bits = std::bit_cast<std::uint64_t>(v == 0.0 ? 0.0 : v);
    return (bits >> 63U) != 0U ? ~bits : bits | (std::uint64_t{1} << 63U);
}

double double_of(std::uint64_t key) {
    return std::bit_cast<double>((key >> 63U) != 0U ? key & ~(std::uint64_t{1} << 63U) : ~key);
}

std::size_t digit(std::uint64_t key, unsigned shift) { return static_cast<std::size_t>((key >> shift) & kMask); }

// LSD passes over the three digits at `shifts`, ping-ponging between `keys` and `scratch`;
// returns the buffer that holds the result. Digits every key shares are skipped.
std::uint64_t* lsd(std::uint64_t* keys, std::uint64_t* scratch, std::size_t n, const std::array<unsigned, 3>& shifts,
                   const Histograms& histograms) {
    std::uint64_t* src = keys;
    std::uint64_t* dst = scratch;
    for (std::size_t p = 0; p < shifts.size(); ++p) {
        const Histogram& h = histograms[p];
        const unsigned shift = shifts[p];
        if (h[digit(src[0], shift)] == n) {
            continue;
        }
        Histogram offset;
        std::size_t running = 0;
        for (std::size_t b = 0; b < kBuckets; ++b) {
            offset[b] = running;
            running += h[b];
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t k = src[i];
            dst[offset[digit(k, shift)]++] = k;
        }
        std::swap(src, dst);
    }
    return src;
}

// Sorts a run of keys that share their upper 32 bits, in place.
void sort_run(std::uint64_t* run, std::size_t n) {
    if (n <= kShortRun) {
        std::sort(run, run + n);
        return;
    }
    Histograms h{};
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t p = 0; p < kLowShifts.size(); ++p) {
            ++h[p][digit(run[i], kLowShifts[p])];
        }
    }
    BigVector<std::uint64_t> scratch(n);
    const std::uint64_t* sorted = lsd(run, scratch.data(), n, kLowShifts, h);
    if (sorted != run) {
        std::copy(sorted, sorted + n, run);
    }
}

}  // namespace

BigVector<double> sorted_finite_with_sentinel(std::span<const double> values, std::uint64_t& missing) {
    const std::size_t n = values.size();
    BigVector<std::uint64_t> keys(n);
    BigVector<std::uint64_t> scratch(n);
    Histograms h{};
    std::size_t m = 0;
    for (double v : values) {
        if (!std::isfinite(v)) {
            continue;
        }
        const std::uint64_t k = key_of(v);
        keys[m++] = k;
        for (std::size_t p = 0; p < kHighShifts.size(); ++p) {
            ++h[p][digit(k, kHighShifts[p])];
        }
    }
    missing = n - m;
    if (m > 0) {
        const std::uint64_t* sorted = lsd(keys.data(), scratch.data(), m, kHighShifts, h);
        if (sorted == scratch.data()) {
            keys.swap(scratch);
        }
    }
    // The keys are sorted by their upper 32 bits; release the second buffer before the output
    // is allocated, so that a sample never needs more than two buffers of its size at once.
    BigVector<std::uint64_t>().swap(scratch);
    BigVector<double> out(m + 1);
    out[m] = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < m;) {
        const std::uint64_t first = keys[i];
        std::size_t j = i + 1;
        bool equal = true;  // a run of one repeated value (common: rounded data) needs no sort
        while (j < m && (keys[j] >> 32U) == (first >> 32U)) {
            equal = equal && keys[j] == first;
            ++j;
        }
        if (!equal) {
            sort_run(keys.data() + i, j - i);
        }
        for (std::size_t t = i; t < j; ++t) {
            out[t] = double_of(keys[t]);
        }
        i = j;
    }
    return out;
}

}  // namespace steward::reports
