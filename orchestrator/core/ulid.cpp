#include "orchestrator/core/ulid.hpp"

#include <algorithm>
#include <random>

namespace steward::core {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr std::int64_t kMaxTime = (std::int64_t{1} << 48) - 1;

}  // namespace

std::string make_ulid(std::int64_t unix_ms, std::uint64_t random_high, std::uint64_t random_low) {
    const auto time = static_cast<std::uint64_t>(std::clamp<std::int64_t>(unix_ms, 0, kMaxTime));
    std::string out(kUlidLength, '0');
    for (std::size_t i = 0; i < 10; ++i) {
        out[i] = kAlphabet[(time >> (5 * (9 - i))) & 31U];
    }
    // 80 random bits: 16 from random_high, 64 from random_low; 16 characters of 5 bits.
    const std::uint64_t high = random_high & 0xFFFFU;
    for (std::size_t i = 0; i < 16; ++i) {
        const std::size_t shift = 5 * (15 - i);  // bit offset within the 80-bit number
        std::uint64_t bits = 0;
        if (shift >= 64) {
            bits = high >> (shift - 64);
        } else {
            bits = random_low >> shift;
            if (shift > 59) {
                bits |= high << (64 - shift);
            }
        }
        out[10 + i] = kAlphabet[bits & 31U];
    }
    return out;
}

std::string new_ulid(std::int64_t unix_ms) {
    thread_local std::mt19937_64 generator{[] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device(), device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }()};
    const std::uint64_t high = generator();
    const std::uint64_t low = generator();
    return make_ulid(unix_ms, high, low);
}

bool is_ulid(std::string_view text) noexcept {
    if (text.size() != kUlidLength || text[0] < '0' || text[0] > '7') {
        return false;
    }
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return kAlphabet.find(c) != std::string_view::npos; });
}

}  // namespace steward::core
