#pragma once

// Internals shared by the radix sorts (radix_sort.cpp, drift_sort.cpp): 11-bit digits, the
// upper 32 bits sorted first by LSD passes, then each run of keys sharing them by the lower 32.

#include <array>
#include <cstddef>
#include <cstdint>

namespace steward::reports::radix_detail {

inline constexpr unsigned kDigitBits = 11;
inline constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;
inline constexpr std::array<unsigned, 3> kHighShifts = {32, 43, 54};
inline constexpr std::array<unsigned, 3> kLowShifts = {0, 11, 22};
/// Runs up to this length are finished by std::sort.
inline constexpr std::size_t kShortRun = 64;

using Histogram = std::array<std::size_t, kBuckets>;
using Histograms = std::array<Histogram, 3>;

/// The 11-bit digit of `key` at bit `shift`.
constexpr std::size_t digit(std::uint64_t key, unsigned shift) noexcept {
    return static_cast<std::size_t>((key >> shift) & (kBuckets - 1));
}

/// LSD passes over the digits at `shifts` (skipping a digit every key shares, per `histograms`),
/// ping-ponging between `a` and `b` from `a`; returns the buffer that holds the result.
/// Single-threaded; n >= 1.
std::uint64_t* lsd(std::uint64_t* a, std::uint64_t* b, std::size_t n, const std::array<unsigned, 3>& shifts,
                   const Histograms& histograms);

/// Orders the run in[0..n) (keys sharing their upper 32 bits; `equal` when they are one repeated
/// key) by the lower 32 bits into out[0..n). `in` may equal `out`: then `spare` (n free keys) is
/// the second buffer (only used when n > kShortRun), else `in` is. Single-threaded.
void finish_run(std::uint64_t* in, std::uint64_t* out, std::uint64_t* spare, std::size_t n, bool equal);

/// Finishes the runs in [begin, end) of `in` (keys ordered by their upper 32 bits; `begin` and
/// `end` are run starts) into `out`. Only a run holding a key smaller than the one before it is
/// out of order and sorted (`finish_run`, with `spare` at the same offsets when `in` is `out`);
/// everything else is copied as it is (nothing to do when `in` is `out`). Rounded data rarely
/// have such a run. Single-threaded; disjoint ranges may run concurrently.
void finish_runs(std::uint64_t* in, std::uint64_t* out, std::uint64_t* spare, std::size_t begin,
                 std::size_t end);

}  // namespace steward::reports::radix_detail
