// The fake's fault injection, filters and request recording, checked with raw HTTP.
#include "tests/fake_livy/fake_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward::fake_livy;
namespace json = boost::json;
namespace utf = boost::unit_test;

BOOST_FIXTURE_TEST_SUITE(fake_faults, FakeFixture)

BOOST_AUTO_TEST_CASE(reply_fault_replaces_the_answer_without_processing, *utf::timeout(20)) {
    fake.add_fault(reply_fault("POST", "/batches", 503, R"("busy")"));
    const auto r = call("POST", "/batches", R"({"file":"/f"})");
    BOOST_TEST(r.status == 503U);
    BOOST_TEST(r.body == R"("busy")");
    BOOST_TEST(fake.model().count(Collection::batches) == 0U);
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f"})").status == 201U);  // only the 1st
    BOOST_TEST(fake.faults_fired().at(0) == 1U);
}

BOOST_AUTO_TEST_CASE(drop_after_processing_creates_but_never_answers, *utf::timeout(20)) {
    fake.add_fault(action_fault(FaultAction::drop_after_processing, "POST", "/batches"));
    const auto r = call("POST", "/batches", R"({"file":"/f","name":"n1"})");
    BOOST_TEST(r.status == 0U);
    BOOST_TEST(!r.error.empty());
    BOOST_TEST((fake.model().id_by_name(Collection::batches, "n1") == std::optional<int>(0)));
}

BOOST_AUTO_TEST_CASE(drop_before_processing_changes_nothing, *utf::timeout(20)) {
    fake.add_fault(action_fault(FaultAction::drop_before_processing, "POST", "/batches"));
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f"})").status == 0U);
    BOOST_TEST(fake.model().count(Collection::batches) == 0U);
}

BOOST_AUTO_TEST_CASE(reset_mid_reply_sends_a_partial_response, *utf::timeout(20)) {
    fake.add_fault(action_fault(FaultAction::reset_mid_reply, "GET", "/version"));
    const auto r = call("GET", "/version");
    BOOST_TEST(r.status == 0U);
    BOOST_TEST(!r.error.empty());
    auto body_cut = action_fault(FaultAction::reset_mid_reply, "GET", "/version");
    body_cut.partial_bytes = 250;  // past the headers, inside the body
    fake.add_fault(body_cut);
    BOOST_TEST(call("GET", "/version").status == 0U);
    BOOST_TEST(call("GET", "/version").status == 200U);
}

BOOST_AUTO_TEST_CASE(malformed_json_keeps_the_status, *utf::timeout(20)) {
    fake.add_fault(action_fault(FaultAction::malformed_json, "GET", "/version"));
    const auto r = call("GET", "/version");
    BOOST_TEST(r.status == 200U);
    boost::system::error_code ec;
    json::parse(r.body, ec);
    BOOST_TEST(ec.failed());
}

BOOST_AUTO_TEST_CASE(delay_holds_the_reply_back, *utf::timeout(20)) {
    fake.add_fault(delay_fault("GET", "/version", Millis(150)));
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(call("GET", "/version").status == 200U);
    BOOST_TEST((std::chrono::steady_clock::now() - start) >= Millis(150));
}

BOOST_AUTO_TEST_CASE(collect_garbage_fault_makes_finished_objects_vanish, *utf::timeout(20)) {
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f"})").status == 201U);
    fake.model().advance(Millis(2000));
    fake.add_fault(action_fault(FaultAction::collect_garbage, "GET", "/batches/*", 2));
    BOOST_TEST(call("GET", "/batches/0").status == 200U);
    BOOST_TEST(call("GET", "/batches/0").status == 404U);
}

BOOST_AUTO_TEST_CASE(csrf_requires_x_requested_by_on_posts_only, *utf::timeout(20)) {
    fake.filters().csrf = true;
    const auto rejected = call("POST", "/batches", R"({"file":"/f"})", {});
    BOOST_TEST(rejected.status == 400U);
    BOOST_TEST(rejected.header("Content-Type").starts_with("text/html"));
    BOOST_TEST(rejected.body.find("Missing Required Header for CSRF protection.") != std::string::npos);
    BOOST_TEST(call("GET", "/batches", {}, {}).status == 200U);
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f"})").status == 201U);
}

BOOST_AUTO_TEST_CASE(basic_auth_is_checked, *utf::timeout(20)) {
    fake.filters().basic_auth.emplace("alice", "s3cret");
    const auto denied = call("GET", "/version");
    BOOST_TEST(denied.status == 401U);
    BOOST_TEST(denied.header("WWW-Authenticate") == R"(Basic realm="livy")");
    BOOST_TEST(call("GET", "/version", {}, {{"Authorization", "Basic YWxpY2U6d3Jvbmc="}}).status == 401U);
    BOOST_TEST(call("GET", "/version", {}, {{"Authorization", "Basic YWxpY2U6czNjcmV0"}}).status == 200U);
    BOOST_TEST(base64_encode("alice:s3cret") == "YWxpY2U6czNjcmV0");
    BOOST_TEST(base64_encode("a") == "YQ==");
    BOOST_TEST(base64_encode("ab") == "YWI=");
}

BOOST_AUTO_TEST_CASE(requests_and_connections_are_recorded, *utf::timeout(20)) {
    call("POST", "/batches?x=1", R"({"file":"/f"})",
         {{"X-Requested-By", "me"}, {"Accept", "application/json"}});
    call("GET", "/batches/0");
    BOOST_REQUIRE(fake.requests().size() == 2U);
    const auto& post = fake.requests().front();
    BOOST_TEST(post.method == "POST");
    BOOST_TEST(post.target == "/batches?x=1");
    BOOST_TEST(post.path() == "/batches");
    BOOST_TEST((post.query("x") == std::optional<std::string>("1")));
    BOOST_TEST((post.header("x-requested-by") == std::optional<std::string>("me")));
    BOOST_TEST(post.body == R"({"file":"/f"})");
    BOOST_TEST(fake.count_requests("GET", "/batches/*") == 1U);
    BOOST_TEST(fake.connections_accepted() == 2U);  // raw_request opens one per call
    BOOST_TEST(fake.requests().back().connection == 2U);
}

BOOST_AUTO_TEST_CASE(recording_stops_at_the_configured_cap, *utf::timeout(20)) {
    auto options = manual_clock_options();
    options.max_recorded_requests = 1;
    FakeLivy capped(io, options);
    capped.start();
    for (int i = 0; i < 3; ++i) {
        BOOST_TEST(run_coro(io, raw_request(capped.port(), "GET", "/version")).status == 200U);
    }
    BOOST_TEST(capped.requests().size() == 1U);
    BOOST_TEST(capped.connections_accepted() == 3U);
}

BOOST_AUTO_TEST_SUITE_END()
