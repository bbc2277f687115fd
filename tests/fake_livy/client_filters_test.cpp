// Livy's server filters: CSRF protection and HTTP Basic auth.
#include "tests/fake_livy/client_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward::fake_livy;
namespace utf = boost::unit_test;

BOOST_FIXTURE_TEST_SUITE(client_filters, ClientFixture)

BOOST_AUTO_TEST_CASE(csrf_protection_passes_because_of_x_requested_by, *utf::timeout(30)) {
    fake.filters().csrf = true;
    const auto b = run(client.create_batch(batch_request("/f.py", "csrf-ok")));
    BOOST_REQUIRE_MESSAGE(b.has_value(), why(b));
    BOOST_TEST(run(client.delete_batch(b->id)).has_value());
    // The same POST without the header is what the filter rejects (raw call, no client).
    const auto raw = call("POST", "/batches", R"({"file":"/f.py"})", {});
    BOOST_TEST(raw.status == 400U);
    BOOST_TEST(fake.model().count(Collection::batches) == 0U);
}

BOOST_AUTO_TEST_CASE(basic_auth_credentials_are_sent, *utf::timeout(30)) {
    fake.filters().basic_auth.emplace("svc", "pa:ss");
    auto config = test_client_config(fake);
    config.auth = livy::BasicAuth{"svc", "pa:ss"};
    livy::Client authed(io.get_executor(), config);
    BOOST_TEST(run(authed.version()).has_value());
    BOOST_TEST(fake.requests().back().header("Authorization").value_or("") ==
               "Basic " + base64_encode("svc:pa:ss"));

    const auto denied = run(client.version());  // the fixture's client has no credentials
    BOOST_REQUIRE_MESSAGE(!denied.has_value(), "expected an error");
    BOOST_TEST(denied.error().http_status == 401);
    BOOST_TEST(denied.error().code == livy::Errc::http_status);
    BOOST_TEST(fake.count_requests("GET", "/version") == 2U);  // a 401 is not retried
}

BOOST_AUTO_TEST_SUITE_END()
