#pragma once

// ULIDs: globally unique, time-ordered keys (run.uid). 26 characters of Crockford base32: 10 for
// the milliseconds since the Unix epoch (48 bits), 16 for 80 random bits.

#include <cstdint>
#include <string>
#include <string_view>

namespace steward::core {

/// Length of a ULID's text.
inline constexpr std::size_t kUlidLength = 26;

/// The ULID of `unix_ms` (clamped to 0 .. 2^48 - 1) and the 80 random bits `random_high`
/// (its low 16 bits) and `random_low`. Uppercase Crockford base32; ULIDs of later milliseconds
/// sort after earlier ones as text. Pure.
[[nodiscard]] std::string make_ulid(std::int64_t unix_ms, std::uint64_t random_high,
                                    std::uint64_t random_low);

/// A new ULID of `unix_ms` with random bits from a per-thread generator seeded from
/// std::random_device. Thread-safe.
[[nodiscard]] std::string new_ulid(std::int64_t unix_ms);

/// True when `text` is 26 Crockford base32 characters (uppercase, no I L O U) whose first is
/// 0-7. Pure.
[[nodiscard]] bool is_ulid(std::string_view text) noexcept;

}  // namespace steward::core
