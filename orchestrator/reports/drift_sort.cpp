#include "orchestrator/reports/drift_sort.hpp"

#include "orchestrator/reports/big_buffer.hpp"
#include "orchestrator/reports/parallel.hpp"
#include "orchestrator/reports/radix_detail.hpp"
#include "orchestrator/reports/radix_sort.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace steward::reports {
namespace {

using namespace radix_detail;

constexpr std::size_t kParallelFrom = std::size_t{1} << 18U;  // smaller samples sort on one thread

// The parallel variant: keys in one pass, `radix_sort` on `threads` threads, keys mapped back in
// parallel slices.
BigVector<double> sorted_in_parallel(std::span<const double> values, std::uint64_t& missing,
                                     unsigned threads) {
    const std::size_t n = values.size();
    BigVector<std::uint64_t> keys(n);
    std::size_t m = 0;
    for (const double v : values) {
        if (std::isfinite(v)) {
            keys[m++] = sortable_key(v);
        }
    }
    missing = n - m;
    {
        BigVector<std::uint64_t> scratch;  // released before the output is allocated
        radix_sort({keys.data(), m}, scratch, threads);
    }
    BigVector<double> out(m + 1);
    out[m] = std::numeric_limits<double>::infinity();
    parallel_for(threads, threads, [&](std::size_t t) {
        for (std::size_t i = m * t / threads, e = m * (t + 1) / threads; i < e; ++i) {
            out[i] = key_to_double(keys[i]);
        }
    });
    return out;
}

}  // namespace

BigVector<double> sorted_finite_with_sentinel(std::span<const double> values, std::uint64_t& missing,
                                              unsigned threads) {
    if (threads > 1 && values.size() >= kParallelFrom) {
        return sorted_in_parallel(values, missing, threads);
    }
    const std::size_t n = values.size();
    BigVector<std::uint64_t> keys(n);
    BigVector<std::uint64_t> scratch(n);
    Histograms h{};
    std::size_t m = 0;
    for (double v : values) {
        if (!std::isfinite(v)) {
            continue;
        }
        const std::uint64_t k = sortable_key(v);
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
        finish_runs(keys.data(), keys.data(), scratch.data(), 0, m);
    }
    // Release the second buffer before the output is allocated, so that a sample never needs
    // more than two buffers of its size at once.
    BigVector<std::uint64_t>().swap(scratch);
    BigVector<double> out(m + 1);
    std::transform(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(m), out.begin(), key_to_double);
    out[m] = std::numeric_limits<double>::infinity();
    return out;
}

}  // namespace steward::reports
