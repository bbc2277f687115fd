#include "orchestrator/reports/radix_sort.hpp"

#include "orchestrator/reports/parallel.hpp"
#include "orchestrator/reports/radix_detail.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace steward::reports {
namespace radix_detail {

std::uint64_t* lsd(std::uint64_t* a, std::uint64_t* b, std::size_t n, const std::array<unsigned, 3>& shifts,
                   const Histograms& histograms) {
    for (std::size_t p = 0; p < shifts.size(); ++p) {
        const Histogram& h = histograms[p];
        const unsigned shift = shifts[p];
        if (h[digit(a[0], shift)] == n) {
            continue;
        }
        Histogram offset;
        std::size_t running = 0;
        for (std::size_t d = 0; d < kBuckets; ++d) {
            offset[d] = running;
            running += h[d];
        }
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t k = a[i];
            b[offset[digit(k, shift)]++] = k;
        }
        std::swap(a, b);
    }
    return a;
}

void finish_run(std::uint64_t* in, std::uint64_t* out, std::uint64_t* spare, std::size_t n, bool equal) {
    if (equal || n <= kShortRun) {
        if (in != out) {
            std::memcpy(out, in, n * sizeof(std::uint64_t));
        }
        if (!equal) {
            std::sort(out, out + n);
        }
        return;
    }
    Histograms h{};
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t p = 0; p < kLowShifts.size(); ++p) {
            ++h[p][digit(in[i], kLowShifts[p])];
        }
    }
    const std::uint64_t* sorted = lsd(in, in == out ? spare : out, n, kLowShifts, h);
    if (sorted != out) {
        std::memcpy(out, sorted, n * sizeof(std::uint64_t));
    }
}

void finish_runs(std::uint64_t* in, std::uint64_t* out, std::uint64_t* spare, std::size_t begin,
                 std::size_t end) {
    std::size_t done = begin;  // [begin, done) is in place in `out`
    for (std::size_t i = std::max<std::size_t>(begin, 1); i < end; ++i) {
        if (in[i] >= in[i - 1]) {
            continue;
        }
        const std::uint64_t upper = in[i] >> 32U;
        std::size_t run = i - 1;
        while (run > begin && (in[run - 1] >> 32U) == upper) {
            --run;
        }
        std::size_t run_end = i + 1;
        while (run_end < end && (in[run_end] >> 32U) == upper) {
            ++run_end;
        }
        if (in != out) {
            std::memcpy(out + done, in + done, (run - done) * sizeof(std::uint64_t));
        }
        finish_run(in + run, out + run, spare + run, run_end - run, false);
        done = run_end;
        i = run_end - 1;
    }
    if (in != out) {
        std::memcpy(out + done, in + done, (end - done) * sizeof(std::uint64_t));
    }
}

}  // namespace radix_detail

namespace {

using namespace radix_detail;

// Below this size, threads and radix passes cost more than they save.
constexpr std::size_t kSmall = 4096;
constexpr std::size_t kMinPerThread = std::size_t{1} << 17U;

std::size_t slice_begin(std::size_t n, std::size_t parts, std::size_t i) {
    return n * i / parts;
}

// The first run start at or after `at`.
std::size_t run_start_from(const std::uint64_t* keys, std::size_t n, std::size_t at) {
    while (at > 0 && at < n && (keys[at] >> 32U) == (keys[at - 1] >> 32U)) {
        ++at;
    }
    return at;
}

}  // namespace

void radix_sort(std::span<std::uint64_t> keys, BigVector<std::uint64_t>& scratch, unsigned threads) {
    const std::size_t n = keys.size();
    if (n < kSmall) {
        std::sort(keys.begin(), keys.end());
        return;
    }
    const std::size_t parts = std::clamp<std::size_t>(n / kMinPerThread, 1, std::max(threads, 1U));
    // One read of the high digits decides which passes can be skipped (a digit every key shares).
    std::vector<Histograms> all(parts);
    parallel_for(parts, threads, [&](std::size_t t) {
        Histograms& h = all[t];
        for (Histogram& one : h) {
            one.fill(0);
        }
        for (std::size_t i = slice_begin(n, parts, t), e = slice_begin(n, parts, t + 1); i < e; ++i) {
            const std::uint64_t k = keys[i];
            for (std::size_t p = 0; p < kHighShifts.size(); ++p) {
                ++h[p][digit(k, kHighShifts[p])];
            }
        }
    });
    std::array<bool, kHighShifts.size()> active{};
    for (std::size_t p = 0; p < kHighShifts.size(); ++p) {
        const std::size_t first = digit(keys[0], kHighShifts[p]);
        std::size_t same = 0;
        for (std::size_t t = 0; t < parts; ++t) {
            same += all[t][p][first];
        }
        active[p] = same != n;
    }
    scratch.resize(n);
    std::uint64_t* src = keys.data();
    std::uint64_t* dst = scratch.data();
    std::vector<Histogram> counts(parts);
    bool fresh = true;  // the slices of `src` still hold the keys histogrammed above
    for (std::size_t p = 0; p < kHighShifts.size(); ++p) {
        if (!active[p]) {
            continue;
        }
        const unsigned shift = kHighShifts[p];
        if (fresh) {
            for (std::size_t t = 0; t < parts; ++t) {
                counts[t] = all[t][p];
            }
            fresh = false;
        } else {
            parallel_for(parts, threads, [&](std::size_t t) {
                Histogram& h = counts[t];
                h.fill(0);
                for (std::size_t i = slice_begin(n, parts, t), e = slice_begin(n, parts, t + 1); i < e; ++i) {
                    ++h[digit(src[i], shift)];
                }
            });
        }
        // Exclusive prefix over (bucket, slice) keeps the sort stable across slices.
        std::size_t running = 0;
        for (std::size_t b = 0; b < kBuckets; ++b) {
            for (std::size_t t = 0; t < parts; ++t) {
                const std::size_t c = counts[t][b];
                counts[t][b] = running;
                running += c;
            }
        }
        parallel_for(parts, threads, [&](std::size_t t) {
            Histogram& offset = counts[t];
            for (std::size_t i = slice_begin(n, parts, t), e = slice_begin(n, parts, t + 1); i < e; ++i) {
                const std::uint64_t k = src[i];
                dst[offset[digit(k, shift)]++] = k;
            }
        });
        std::swap(src, dst);
    }
    // `src` holds the keys ordered by their upper 32 bits; the finished runs go to `keys`.
    std::vector<std::size_t> starts(parts + 1, n);
    for (std::size_t t = 0; t < parts; ++t) {
        starts[t] = run_start_from(src, n, std::max(slice_begin(n, parts, t), t == 0 ? 0 : starts[t - 1]));
    }
    parallel_for(parts, threads,
                 [&](std::size_t t) { finish_runs(src, keys.data(), dst, starts[t], starts[t + 1]); });
}

void sort_doubles(std::span<double> values, unsigned threads) {
    BigVector<std::uint64_t> keys(values.size());
    std::transform(values.begin(), values.end(), keys.begin(), sortable_key);
    BigVector<std::uint64_t> scratch;
    radix_sort(keys, scratch, threads);
    std::transform(keys.begin(), keys.end(), values.begin(), key_to_double);
}

}  // namespace steward::reports
