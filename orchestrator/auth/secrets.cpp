#include "orchestrator/auth/secrets.hpp"

#include "orchestrator/auth/sodium_init.hpp"

#include <sodium.h>

#include <array>

namespace steward::auth {
namespace {

constexpr std::size_t kSecretBytes = 32;
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
static_assert(sodium_base64_ENCODED_LEN(kSecretBytes, kVariant) == kSecretChars + 1);  // + the NUL

}  // namespace

std::string random_secret(std::string_view prefix) {
    ensure_sodium();
    std::array<unsigned char, kSecretBytes> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, sodium_base64_ENCODED_LEN(kSecretBytes, kVariant)> encoded{};
    sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
    sodium_memzero(bytes.data(), bytes.size());
    std::string secret(prefix);
    secret.append(encoded.data(), kSecretChars);
    sodium_memzero(encoded.data(), encoded.size());
    return secret;
}

std::string secret_hash(std::string_view secret) {
    ensure_sodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return {hex.data(), crypto_hash_sha256_BYTES * 2};
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) {
        return false;
    }
    // sodium_memcmp needs no initialisation; an empty pair compares equal.
    return a.empty() || sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace steward::auth
