// Random secrets, their stored hash, and constant-time comparison.
#include "orchestrator/auth/secrets.hpp"
#include "orchestrator/store/audit_log.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <string>

using namespace steward::auth;

namespace {

bool base64url(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(a_secret_is_the_prefix_and_43_base64url_characters) {
    const std::string token = random_secret("stw_");
    BOOST_TEST(token.size() == 4 + kSecretChars);
    BOOST_TEST(token.rfind("stw_", 0) == 0U);
    const std::string tail = token.substr(4);
    BOOST_TEST(std::all_of(tail.begin(), tail.end(), base64url), tail);
    BOOST_TEST(random_secret().size() == kSecretChars);
}

BOOST_AUTO_TEST_CASE(secrets_do_not_repeat) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        BOOST_TEST_REQUIRE(seen.insert(random_secret("s_")).second);
    }
}

BOOST_AUTO_TEST_CASE(the_secret_hash_is_lower_hex_sha256) {
    // SHA-256("abc") from FIPS 180-2.
    BOOST_TEST(secret_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string secret = random_secret("stw_");
    BOOST_TEST(secret_hash(secret) == steward::store::sha256_hex(secret));
    BOOST_TEST(secret_hash(secret).size() == 64U);
    BOOST_TEST(secret_hash(secret) != secret_hash(random_secret("stw_")));
}

BOOST_AUTO_TEST_CASE(constant_time_equal_compares_content_and_length) {
    BOOST_TEST(constant_time_equal("", ""));
    BOOST_TEST(constant_time_equal("abc", "abc"));
    BOOST_TEST(!constant_time_equal("abc", "abd"));
    BOOST_TEST(!constant_time_equal("abc", "ab"));
    BOOST_TEST(!constant_time_equal("", "a"));
    BOOST_TEST(!constant_time_equal(std::string("a\0b", 3), std::string("a\0c", 3)));
}

BOOST_AUTO_TEST_SUITE_END()
