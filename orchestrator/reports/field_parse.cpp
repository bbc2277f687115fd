#include "orchestrator/reports/field_parse.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace steward::reports {
namespace {

// Powers of ten that are exact doubles; dividing an exact mantissa by one is correctly rounded.
constexpr std::array<double, 23> kPow10{1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr std::uint64_t kMaxExactMantissa = std::uint64_t{1} << 53U;

constexpr bool is_digit(char c) noexcept { return static_cast<unsigned char>(c - '0') < 10; }

constexpr std::uint64_t kOnes = 0x0101010101010101ULL;

// Counts the leading ASCII digits among the 8 bytes at p (0..8) and returns their value
// (SWAR: per-byte digit test, then pairwise combination of the digits in three multiplies).
int leading_digits8(const char* p, std::uint64_t& value) noexcept {
    std::uint64_t v = 0;
    std::memcpy(&v, p, sizeof v);
    const std::uint64_t high = 0xF0 * kOnes;
    // A byte is a digit exactly when its high nibble is 3 both before and after adding 6.
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
    d = d * 10 + (d >> 8U);
    d = (((d & 0x000000FF000000FFULL) * (100 + (1000000ULL << 32U))) +
         (((d >> 16U) & 0x000000FF000000FFULL) * (1 + (10000ULL << 32U)))) >>
        32U;
    value = d;
    return len;
}

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        if (lower(a[i]) != lower(b[i])) {
            return false;
        }
    }
    return true;
}

}  // namespace

const char* parse_number_prefix(const char* first, const char* last, double& out) {
    const char* q = first;
    const bool negative = q < last && *q == '-';
    q += negative ? 1 : 0;
    // Fast path for plain decimals with at most 7 integer and 7 fraction digits (exact below
    // 2^53), the shape of nearly every score and feature value; needs 17 readable bytes.
    if (last - q >= 17) {
        std::uint64_t whole = 0;
        const int whole_len = leading_digits8(q, whole);
        const char* r = q + whole_len;
        std::uint64_t frac = 0;
        int frac_len = 0;
        if (whole_len < 8 && *r == '.') {
            frac_len = leading_digits8(r + 1, frac);
        }
        const char* e = *r == '.' ? r + 1 + frac_len : r;
        if (whole_len < 8 && frac_len < 8 && whole_len + frac_len > 0 && *e != 'e' && *e != 'E') {
            const auto f = static_cast<std::size_t>(frac_len);
            const double v = static_cast<double>(whole * static_cast<std::uint64_t>(kPow10[f]) + frac);
            out = negative ? -(v / kPow10[f]) : v / kPow10[f];
            return e;
        }
    }
    std::uint64_t mantissa = 0;
    int digits = 0;
    int fraction = 0;
    while (q < last && is_digit(*q)) {
        mantissa = mantissa * 10 + static_cast<std::uint64_t>(*q - '0');
        ++digits;
        ++q;
    }
    if (q < last && *q == '.') {
        ++q;
        while (q < last && is_digit(*q)) {
            mantissa = mantissa * 10 + static_cast<std::uint64_t>(*q - '0');
            ++digits;
            ++fraction;
            ++q;
        }
    }
    const bool exponent = q < last && (*q == 'e' || *q == 'E');
    if (digits > 0 && digits <= 19 && !exponent && mantissa <= kMaxExactMantissa &&
        fraction < static_cast<int>(kPow10.size())) {
        double v = static_cast<double>(mantissa);
        if (fraction > 0) {
            v /= kPow10[static_cast<std::size_t>(fraction)];
        }
        out = negative ? -v : v;
        return q;
    }
    const auto [end, ec] = std::from_chars(first, last, out, std::chars_format::general);
    if (ec == std::errc::result_out_of_range) {
        // Overflow to infinity or underflow to (sub)zero, as strtod and numpy do. Rare: copy.
        const std::string text(first, end);
        out = std::strtod(text.c_str(), nullptr);
        return end;
    }
    return ec == std::errc{} ? end : nullptr;
}

std::string_view trim_blanks(std::string_view field) noexcept {
    const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!field.empty() && blank(field.front())) {
        field.remove_prefix(1);
    }
    while (!field.empty() && blank(field.back())) {
        field.remove_suffix(1);
    }
    return field;
}

bool parse_number_field(std::string_view field, double& out) {
    field = trim_blanks(field);
    if (field.size() > 1 && field.front() == '+' && field[1] != '-') {
        field.remove_prefix(1);
    }
    if (field.empty()) {
        return false;
    }
    const char* end = parse_number_prefix(field.data(), field.data() + field.size(), out);
    return end == field.data() + field.size();
}

std::size_t count_byte(std::string_view text, char byte) noexcept {
    const std::uint64_t pattern = static_cast<unsigned char>(byte) * kOnes;
    const std::uint64_t low7 = 0x7F * kOnes;
    std::size_t total = 0;
    std::size_t i = 0;
    while (i + 8 <= text.size()) {
        // Per-byte counters: each lane gains at most 1 per word, so flush before 255 words.
        std::uint64_t lanes = 0;
        for (int k = 0; k < 255 && i + 8 <= text.size(); ++k, i += 8) {
            std::uint64_t v = 0;
            std::memcpy(&v, text.data() + i, sizeof v);
            const std::uint64_t x = v ^ pattern;  // matching bytes become zero
            const std::uint64_t t = ((x & low7) + low7) | x;
            lanes += (~t >> 7U) & kOnes;
        }
        // Pairwise to 16-bit lanes (each <= 510), then one multiply sums the four of them.
        const std::uint64_t pairs = (lanes & 0x00FF00FF00FF00FFULL) + ((lanes >> 8U) & 0x00FF00FF00FF00FFULL);
        total += static_cast<std::size_t>((pairs * 0x0001000100010001ULL) >> 48U);
    }
    for (; i < text.size(); ++i) {
        total += text[i] == byte ? 1 : 0;
    }
    return total;
}

bool is_missing_token(std::string_view field) noexcept {
    field = trim_blanks(field);
    return field.empty() || field == "NA" || field == "N/A" || field == "#N/A" ||
           field == "null" || field == "NULL" || field == "None";
}

int parse_binary_field(std::string_view field) {
    field = trim_blanks(field);
    if (field.size() == 1 && (field[0] == '0' || field[0] == '1')) {
        return field[0] - '0';
    }
    if (is_missing_token(field)) {
        return -1;
    }
    if (equals_ignore_case(field, "true")) {
        return 1;
    }
    if (equals_ignore_case(field, "false")) {
        return 0;
    }
    double v = 0;
    if (parse_number_field(field, v)) {
        if (std::isnan(v)) {
            return -1;
        }
        if (v == 0.0 || v == 1.0) {
            return static_cast<int>(v);
        }
    }
    return -2;
}

}  // namespace steward::reports
