#include "orchestrator/reports/radix_sort.hpp"

#include "orchestrator/reports/parallel.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace steward::reports {
namespace {

constexpr unsigned kDigitBits = 11;
constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
constexpr unsigned kPasses = (64 + kDigitBits - 1) / kDigitBits;
// Below this size, threads and radix passes cost more than they save.
constexpr std::size_t kSmall = 4096;
constexpr std::size_t kMinPerThread = std::size_t{1} << 17U;

using Histogram = std::array<std::size_t, kBuckets>;

constexpr std::size_t digit(std::uint64_t key, unsigned pass) noexcept {
    return static_cast<std::size_t>(key >> (pass * kDigitBits)) & (kBuckets - 1);
}

std::size_t slice_begin(std::size_t n, std::size_t parts, std::size_t i) { return n * i / parts; }

}  // namespace

void radix_sort(std::span<std::uint64_t> keys, BigVector<std::uint64_t>& scratch,
                unsigned threads) {
    const std::size_t n = keys.size();
    if (n < kSmall) {
        std::sort(keys.begin(), keys.end());
        return;
    }
    const std::size_t parts = std::clamp<std::size_t>(n / kMinPerThread, 1, std::max(threads, 1U));
    // One read of all digits decides which passes can be skipped (a digit every key shares).
    std::vector<std::array<Histogram, kPasses>> all(parts);
    parallel_for(parts, threads, [&](std::size_t t) {
        auto& h = all[t];
        for (auto& one : h) {
            one.fill(0);
        }
        for (std::size_t i = slice_begin(n, parts, t), e = slice_begin(n, parts, t + 1); i < e; ++i) {
            const std::uint64_t k = keys[i];
            for (unsigned p = 0; p < kPasses; ++p) {
                ++h[p][digit(k, p)];
            }
        }
    });
    std::array<bool, kPasses> active{};
    for (unsigned p = 0; p < kPasses; ++p) {
        const std::size_t first = digit(keys[0], p);
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
    for (unsigned p = 0; p < kPasses; ++p) {
        if (!active[p]) {
            continue;
        }
        if (fresh) {
            for (std::size_t t = 0; t < parts; ++t) {
                counts[t] = all[t][p];
            }
            fresh = false;
        } else {
            parallel_for(parts, threads, [&](std::size_t t) {
                Histogram& h = counts[t];
                h.fill(0);
                for (std::size_t i = slice_begin(n, parts, t), e = slice_begin(n, parts, t + 1);
                     i < e; ++i) {
                    ++h[digit(src[i], p)];
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
            for (std::size_t i = slice_begin(n, parts, t), e = slice_begin(n, parts, t + 1); i < e;
                 ++i) {
                const std::uint64_t k = src[i];
                dst[offset[digit(k, p)]++] = k;
            }
        });
        std::swap(src, dst);
    }
    if (src != keys.data()) {
        parallel_for(parts, threads, [&](std::size_t t) {
            const std::size_t b = slice_begin(n, parts, t);
            std::memcpy(keys.data() + b, src + b,
                        (slice_begin(n, parts, t + 1) - b) * sizeof(std::uint64_t));
        });
    }
}

void sort_doubles(std::span<double> values, unsigned threads) {
    BigVector<std::uint64_t> keys(values.size());
    std::transform(values.begin(), values.end(), keys.begin(), sortable_key);
    BigVector<std::uint64_t> scratch;
    radix_sort(keys, scratch, threads);
    std::transform(keys.begin(), keys.end(), values.begin(), key_to_double);
}

}  // namespace steward::reports
