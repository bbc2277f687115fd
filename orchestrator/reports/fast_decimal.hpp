#pragma once

// The inline fast path of number parsing, shared by parse_number_prefix and the CSV hot loop.

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

namespace steward::reports::fast_decimal {

/// Powers of ten that are exact doubles; dividing an exact mantissa by one is correctly rounded
/// (Clinger's fast path).
inline constexpr std::array<double, 23> kPow10{1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                               1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                               1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
inline constexpr std::uint64_t kOnes = 0x0101010101010101ULL;

/// The value of eight digit values (0..9) held one per byte, the most significant in the lowest
/// (pairwise combination in three multiplies).
inline std::uint64_t combine_digits8(std::uint64_t d) noexcept {
    d = d * 10 + (d >> 8U);
    d = (((d & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32U))) +
         (((d >> 16U) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32U)))) >>
        32U;
    return d;
}

/// Counts the leading ASCII digits among the 8 bytes at p (0..8) and returns their value
/// (SWAR: a per-byte digit test, then pairwise combination of the digits in three multiplies).
inline int leading_digits8(const char* p, std::uint64_t& value) noexcept {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    const std::uint64_t high = 0xF0 * kOnes;
    // A byte is a digit exactly when its high nibble is 3 both before and after adding 6; a
    // carry out of a byte >= 0xFA only reaches bytes after the first non-digit.
    const std::uint64_t nibbles = (v & high) | (((v + 6 * kOnes) & high) >> 4U);
    const std::uint64_t other = nibbles ^ (0x33 * kOnes);
    const int len = other == 0 ? 8 : std::countr_zero(other) >> 3;
    if (len == 0) {
        value = 0;
        return 0;
    }
    // The first `len` bytes are >= '0', so subtracting does not borrow out of them; the bytes
    // after them are shifted out. Shifting left pads with leading zero digits.
    std::uint64_t d = v - '0' * kOnes;
    if (len < 8) {
        d <<= static_cast<unsigned>(8 * (8 - len));
    }
    d = combine_digits8(d);
    value = d;
    return len;
}

/// Parses a plain decimal ("-12.345", "7", ".5") with at most 7 integer and 7 fraction digits
/// and no exponent at `first`, exactly. Needs 18 readable bytes from `first`. Returns the end of
/// the number, or nullptr when the text is not of that shape (then use the general parser).
inline const char* parse(const char* first, double& out) noexcept {
    const char* q = first;
    const bool negative = *q == '-';
    q += negative ? 1 : 0;
    std::uint64_t whole = 0;
    const int whole_len = leading_digits8(q, whole);
    if (whole_len == 8) {
        return nullptr;
    }
    const char* r = q + whole_len;
    std::uint64_t frac = 0;
    int frac_len = 0;
    const char* e = r;
    if (*r == '.') {
        frac_len = leading_digits8(r + 1, frac);
        e = r + 1 + frac_len;
    }
    if (frac_len == 8 || whole_len + frac_len == 0 || *e == 'e' || *e == 'E') {
        return nullptr;
    }
    const auto f = static_cast<std::size_t>(frac_len);
    const double v = static_cast<double>(whole * static_cast<std::uint64_t>(kPow10[f]) + frac) / kPow10[f];
    out = negative ? -v : v;
    return e;
}

}  // namespace steward::reports::fast_decimal
