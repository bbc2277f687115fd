#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// Password hashing for local accounts: Argon2id through libsodium's crypto_pwhash_str (the
// parameters travel inside the hash string, so stronger ones later still verify old hashes).
// Thread-safe; each hash or verification costs about 0.1 s of CPU and 64 MiB of memory, so call
// them off the io_context thread when that matters.

namespace steward::auth {

/// The shortest and longest password `password_problem` accepts, in characters (UTF-8 code points).
inline constexpr std::size_t kMinPasswordLength = 12;
inline constexpr std::size_t kMaxPasswordLength = 1024;

/// An Argon2id hash string ("$argon2id$v=19$m=65536,t=2,p=1$salt$hash") of `password` with a fresh
/// random salt and libsodium's INTERACTIVE limits. Throws std::runtime_error only when the memory
/// for the hash cannot be allocated.
std::string hash_password(std::string_view password);

/// True if `password` matches `hash` (a string from `hash_password`). False for an empty or
/// malformed hash. Never throws.
bool verify_password(std::string_view hash, std::string_view password) noexcept;

/// Verifies `password` against a fixed dummy hash and discards the answer, so that signing in as an
/// unknown user (or one without a password) takes as long as a wrong password. Never throws.
void burn_verify_time(std::string_view password) noexcept;

/// True if `hash` was made with weaker parameters (or another algorithm) than `hash_password`
/// uses now, so it should be replaced after the next successful sign-in. True for a malformed
/// hash. Never throws.
bool needs_rehash(std::string_view hash) noexcept;

/// Why `password` is not acceptable as a new password, as a sentence for the user; "" if it is.
/// Refuses fewer than kMinPasswordLength or more than kMaxPasswordLength characters. Pure.
std::string password_problem(std::string_view password);

}  // namespace steward::auth
