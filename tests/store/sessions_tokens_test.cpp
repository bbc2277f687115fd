// Server-side sessions and API tokens: create, find, touch, revoke, purge, and the refusals.
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

Session session_of(const std::string& user, const std::string& id_hash, Millis expires_at = 100'000) {
    return Session{.id_hash = id_hash,
                   .user = user,
                   .csrf_token = "csrf-" + id_hash,
                   .address = "10.0.0.7",
                   .created_at = 1000,
                   .last_seen_at = 1000,
                   .expires_at = expires_at};
}

ApiToken token_of(const std::string& user, const std::string& hash) {
    return ApiToken{.hash = hash,
                    .user = user,
                    .name = "nightly scoring",
                    .scopes = {"runs:trigger", "runs:read"},
                    .workflows = "churn-*",
                    .created_by = "admin",
                    .created_at = 1000,
                    .expires_at = 50'000};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sessions, StoreFixture)

BOOST_AUTO_TEST_CASE(create_then_find_returns_every_field) {
    const RowId id = store().sessions().create(session_of("alice", "h1"));
    BOOST_TEST(id > 0);
    reopen();
    const auto got = store().sessions().find("h1");
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->id == id);
    BOOST_TEST(got->id_hash == "h1");
    BOOST_TEST(got->user == "alice");
    BOOST_TEST(got->csrf_token == "csrf-h1");
    BOOST_TEST(got->address == "10.0.0.7");
    BOOST_TEST(got->created_at == 1000);
    BOOST_TEST(got->last_seen_at == 1000);
    BOOST_TEST(got->expires_at == 100'000);
    BOOST_TEST(!got->revoked_at.has_value());
}

BOOST_AUTO_TEST_CASE(find_of_an_unknown_hash_is_not_found) {
    store().sessions().create(session_of("alice", "h1"));
    BOOST_TEST(store().sessions().find("h2").error() == Errc::not_found);
    BOOST_TEST(store().sessions().find("").error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(a_second_session_with_the_same_hash_throws) {
    store().sessions().create(session_of("alice", "h1"));
    BOOST_CHECK_THROW(store().sessions().create(session_of("bob", "h1")), StoreError);
    BOOST_TEST(store().sessions().find("h1")->user == "alice");
}

BOOST_AUTO_TEST_CASE(touch_moves_last_seen_only) {
    const RowId id = store().sessions().create(session_of("alice", "h1"));
    store().sessions().touch(id, 4000);
    const auto got = store().sessions().find("h1");
    BOOST_TEST(got->last_seen_at == 4000);
    BOOST_TEST(got->created_at == 1000);
    BOOST_TEST(got->expires_at == 100'000);
    store().sessions().touch(id + 100, 5000);  // unknown: ignored
}

BOOST_AUTO_TEST_CASE(revoke_is_returned_by_find_and_keeps_the_first_time) {
    const RowId id = store().sessions().create(session_of("alice", "h1"));
    store().sessions().revoke(id, 3000);
    BOOST_TEST(store().sessions().find("h1")->revoked_at.value_or(0) == 3000);
    store().sessions().revoke(id, 4000);
    BOOST_TEST(store().sessions().find("h1")->revoked_at.value_or(0) == 3000);
}

BOOST_AUTO_TEST_CASE(revoke_user_revokes_only_that_users_open_sessions_and_counts_them) {
    const RowId first = store().sessions().create(session_of("alice", "a1"));
    store().sessions().create(session_of("alice", "a2"));
    store().sessions().create(session_of("alice", "a3"));
    store().sessions().create(session_of("bob", "b1"));
    store().sessions().revoke(first, 2000);
    BOOST_TEST(store().sessions().revoke_user("alice", 3000) == 2);
    BOOST_TEST(store().sessions().find("a1")->revoked_at.value_or(0) == 2000);
    BOOST_TEST(store().sessions().find("a2")->revoked_at.value_or(0) == 3000);
    BOOST_TEST(store().sessions().find("a3")->revoked_at.value_or(0) == 3000);
    BOOST_TEST(!store().sessions().find("b1")->revoked_at.has_value());
    BOOST_TEST(store().sessions().revoke_user("alice", 4000) == 0);
    BOOST_TEST(store().sessions().revoke_user("nobody", 4000) == 0);
}

BOOST_AUTO_TEST_CASE(purge_deletes_sessions_expired_or_revoked_before_the_cutoff) {
    store().sessions().create(session_of("alice", "expired", 5000));
    store().sessions().create(session_of("alice", "expires-at-cutoff", 10'000));
    store().sessions().create(session_of("alice", "live", 50'000));
    const RowId old_revoked = store().sessions().create(session_of("bob", "revoked-early", 50'000));
    const RowId new_revoked = store().sessions().create(session_of("bob", "revoked-late", 50'000));
    store().sessions().revoke(old_revoked, 6000);
    store().sessions().revoke(new_revoked, 12'000);

    BOOST_TEST(store().sessions().purge(10'000) == 2);

    BOOST_TEST(store().sessions().find("expired").error() == Errc::not_found);
    BOOST_TEST(store().sessions().find("revoked-early").error() == Errc::not_found);
    BOOST_TEST(store().sessions().find("expires-at-cutoff").has_value());
    BOOST_TEST(store().sessions().find("live").has_value());
    BOOST_TEST(store().sessions().find("revoked-late").has_value());
    BOOST_TEST(store().sessions().purge(10'000) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(api_tokens, StoreFixture)

BOOST_AUTO_TEST_CASE(create_then_find_and_get_return_every_field) {
    const auto id = store().tokens().create(token_of("ci-bot", "abc123"));
    BOOST_TEST_REQUIRE(id.has_value());
    reopen();
    const auto got = store().tokens().find_by_hash("abc123");
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->id == *id);
    BOOST_TEST(got->hash == "abc123");
    BOOST_TEST(got->user == "ci-bot");
    BOOST_TEST(got->name == "nightly scoring");
    BOOST_TEST(got->scopes == (std::vector<std::string>{"runs:trigger", "runs:read"}),
               boost::test_tools::per_element());
    BOOST_TEST(got->workflows == "churn-*");
    BOOST_TEST(got->created_by == "admin");
    BOOST_TEST(got->created_at == 1000);
    BOOST_TEST(got->expires_at.value_or(0) == 50'000);
    BOOST_TEST(!got->last_used_at.has_value());
    BOOST_TEST(!got->revoked_at.has_value());
    const auto by_id = store().tokens().get(*id);
    BOOST_TEST_REQUIRE(by_id.has_value());
    BOOST_TEST(by_id->hash == "abc123");
}

BOOST_AUTO_TEST_CASE(a_token_without_expiry_scopes_or_pattern_round_trips) {
    ApiToken token{.hash = "h", .user = "u", .created_by = "u", .created_at = 1};
    const auto id = store().tokens().create(token);
    BOOST_TEST_REQUIRE(id.has_value());
    const auto got = store().tokens().get(*id);
    BOOST_TEST(got->scopes.empty());
    BOOST_TEST(got->workflows.empty());
    BOOST_TEST(!got->expires_at.has_value());
}

BOOST_AUTO_TEST_CASE(a_hash_clash_is_a_duplicate_and_empty_hash_or_user_is_invalid) {
    BOOST_TEST_REQUIRE(store().tokens().create(token_of("ci-bot", "abc123")).has_value());
    BOOST_TEST(store().tokens().create(token_of("other", "abc123")).error() == Errc::duplicate);
    BOOST_TEST(store().tokens().create(token_of("ci-bot", "")).error() == Errc::invalid_argument);
    BOOST_TEST(store().tokens().create(token_of("", "def")).error() == Errc::invalid_argument);
    BOOST_TEST(store().tokens().list(true).size() == 1U);
    BOOST_TEST(store().tokens().find_by_hash("abc123")->user == "ci-bot");
}

BOOST_AUTO_TEST_CASE(unknown_hash_or_id_is_not_found) {
    BOOST_TEST(store().tokens().find_by_hash("nope").error() == Errc::not_found);
    BOOST_TEST(store().tokens().get(42).error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(list_is_by_id_and_hides_revoked_tokens_unless_asked) {
    const RowId a = *store().tokens().create(token_of("u1", "a"));
    const RowId b = *store().tokens().create(token_of("u2", "b"));
    const RowId c = *store().tokens().create(token_of("u3", "c"));
    BOOST_TEST_REQUIRE(store().tokens().revoke(b, 2000).has_value());
    const auto open = store().tokens().list(false);
    BOOST_TEST_REQUIRE(open.size() == 2U);
    BOOST_TEST(open[0].id == a);
    BOOST_TEST(open[1].id == c);
    const auto all = store().tokens().list(true);
    BOOST_TEST_REQUIRE(all.size() == 3U);
    BOOST_TEST(all[1].id == b);
    BOOST_TEST(all[1].revoked_at.value_or(0) == 2000);
}

BOOST_AUTO_TEST_CASE(touch_writes_last_used_at_most_once_a_minute) {
    const RowId id = *store().tokens().create(token_of("ci-bot", "h"));
    store().tokens().touch(id, 100'000);
    BOOST_TEST(store().tokens().get(id)->last_used_at.value_or(0) == 100'000);
    store().tokens().touch(id, 100'000 + TokenStore::kTouchResolution - 1);
    BOOST_TEST(store().tokens().get(id)->last_used_at.value_or(0) == 100'000);
    store().tokens().touch(id, 100'000 + TokenStore::kTouchResolution);
    BOOST_TEST(store().tokens().get(id)->last_used_at.value_or(0) == 100'000 + TokenStore::kTouchResolution);
    store().tokens().touch(id + 1, 500'000);  // unknown: ignored
}

BOOST_AUTO_TEST_CASE(revoke_twice_is_fine_and_keeps_the_first_time_unknown_is_not_found) {
    const RowId id = *store().tokens().create(token_of("ci-bot", "h"));
    BOOST_TEST(store().tokens().revoke(id, 3000).has_value());
    BOOST_TEST(store().tokens().revoke(id, 4000).has_value());
    BOOST_TEST(store().tokens().get(id)->revoked_at.value_or(0) == 3000);
    BOOST_TEST(store().tokens().revoke(id + 1, 3000).error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(revoke_user_revokes_only_that_users_unrevoked_tokens) {
    const RowId first = *store().tokens().create(token_of("ci-bot", "a"));
    BOOST_TEST_REQUIRE(store().tokens().create(token_of("ci-bot", "b")).has_value());
    BOOST_TEST_REQUIRE(store().tokens().create(token_of("alice", "c")).has_value());
    BOOST_TEST_REQUIRE(store().tokens().revoke(first, 1500).has_value());
    BOOST_TEST(store().tokens().revoke_user("ci-bot", 2000) == 1);
    BOOST_TEST(store().tokens().find_by_hash("a")->revoked_at.value_or(0) == 1500);
    BOOST_TEST(store().tokens().find_by_hash("b")->revoked_at.value_or(0) == 2000);
    BOOST_TEST(!store().tokens().find_by_hash("c")->revoked_at.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
