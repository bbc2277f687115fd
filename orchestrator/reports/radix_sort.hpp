#pragma once

#include "orchestrator/reports/big_buffer.hpp"

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace steward::reports {

/// Order-preserving map from a double to an unsigned key: a < b exactly when key(a) < key(b).
/// -0.0 maps like +0.0 so that equal values share a key. NaN must be filtered out beforehand.
constexpr std::uint64_t sortable_key(double value) noexcept {
    const auto bits = std::bit_cast<std::uint64_t>(value == 0.0 ? 0.0 : value);
    // Negative: all bits flipped; positive: the sign bit set. Branch-free: signs in real data
    // are unpredictable.
    return bits ^ ((std::uint64_t{0} - (bits >> 63U)) | (std::uint64_t{1} << 63U));
}

/// Inverse of `sortable_key`.
constexpr double key_to_double(std::uint64_t key) noexcept {
    return std::bit_cast<double>(key ^ (((key >> 63U) - 1U) | (std::uint64_t{1} << 63U)));
}

/// Sorts `keys` ascending: LSD radix sort with 11-bit digits, skipping digits that every key
/// shares, parallel on `threads` threads (see `worker_threads()`). `scratch` is resized to
/// keys.size() and used as the second buffer. Never fails (beyond std::bad_alloc); not
/// thread-safe for the same buffers.
void radix_sort(std::span<std::uint64_t> keys, BigVector<std::uint64_t>& scratch, unsigned threads);

/// Sorts doubles ascending (via `sortable_key` + `radix_sort`). The values must not be NaN;
/// -0.0 comes out as +0.0. Same contract as `radix_sort`.
void sort_doubles(std::span<double> values, unsigned threads);

}  // namespace steward::reports
