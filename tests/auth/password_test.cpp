// Argon2id password hashes: round trip, refusals, and the password rules.
#include "orchestrator/auth/password.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace steward::auth;

BOOST_AUTO_TEST_SUITE(password)

BOOST_AUTO_TEST_CASE(a_hash_verifies_its_password_and_no_other) {
    const std::string hash = hash_password("correct horse battery staple");
    BOOST_TEST(hash.rfind("$argon2id$", 0) == 0U, hash);
    BOOST_TEST(verify_password(hash, "correct horse battery staple"));
    BOOST_TEST(!verify_password(hash, "correct horse battery stapler"));
    BOOST_TEST(!verify_password(hash, "Correct horse battery staple"));
    BOOST_TEST(!verify_password(hash, ""));
    BOOST_TEST(!needs_rehash(hash));
}

BOOST_AUTO_TEST_CASE(two_hashes_of_one_password_differ_and_neither_contains_it) {
    const std::string password = "hunter2hunter2";
    const std::string first = hash_password(password);
    const std::string second = hash_password(password);
    BOOST_TEST(first != second);  // a fresh salt each time
    BOOST_TEST(first.find(password) == std::string::npos);
    BOOST_TEST(first.find("hunter2") == std::string::npos);
    BOOST_TEST(verify_password(second, password));
}

BOOST_AUTO_TEST_CASE(passwords_with_nul_bytes_and_unicode_round_trip) {
    const std::string password = std::string("pass\0word-long-enough", 21) + "\xC3\xA9";
    const std::string hash = hash_password(password);
    BOOST_TEST(verify_password(hash, password));
    BOOST_TEST(!verify_password(hash, "pass"));  // not cut at the NUL
}

BOOST_AUTO_TEST_CASE(an_empty_or_malformed_hash_never_verifies) {
    const std::string good = hash_password("a long enough password");
    BOOST_TEST(!verify_password("", ""));
    BOOST_TEST(!verify_password("", "a long enough password"));
    BOOST_TEST(!verify_password("not a hash", "a long enough password"));
    BOOST_TEST(!verify_password("$argon2id$v=19$m=65536,t=2,p=1$", "a long enough password"));
    BOOST_TEST(!verify_password(good.substr(0, good.size() - 5), "a long enough password"));
    BOOST_TEST(!verify_password(good + std::string(200, 'A'), "a long enough password"));
    BOOST_TEST(!verify_password(std::string("$argon2id\0", 10) + good, "a long enough password"));
    BOOST_TEST(needs_rehash(""));
    BOOST_TEST(needs_rehash("not a hash"));
}

BOOST_AUTO_TEST_CASE(a_hash_with_weaker_parameters_still_verifies_but_needs_rehash) {
    // m=8192 (8 MiB), t=1: what an older, cheaper setting would have stored.
    const std::string weak =
        "$argon2id$v=19$m=8192,t=1,p=1$jX41RK97fNH0bdwl+RH04g$iX5BPLvzze4BoVbb6VcsykvgUdUnv9/7k8HlIeQtz30";
    BOOST_TEST(verify_password(weak, "an older password"));
    BOOST_TEST(!verify_password(weak, "another password"));
    BOOST_TEST(needs_rehash(weak));
}

BOOST_AUTO_TEST_CASE(burning_verify_time_never_throws) {
    burn_verify_time("");
    burn_verify_time("any password at all");
}

BOOST_AUTO_TEST_CASE(password_rules_refuse_short_and_huge_passwords) {
    BOOST_TEST(password_problem("").find("at least 12") != std::string::npos);
    BOOST_TEST(password_problem("elevenchars").find("at least 12") != std::string::npos);
    BOOST_TEST(password_problem("twelve chars") == "");
    BOOST_TEST(password_problem(std::string(1024, 'x')) == "");
    BOOST_TEST(password_problem(std::string(1025, 'x')).find("at most 1024") != std::string::npos);
    // Characters, not bytes: eleven two-byte letters are still too short.
    std::string eleven_e_acute;
    for (int i = 0; i < 11; ++i) {
        eleven_e_acute += "\xC3\xA9";
    }
    BOOST_TEST(password_problem(eleven_e_acute) != "");
    BOOST_TEST(password_problem(eleven_e_acute + "\xC3\xA9") == "");
}

BOOST_AUTO_TEST_SUITE_END()
