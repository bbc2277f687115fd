#include "orchestrator/auth/password.hpp"

#include "orchestrator/auth/sodium_init.hpp"

#include <sodium.h>

#include <array>
#include <stdexcept>

namespace steward::auth {
namespace {

constexpr unsigned long long kOpsLimit = crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE;
constexpr std::size_t kMemLimit = crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE;

// hash_password("steward-dummy-password-for-timing"), made once with the limits above; only its
// cost matters, no password opens anything with it.
constexpr const char* kDummyHash =
    "$argon2id$v=19$m=65536,t=2,p=1$jat1sJ4W+liQK18wtfywvw$Ae76ZF3GKHd+nK+Hvzu/9BUwiTyVElAbAWE29+4EpFM";

// Copies a hash into the NUL-terminated buffer libsodium reads; false when it is empty or too long
// to be one of ours.
bool copy_hash(std::string_view hash, std::array<char, crypto_pwhash_STRBYTES>& out) noexcept {
    if (hash.empty() || hash.size() >= out.size()) {
        return false;
    }
    out.fill('\0');
    hash.copy(out.data(), hash.size());
    return true;
}

std::size_t code_points(std::string_view text) noexcept {
    std::size_t count = 0;
    for (const char c : text) {
        // Count every byte except UTF-8 continuation bytes (10xxxxxx).
        if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
            ++count;
        }
    }
    return count;
}

}  // namespace

std::string hash_password(std::string_view password) {
    ensure_sodium();
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), kOpsLimit, kMemLimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("auth: not enough memory to hash a password");
    }
    return {out.data()};
}

bool verify_password(std::string_view hash, std::string_view password) noexcept {
    std::array<char, crypto_pwhash_STRBYTES> buffer{};
    if (!copy_hash(hash, buffer)) {
        return false;
    }
    try {
        ensure_sodium();
    } catch (...) {
        return false;
    }
    return crypto_pwhash_str_verify(buffer.data(), password.data(), password.size()) == 0;
}

void burn_verify_time(std::string_view password) noexcept {
    static_cast<void>(verify_password(kDummyHash, password));
}

bool needs_rehash(std::string_view hash) noexcept {
    std::array<char, crypto_pwhash_STRBYTES> buffer{};
    if (!copy_hash(hash, buffer)) {
        return true;
    }
    // 1 = other parameters, -1 = not an Argon2id hash string: either way, rehash.
    return crypto_pwhash_argon2id_str_needs_rehash(buffer.data(), kOpsLimit, kMemLimit) != 0;
}

std::string password_problem(std::string_view password) {
    const std::size_t length = code_points(password);
    if (length < kMinPasswordLength) {
        return "a password needs at least " + std::to_string(kMinPasswordLength) + " characters";
    }
    if (length > kMaxPasswordLength) {
        return "a password may have at most " + std::to_string(kMaxPasswordLength) + " characters";
    }
    return "";
}

}  // namespace steward::auth
