// The client against a fake answering GUID ids (Fabric/Synapse-style gateways, Lighter): ids are
// kept as sent, percent-encoded into paths, and names are found by listing.
#include "tests/fake_livy/client_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward::fake_livy;
namespace utf = boost::unit_test;

namespace {

FakeLivyOptions guid_options() {
    FakeLivyOptions o = fast_options();
    o.model.string_ids = true;
    return o;
}

struct GuidFixture : ClientFixture {
    GuidFixture() : ClientFixture(guid_options()) {}
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(client_string_ids, GuidFixture)

BOOST_AUTO_TEST_CASE(batch_routes_keep_the_guid, *utf::timeout(30)) {
    const auto created = run(client.create_batch(batch_request("/jobs/pi.py", "guid-batch")));
    BOOST_REQUIRE_MESSAGE(created.has_value(), why(created));
    const std::string guid = guid_for(0);
    BOOST_TEST(created->id == guid);

    const auto list = run(client.list_batches());
    BOOST_REQUIRE_MESSAGE(list.has_value(), why(list));
    BOOST_TEST(list->batches.at(0).id == guid);
    BOOST_TEST(run(client.get_batch(guid))->name.value_or("") == "guid-batch");
    const auto state = run(client.batch_state(guid));
    BOOST_REQUIRE_MESSAGE(state.has_value(), why(state));
    BOOST_TEST(state->id == guid);
    const auto log = run(client.batch_log(guid, {.from = 0, .size = -1}));
    BOOST_REQUIRE_MESSAGE(log.has_value(), why(log));
    BOOST_TEST(log->id == guid);

    // The fake resolves only GUIDs in paths: a name is found by listing.
    const auto by_name = run(client.find_batch_by_name("guid-batch"));
    BOOST_REQUIRE_MESSAGE(by_name.has_value(), why(by_name));
    BOOST_REQUIRE(by_name->has_value());
    BOOST_TEST((*by_name)->id == guid);
    BOOST_TEST(fake.count_requests("GET", "/batches") >= 2U);

    const auto done = run(client.wait_for_batch(guid, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(done.has_value(), why(done));
    BOOST_TEST(done->state == livy::BatchState::success);
    BOOST_TEST(run(client.delete_batch(guid)).has_value());
    BOOST_TEST(fake.count_requests("DELETE", "/batches/" + guid) == 1U);
}

BOOST_AUTO_TEST_CASE(session_routes_keep_the_guid, *utf::timeout(30)) {
    livy::SessionRequest req;
    req.kind = "pyspark";
    req.name = "guid-session";
    const auto created = run(client.create_session(req));
    BOOST_REQUIRE_MESSAGE(created.has_value(), why(created));
    const std::string guid = guid_for(0);
    BOOST_TEST(created->id == guid);
    BOOST_TEST(run(client.list_sessions())->sessions.at(0).id == guid);
    const auto idle = run(client.wait_for_session_idle(guid, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(idle.has_value(), why(idle));
    BOOST_TEST(idle->id == guid);
    const auto st = run(client.submit_statement(guid, {.code = "1+1", .kind = std::nullopt}, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(st.has_value(), why(st));
    const auto done = run(client.wait_for_statement(guid, st->id, Millis(2000)));
    BOOST_REQUIRE_MESSAGE(done.has_value(), why(done));
    BOOST_TEST(done->state == livy::StatementState::available);
    const auto by_name = run(client.find_session_by_name("guid-session"));
    BOOST_REQUIRE(by_name.has_value() && by_name->has_value());
    BOOST_TEST((*by_name)->id == guid);
    BOOST_TEST(run(client.delete_session(guid)).has_value());
}

BOOST_AUTO_TEST_CASE(an_id_is_percent_encoded_in_the_path, *utf::timeout(30)) {
    const auto r = run(client.get_batch("a/b c"));
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().code == livy::Errc::not_found);
    BOOST_TEST(fake.requests().back().target == "/batches/a%2Fb%20c");
}

BOOST_AUTO_TEST_CASE(an_undecodable_create_reply_is_a_bad_response_with_an_unknown_outcome,
                     *utf::timeout(30)) {
    fake.add_fault(reply_fault("POST", "/batches", 201, R"({"state":"starting"})"));
    const auto r = run(client.create_batch(batch_request("/f.py", "no-id")));
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(r.error().code == livy::Errc::bad_response);
    BOOST_TEST(r.error().outcome_unknown);
    BOOST_TEST(r.error().method == "POST");
    BOOST_TEST(r.error().target == "/batches");
    BOOST_TEST(r.error().message.find("batch.id") != std::string::npos, r.error().message);
    BOOST_TEST(fake.count_requests("POST", "/batches") == 1U);
}

BOOST_AUTO_TEST_SUITE_END()
