#pragma once

// The CSV reader's fast path for plain rows: where the separators are (a bitmap per 64 bytes),
// and the exact value of a plain decimal whose extent is known.

#include "orchestrator/reports/fast_decimal.hpp"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace steward::reports::plain_fields {

/// Bytes that must be readable from the start of a field for `parse_decimal` (16 for the field
/// itself, 8 more for the digit loads).
inline constexpr std::size_t kDecimalReadAhead = 32;

/// Bit i set when byte i of the 64 at `block` is ',' or '\n'. Reads exactly 64 bytes.
inline std::uint64_t separator_mask(const char* block) noexcept {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(',');
    const __m128i newline = _mm_set1_epi8('\n');
    std::uint64_t mask = 0;
    for (unsigned i = 0; i < 4; ++i) {
        __m128i v;
        std::memcpy(&v, block + 16 * i, sizeof v);
        const __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, newline));
        mask |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(hit))) << (16U * i);
    }
    return mask;
#else
    std::uint64_t mask = 0;
    for (unsigned i = 0; i < 64; ++i) {
        mask |= static_cast<std::uint64_t>(block[i] == ',' || block[i] == '\n') << i;
    }
    return mask;
#endif
}

/// Finds the next ',' or '\n' at or after a position, from a cached bitmap of the 64-byte
/// block that holds it. Blocks are aligned to `base`; the last partial block is scanned bytewise.
/// One per thread (holds the cache).
class SeparatorScan {
public:
    SeparatorScan(const char* base, const char* end) noexcept : base_{base}, end_{end} {}

    /// The first ',' or '\n' in [p, end), or `end`.
    const char* next(const char* p) noexcept {
        for (;;) {
            const auto offset = static_cast<std::size_t>(p - block_);
            if (block_ == nullptr || offset >= 64) {
                if (!load(p)) {
                    return scan_tail(p);
                }
                continue;
            }
            const std::uint64_t hits = mask_ & (~std::uint64_t{0} << offset);
            if (hits != 0) {
                return block_ + std::countr_zero(hits);
            }
            p = block_ + 64;
            if (p >= end_) {
                return end_;
            }
        }
    }

private:
    bool load(const char* p) noexcept {
        const auto at = static_cast<std::size_t>(p - base_) & ~std::size_t{63};
        if (at + 64 > static_cast<std::size_t>(end_ - base_)) {
            return false;
        }
        block_ = base_ + at;
        mask_ = separator_mask(block_);
        return true;
    }

    const char* scan_tail(const char* p) const noexcept {
        while (p < end_ && *p != ',' && *p != '\n') {
            ++p;
        }
        return p;
    }

    const char* base_;
    const char* end_;
    const char* block_ = nullptr;
    std::uint64_t mask_ = 0;
};

/// The value of the `n` (0..8) ASCII digits at p, which the caller has checked are digits.
/// Reads 8 bytes at p.
inline std::uint64_t digits_value(const char* p, unsigned n) noexcept {
    if (n == 0) {
        return 0;
    }
    std::uint64_t d = 0;
    std::memcpy(&d, p, sizeof d);
    d -= '0' * fast_decimal::kOnes;
    d <<= 8 * (8 - n);  // the bytes after the digits go; zero digits come in front
    return fast_decimal::combine_digits8(d);
}

/// Powers of ten as integers, for the mantissa of up to 7 fraction digits.
inline constexpr std::uint64_t kScale[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};

/// The value of `n` (1..8) digits at p with a '.' after the first `dot` (0..7) of them, which the
/// caller has checked; one SWAR combination instead of two. Reads 9 bytes at p.
inline std::uint64_t dotless_digits_value(const char* p, unsigned dot, unsigned n) noexcept {
    std::uint64_t before = 0;
    std::uint64_t after = 0;
    std::memcpy(&before, p, sizeof before);
    std::memcpy(&after, p + 1, sizeof after);
    const std::uint64_t low = (std::uint64_t{1} << (8 * dot)) - 1;  // the bytes before the dot
    std::uint64_t d = ((before & low) | (after & ~low)) - '0' * fast_decimal::kOnes;
    d <<= 8 * (8 - n);
    return fast_decimal::combine_digits8(d);
}

/// Bit i set when byte i of the 16 at p is an ASCII digit; `dots` gets the '.' bytes.
inline unsigned digit_mask16(const char* p, unsigned& dots) noexcept {
#if defined(__SSE2__)
    __m128i v;
    std::memcpy(&v, p, sizeof v);
    const __m128i d = _mm_sub_epi8(v, _mm_set1_epi8('0'));
    const __m128i digit = _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d);
    dots = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.'))));
    return static_cast<unsigned>(_mm_movemask_epi8(digit));
#else
    unsigned digits = 0;
    dots = 0;
    for (unsigned i = 0; i < 16; ++i) {
        digits |= static_cast<unsigned>(p[i] >= '0' && p[i] <= '9') << i;
        dots |= static_cast<unsigned>(p[i] == '.') << i;
    }
    return digits;
#endif
}

/// Parses [first, last) when it is exactly a plain decimal: an optional '-', at most 7 integer
/// digits, optionally '.' and at most 7 fraction digits, at least one digit. The result is
/// correctly rounded (an exact mantissa below 2^53 divided by an exact power of ten). Returns
/// false for anything else, which the general parser then decides on. Needs
/// `kDecimalReadAhead` readable bytes from `first`.
[[gnu::always_inline]] inline bool parse_decimal(const char* first, const char* last, double& out) noexcept {
    const auto len = static_cast<unsigned>(last - first);
    if (len == 0 || len > 16) {
        return false;
    }
    unsigned dots = 0;
    const unsigned field = (1U << len) - 1U;
    const unsigned negative = *first == '-' ? 1U : 0U;
    const unsigned digits = digit_mask16(first, dots) & field;
    dots &= field;
    if ((digits | dots | negative) != field || (dots & (dots - 1U)) != 0) {
        return false;
    }
    const unsigned dot = dots != 0 ? static_cast<unsigned>(std::countr_zero(dots)) : len;
    const unsigned whole_len = dot - negative;
    const unsigned frac_len = dots != 0 ? len - dot - 1U : 0U;
    if (whole_len > 7 || frac_len > 7 || whole_len + frac_len == 0) {
        return false;
    }
    const std::uint64_t mantissa =
        whole_len + frac_len <= 8 && dots != 0
            ? dotless_digits_value(first + negative, whole_len, whole_len + frac_len)
            : digits_value(first + negative, whole_len) * kScale[frac_len] +
                  digits_value(first + dot + 1, frac_len);
    const double v =
        static_cast<double>(static_cast<std::int64_t>(mantissa)) / fast_decimal::kPow10[frac_len];
    out = negative != 0 ? -v : v;
    return true;
}

}  // namespace steward::reports::plain_fields
