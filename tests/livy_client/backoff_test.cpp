#include "livy_client/config.hpp"

#include <boost/test/unit_test.hpp>

using namespace std::chrono_literals;

BOOST_AUTO_TEST_SUITE(livy_backoff)

BOOST_AUTO_TEST_CASE(exponential_without_jitter) {
    livy::RetryPolicy p;
    p.initial_delay = 100ms;
    p.factor = 2.0;
    p.max_delay = 1000ms;
    p.jitter = 0.0;
    BOOST_TEST(livy::backoff_delay(p, 1, 0.9).count() == 100);
    BOOST_TEST(livy::backoff_delay(p, 2, 0.1).count() == 200);
    BOOST_TEST(livy::backoff_delay(p, 3, 0.5).count() == 400);
    BOOST_TEST(livy::backoff_delay(p, 4, 0.5).count() == 800);
    BOOST_TEST(livy::backoff_delay(p, 5, 0.5).count() == 1000);
    BOOST_TEST(livy::backoff_delay(p, 500, 0.5).count() == 1000);  // no overflow
}

BOOST_AUTO_TEST_CASE(jitter_bounds) {
    livy::RetryPolicy p;
    p.initial_delay = 100ms;
    p.factor = 2.0;
    p.max_delay = 1000ms;
    p.jitter = 0.2;
    BOOST_TEST(livy::backoff_delay(p, 1, 0.0).count() == 80);
    BOOST_TEST(livy::backoff_delay(p, 1, 0.5).count() == 100);
    BOOST_TEST(livy::backoff_delay(p, 1, 1.0).count() == 120);
    BOOST_TEST(livy::backoff_delay(p, 2, 0.0).count() == 160);
    // Jitter never exceeds max_delay.
    BOOST_TEST(livy::backoff_delay(p, 10, 1.0).count() == 1000);
    BOOST_TEST(livy::backoff_delay(p, 10, 0.0).count() == 800);
}

BOOST_AUTO_TEST_CASE(poll_backoff) {
    livy::PollPolicy p{200ms, 1.5, 1000ms};
    BOOST_TEST(livy::poll_delay(p, 1).count() == 200);
    BOOST_TEST(livy::poll_delay(p, 2).count() == 300);
    BOOST_TEST(livy::poll_delay(p, 3).count() == 450);
    BOOST_TEST(livy::poll_delay(p, 5).count() == 1000);
    BOOST_TEST(livy::poll_delay(p, 0).count() == 200);
}

BOOST_AUTO_TEST_SUITE_END()
