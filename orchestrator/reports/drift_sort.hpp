#pragma once

#include "orchestrator/reports/big_buffer.hpp"

#include <cstdint>
#include <span>

namespace steward::reports {

/// The finite values of `values` (NaN and ±infinity dropped), sorted ascending, followed by one
/// +infinity sentinel: the result has finite-count + 1 elements, and the sentinel lets merge
/// loops run without bounds checks. `missing` receives the number of values dropped. -0.0
/// comes out as +0.0.
///
/// Radix sort specialised for drift: one pass filters, maps doubles to order-preserving keys
/// and builds the histograms; LSD passes (11-bit digits, skipped when every key shares the
/// digit) order the keys by their upper 32 bits; a last pass orders each run of keys sharing
/// those bits (std::sort for short runs, radix on the low 32 bits for long ones) and maps back.
/// Peak memory: two buffers of the sample's size (plus one per long run). Never fails beyond
/// std::bad_alloc; reentrant. With `threads` > 1 and at least 2^18 values, the keys are sorted by
/// the parallel `radix_sort` instead (same result).
BigVector<double> sorted_finite_with_sentinel(std::span<const double> values, std::uint64_t& missing,
                                              unsigned threads = 1);

}  // namespace steward::reports
