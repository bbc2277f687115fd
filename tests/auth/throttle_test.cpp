// Sign-in throttling per user and per address.
#include "orchestrator/auth/throttle.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using steward::auth::SignInThrottle;

namespace {

constexpr std::int64_t kWindow = std::int64_t{15} * 60 * 1000;

}  // namespace

BOOST_AUTO_TEST_SUITE(throttle)

BOOST_AUTO_TEST_CASE(a_user_is_blocked_after_max_failures_from_any_address) {
    SignInThrottle throttle(5, kWindow);
    for (int i = 0; i < 4; ++i) {
        throttle.record_failure("alice", "10.0.0." + std::to_string(i), 1000 + i);
        BOOST_TEST(throttle.retry_after("alice", "10.0.0.99", 1000 + i) == 0);
    }
    throttle.record_failure("alice", "10.0.0.4", 1004);
    BOOST_TEST(throttle.retry_after("alice", "10.0.0.99", 2000) == 1000 + kWindow - 2000);
    BOOST_TEST(throttle.retry_after("bob", "10.0.0.99", 2000) == 0);
}

BOOST_AUTO_TEST_CASE(an_address_is_blocked_after_max_failures_for_any_users) {
    SignInThrottle throttle(5, kWindow);
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(throttle.retry_after("user" + std::to_string(i), "203.0.113.9", 1000) == 0);
        throttle.record_failure("user" + std::to_string(i), "203.0.113.9", 1000);
    }
    BOOST_TEST(throttle.retry_after("somebody-else", "203.0.113.9", 1000) == kWindow);
    BOOST_TEST(throttle.retry_after("somebody-else", "198.51.100.1", 1000) == 0);
    BOOST_TEST(throttle.retry_after("user0", "198.51.100.1", 1000) == 0);  // each user failed once
}

BOOST_AUTO_TEST_CASE(the_address_limit_can_be_set_apart_from_the_user_limit) {
    SignInThrottle throttle(3, kWindow, 10);
    for (int i = 0; i < 9; ++i) {
        throttle.record_failure("user" + std::to_string(i), "192.0.2.1", 1000);
    }
    BOOST_TEST(throttle.retry_after("new", "192.0.2.1", 1000) == 0);
    throttle.record_failure("user9", "192.0.2.1", 1000);
    BOOST_TEST(throttle.retry_after("new", "192.0.2.1", 1000) > 0);
}

BOOST_AUTO_TEST_CASE(the_block_ends_with_the_window_and_a_new_window_starts_counting_afresh) {
    SignInThrottle throttle(3, kWindow);
    for (int i = 0; i < 3; ++i) {
        throttle.record_failure("alice", "10.0.0.1", 0);
    }
    BOOST_TEST(throttle.retry_after("alice", "10.0.0.1", kWindow - 1) == 1);
    BOOST_TEST(throttle.retry_after("alice", "10.0.0.1", kWindow) == 0);
    throttle.record_failure("alice", "10.0.0.1", kWindow);
    BOOST_TEST(throttle.retry_after("alice", "10.0.0.1", kWindow) == 0);  // one failure in the new window
    throttle.record_failure("alice", "10.0.0.1", kWindow + 10);
    throttle.record_failure("alice", "10.0.0.1", kWindow + 20);
    BOOST_TEST(throttle.retry_after("alice", "10.0.0.1", kWindow + 20) == kWindow - 20);
}

BOOST_AUTO_TEST_CASE(failures_spread_over_more_than_a_window_never_block) {
    SignInThrottle throttle(3, kWindow);
    for (int i = 0; i < 20; ++i) {
        throttle.record_failure("alice", "10.0.0.1", static_cast<std::int64_t>(i) * (kWindow / 2));
        BOOST_TEST(throttle.retry_after("alice", "10.0.0.1", static_cast<std::int64_t>(i) * (kWindow / 2)) ==
                   0);
    }
}

BOOST_AUTO_TEST_CASE(a_success_clears_the_user_and_the_address) {
    SignInThrottle throttle(3, kWindow);
    throttle.record_failure("alice", "10.0.0.1", 1000);
    throttle.record_failure("alice", "10.0.0.1", 1001);
    throttle.record_success("alice", "10.0.0.1");
    throttle.record_failure("alice", "10.0.0.1", 1002);
    throttle.record_failure("alice", "10.0.0.1", 1003);
    BOOST_TEST(throttle.retry_after("alice", "10.0.0.1", 1003) == 0);
    throttle.record_failure("alice", "10.0.0.1", 1004);
    BOOST_TEST(throttle.retry_after("alice", "10.0.0.1", 1004) > 0);
    throttle.record_success("alice", "10.0.0.1");
    BOOST_TEST(throttle.retry_after("alice", "10.0.0.1", 1005) == 0);
    BOOST_TEST(throttle.tracked_users() == 0U);
    BOOST_TEST(throttle.tracked_addresses() == 0U);
}

BOOST_AUTO_TEST_CASE(empty_user_or_address_is_not_counted) {
    SignInThrottle throttle(2, kWindow);
    for (int i = 0; i < 5; ++i) {
        throttle.record_failure("", "", 1000);
    }
    BOOST_TEST(throttle.retry_after("", "", 1000) == 0);
    BOOST_TEST(throttle.tracked_users() == 0U);
    BOOST_TEST(throttle.tracked_addresses() == 0U);
}

BOOST_AUTO_TEST_CASE(memory_is_bounded_and_the_least_recently_failed_key_is_forgotten) {
    SignInThrottle throttle(2, kWindow, 0, 100);
    throttle.record_failure("first", "a0", 0);
    throttle.record_failure("first", "a0", 1);
    BOOST_TEST(throttle.retry_after("first", "", 1) > 0);
    for (int i = 1; i < 100; ++i) {
        throttle.record_failure("user" + std::to_string(i), "a" + std::to_string(i), 2);
    }
    BOOST_TEST(throttle.tracked_users() == 100U);
    BOOST_TEST(throttle.retry_after("first", "", 2) > 0);  // still tracked at the cap
    throttle.record_failure("user1", "a1", 3);             // user1 becomes the most recent
    throttle.record_failure("one-more", "a-more", 3);      // evicts "first", the oldest
    BOOST_TEST(throttle.tracked_users() == 100U);
    BOOST_TEST(throttle.tracked_addresses() == 100U);
    BOOST_TEST(throttle.retry_after("first", "", 3) == 0);
    throttle.record_failure("another", "a-another", 3);  // evicts user2, not user1
    BOOST_TEST(throttle.retry_after("user1", "", 3) > 0);
}

BOOST_AUTO_TEST_SUITE_END()
