#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Random secrets (session ids, CSRF tokens, API tokens), their stored hashes, and comparison that
// takes the same time wherever the inputs differ. Thread-safe.

namespace steward::auth {

/// Characters `random_secret` appends to its prefix: 32 random bytes in unpadded base64url.
inline constexpr std::size_t kSecretChars = 43;

/// `prefix` followed by 43 characters of base64url (A-Z a-z 0-9 - _, no padding) encoding 32 bytes
/// from libsodium's CSPRNG (randombytes_buf), e.g. random_secret("stw_") for an API token.
/// Throws std::runtime_error only if libsodium cannot initialise.
std::string random_secret(std::string_view prefix = "");

/// The form a secret is stored in: lower-case hex SHA-256 of its bytes (64 characters). A secret
/// has 256 random bits, so a fast hash is enough (no salt or stretching needed). Throws
/// std::runtime_error only if libsodium cannot initialise.
std::string secret_hash(std::string_view secret);

/// True if `a` and `b` are equal, in time that depends only on their length (sodium_memcmp), for
/// comparing a presented secret (a CSRF token) with the expected one. Never throws.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace steward::auth
