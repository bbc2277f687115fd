// ULIDs (run.uid): layout, format check, uniqueness and order.
#include "orchestrator/core/ulid.hpp"

#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

namespace core = steward::core;

BOOST_AUTO_TEST_SUITE(ulid)

BOOST_AUTO_TEST_CASE(layout_is_time_then_randomness_in_crockford_base32) {
    BOOST_TEST(core::make_ulid(0, 0, 0) == "00000000000000000000000000");
    BOOST_TEST(core::make_ulid((std::int64_t{1} << 48) - 1, ~0ULL, ~0ULL) == "7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
    // 1469918176385 ms is the ULID spec's example time: 01ARYZ6S41.
    BOOST_TEST(core::make_ulid(1469918176385, 0, 0).substr(0, 10) == "01ARYZ6S41");
    BOOST_TEST(core::make_ulid(0, 0, 1) == "00000000000000000000000001");
    BOOST_TEST(core::make_ulid(0, 1, 0) == "0000000000000G000000000000");  // bit 64: character 14, value 16
    BOOST_TEST(core::make_ulid(-5, 0, 0) == core::make_ulid(0, 0, 0));
    BOOST_TEST(core::is_ulid(core::make_ulid(1469918176385, 0x1234, 0xDEADBEEFCAFEF00DULL)));
    BOOST_TEST(!core::is_ulid("01ARYZ6S41"));
    BOOST_TEST(!core::is_ulid("8ZZZZZZZZZZZZZZZZZZZZZZZZZ"));
    BOOST_TEST(!core::is_ulid("01ARYZ6S41IIIIIIIIIIIIIIII"));
    BOOST_TEST(!core::is_ulid("01aryz6s410000000000000000"));
}

BOOST_AUTO_TEST_CASE(new_ulids_are_unique_and_time_ordered) {
    std::set<std::string> seen;
    for (int i = 0; i < 10000; ++i) {
        const std::string id = core::new_ulid(1'700'000'000'000 + i / 100);
        BOOST_TEST_REQUIRE(core::is_ulid(id), id);
        seen.insert(id);
    }
    BOOST_TEST(seen.size() == 10000U);
    BOOST_TEST(core::new_ulid(1'700'000'000'001) > core::new_ulid(1'700'000'000'000));
}

BOOST_AUTO_TEST_SUITE_END()
