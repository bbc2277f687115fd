// Creates whose outcome is unknown: the client must look the name up and never create twice.
#include "tests/fake_livy/client_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward::fake_livy;
namespace utf = boost::unit_test;

BOOST_FIXTURE_TEST_SUITE(client_create, ClientFixture)

BOOST_AUTO_TEST_CASE(dropped_connection_after_create_finds_the_batch_by_name, *utf::timeout(30)) {
    fake.add_fault(action_fault(FaultAction::drop_after_processing, "POST", "/batches"));
    const auto b = run(client.create_batch(batch_request("/f.py", "nightly-1")));
    BOOST_REQUIRE_MESSAGE(b.has_value(), why(b));
    BOOST_TEST(b->name.value_or("") == "nightly-1");
    BOOST_TEST(fake.model().count(Collection::batches) == 1U);  // no duplicate
    BOOST_TEST(fake.count_requests("POST", "/batches") == 1U);  // never re-posted
    BOOST_TEST(fake.count_requests("GET", "/batches/nightly-1") == 1U);
    BOOST_TEST(
        (fake.model().ref_by_name(Collection::batches, "nightly-1") == std::optional<std::string>(b->id)));
}

BOOST_AUTO_TEST_CASE(a_dropped_create_on_a_reused_connection_is_not_duplicated, *utf::timeout(30)) {
    // A warm keep-alive connection: the client must not mistake the dropped reply for a stale
    // connection and silently re-send the POST.
    BOOST_REQUIRE(run(client.version()).has_value());
    fake.add_fault(action_fault(FaultAction::drop_after_processing, "POST", "/batches"));
    const auto b = run(client.create_batch(batch_request("/f.py", "nightly-warm")));
    BOOST_REQUIRE_MESSAGE(b.has_value(), why(b));
    BOOST_TEST(b->name.value_or("") == "nightly-warm");
    BOOST_TEST(fake.model().count(Collection::batches) == 1U);
    BOOST_TEST(fake.count_requests("POST", "/batches") == 1U);
}

BOOST_AUTO_TEST_CASE(reset_mid_reply_after_create_finds_the_batch_by_name, *utf::timeout(30)) {
    fake.add_fault(action_fault(FaultAction::reset_mid_reply, "POST", "/batches"));
    const auto b = run(client.create_batch(batch_request("/f.py", "nightly-2")));
    BOOST_REQUIRE_MESSAGE(b.has_value(), why(b));
    BOOST_TEST(fake.model().count(Collection::batches) == 1U);
    BOOST_TEST(fake.count_requests("POST", "/batches") == 1U);
}

BOOST_AUTO_TEST_CASE(a_create_that_times_out_is_resolved_by_name, *utf::timeout(30)) {
    auto config = test_client_config(fake);
    config.request_timeout = Millis(150);
    livy::Client c(io.get_executor(), config);
    fake.add_fault(delay_fault("POST", "/batches", Millis(1000)));
    const auto b = run(c.create_batch(batch_request("/f.py", "nightly-3")));
    BOOST_REQUIRE_MESSAGE(b.has_value(), why(b));
    BOOST_TEST(fake.model().count(Collection::batches) == 1U);
    BOOST_TEST(fake.count_requests("POST", "/batches") == 1U);
}

BOOST_AUTO_TEST_CASE(a_create_that_never_arrived_is_sent_again_after_the_lookup, *utf::timeout(30)) {
    fake.add_fault(action_fault(FaultAction::drop_before_processing, "POST", "/batches"));
    const auto b = run(client.create_batch(batch_request("/f.py", "nightly-4")));
    BOOST_REQUIRE_MESSAGE(b.has_value(), why(b));
    BOOST_TEST(fake.model().count(Collection::batches) == 1U);
    BOOST_TEST(fake.count_requests("POST", "/batches") == 2U);
    BOOST_TEST(fake.count_requests("GET", "/batches/nightly-4") == 1U);  // looked up in between
    const auto& reqs = fake.requests();
    BOOST_REQUIRE(reqs.size() == 4U);
    BOOST_TEST(reqs[1].method == "GET");  // POST, lookup, list (confirms the 404), POST
    BOOST_TEST(reqs[2].path() == "/batches");
}

BOOST_AUTO_TEST_CASE(a_503_create_is_looked_up_then_sent_again, *utf::timeout(30)) {
    fake.add_fault(reply_fault("POST", "/batches", 503, "<html>Service Unavailable</html>"));
    const auto b = run(client.create_batch(batch_request("/f.py", "nightly-5")));
    BOOST_REQUIRE_MESSAGE(b.has_value(), why(b));
    BOOST_TEST(fake.model().count(Collection::batches) == 1U);
    BOOST_TEST(fake.count_requests("POST", "/batches") == 2U);
}

BOOST_AUTO_TEST_CASE(an_unnamed_create_with_unknown_outcome_is_not_resent, *utf::timeout(30)) {
    fake.add_fault(action_fault(FaultAction::drop_after_processing, "POST", "/batches"));
    const auto b = run(client.create_batch(batch_request("/f.py")));
    BOOST_REQUIRE_MESSAGE(!b.has_value(), "expected an error");
    BOOST_TEST(b.error().outcome_unknown);
    BOOST_TEST(fake.count_requests("POST", "/batches") == 1U);
    BOOST_TEST(fake.model().count(Collection::batches) == 1U);  // it exists; the client said "unknown"
}

BOOST_AUTO_TEST_CASE(a_rejected_create_is_not_retried, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py", "taken"))).has_value());
    const auto dup = run(client.create_batch(batch_request("/g.py", "taken")));
    BOOST_REQUIRE_MESSAGE(!dup.has_value(), "expected an error");
    BOOST_TEST(dup.error().http_status == 400);
    BOOST_TEST(dup.error().message.find("Duplicate session name") != std::string::npos);
    BOOST_TEST(fake.count_requests("POST", "/batches") == 2U);
    const auto digits = run(client.create_batch(batch_request("/f.py", "2024")));
    BOOST_REQUIRE_MESSAGE(!digits.has_value(), "expected an error");
    BOOST_TEST(digits.error().code == livy::Errc::invalid_request);  // caught before sending
    BOOST_TEST(fake.count_requests("POST", "/batches") == 2U);
}

BOOST_AUTO_TEST_CASE(session_creates_follow_the_same_rule, *utf::timeout(30)) {
    fake.add_fault(action_fault(FaultAction::drop_after_processing, "POST", "/sessions"));
    livy::SessionRequest req;
    req.kind = "spark";
    req.name = "interactive-1";
    const auto s = run(client.create_session(req));
    BOOST_REQUIRE_MESSAGE(s.has_value(), why(s));
    BOOST_TEST(s->name.value_or("") == "interactive-1");
    BOOST_TEST(fake.model().count(Collection::sessions) == 1U);
    BOOST_TEST(fake.count_requests("POST", "/sessions") == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
