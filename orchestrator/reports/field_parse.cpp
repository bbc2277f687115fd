#include "orchestrator/reports/field_parse.hpp"

#include "orchestrator/reports/fast_decimal.hpp"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace steward::reports {
namespace {

using fast_decimal::kOnes;
constexpr std::uint64_t kMaxExactMantissa = std::uint64_t{1} << 53U;

constexpr bool is_digit(char c) noexcept {
    return static_cast<unsigned char>(c - '0') < 10;
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
    if (last - first >= 18) {
        if (const char* end = fast_decimal::parse(first, out)) {
            return end;
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
        fraction < static_cast<int>(fast_decimal::kPow10.size())) {
        auto v = static_cast<double>(mantissa);
        if (fraction > 0) {
            v /= fast_decimal::kPow10[static_cast<std::size_t>(fraction)];
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
    std::size_t total = 0;
    std::size_t i = 0;
#if defined(__SSE2__)
    // Per-byte counters (a match is -1, subtracted): 64 bytes add at most 4 to a counter, so
    // psadbw sums them every 63 blocks, before any can pass 255.
    const __m128i pattern = _mm_set1_epi8(byte);
    const __m128i zero = _mm_setzero_si128();
    while (i + 64 <= text.size()) {
        __m128i counts = zero;
        for (int k = 0; k < 63 && i + 64 <= text.size(); ++k, i += 64) {
            for (std::size_t lane = 0; lane < 64; lane += 16) {
                __m128i v;
                std::memcpy(&v, text.data() + i + lane, sizeof v);
                counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(v, pattern));
            }
        }
        const __m128i sums = _mm_sad_epu8(counts, zero);
        total += static_cast<std::size_t>(_mm_cvtsi128_si64(sums)) +
                 static_cast<std::size_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    }
#endif
    const std::uint64_t pattern8 = static_cast<unsigned char>(byte) * kOnes;
    const std::uint64_t low7 = 0x7F * kOnes;
    while (i + 8 <= text.size()) {
        // Per-byte counters: each lane gains at most 1 per word, so flush before 255 words.
        std::uint64_t lanes = 0;
        for (int k = 0; k < 255 && i + 8 <= text.size(); ++k, i += 8) {
            std::uint64_t v = 0;
            std::memcpy(&v, text.data() + i, sizeof v);
            const std::uint64_t x = v ^ pattern8;  // matching bytes become zero
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
    return field.empty() || field == "NA" || field == "N/A" || field == "#N/A" || field == "null" ||
           field == "NULL" || field == "None";
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
