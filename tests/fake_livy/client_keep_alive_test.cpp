// Connection reuse: the client keeps connections alive and reconnects when the server closed one.
#include "tests/fake_livy/client_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward::fake_livy;
namespace utf = boost::unit_test;

namespace {

FakeLivyOptions short_idle_options() {
    auto o = fast_options();
    o.idle_timeout = Millis(50);
    return o;
}

struct ShortIdleFixture : ClientFixture {
    ShortIdleFixture() : ClientFixture(short_idle_options()) {}
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(client_keep_alive, ClientFixture)

BOOST_AUTO_TEST_CASE(sequential_calls_share_one_connection, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    for (int i = 0; i < 10; ++i) {
        BOOST_REQUIRE(run(client.get_batch("0")).has_value());
        BOOST_REQUIRE(run(client.batch_log("0", {})).has_value());
    }
    BOOST_TEST(fake.connections_accepted() == 1U);
    BOOST_TEST(client.stats().connections_opened == 1U);
    for (const auto& r : fake.requests()) {
        BOOST_TEST(r.connection == 1U);
    }
}

BOOST_AUTO_TEST_CASE(a_wait_reuses_the_connection_for_every_poll, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_session({})).has_value());
    BOOST_REQUIRE(run(client.wait_for_session_idle("0", Millis(2000))).has_value());
    BOOST_TEST(fake.requests().size() >= 2U);  // the create and at least one poll
    BOOST_TEST(fake.connections_accepted() == 1U);
}

BOOST_FIXTURE_TEST_CASE(a_connection_closed_by_the_server_is_replaced_transparently, ShortIdleFixture,
                        *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.version()).has_value());
    wait(Millis(150));  // the fake closes the idle keep-alive connection after 50 ms
    const auto v = run(client.version());
    BOOST_REQUIRE_MESSAGE(v.has_value(), why(v));
    BOOST_TEST(fake.connections_accepted() == 2U);
    BOOST_TEST(fake.count_requests("GET", "/version") == 2U);  // no request was lost or doubled
}

BOOST_AUTO_TEST_SUITE_END()
