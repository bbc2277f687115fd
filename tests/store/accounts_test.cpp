// Local accounts: create, read, list, passwords, roles, disabling, and the credential changes that
// revoke sessions and tokens.
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

Account alice() {
    return Account{.name = "alice",
                   .password_hash = "$argon2id$v=19$fake",
                   .roles = {"viewer", "approver"},
                   .email = "alice@example.com",
                   .disabled = false,
                   .created_at = 1000,
                   .credentials_changed_at = 1000};
}

Session session_of(const std::string& user, const std::string& id_hash) {
    return Session{.id_hash = id_hash,
                   .user = user,
                   .csrf_token = "csrf-" + id_hash,
                   .address = "127.0.0.1",
                   .created_at = 1000,
                   .last_seen_at = 1000,
                   .expires_at = 100'000};
}

ApiToken token_of(const std::string& user, const std::string& hash) {
    return ApiToken{.hash = hash, .user = user, .name = "ci", .created_by = "admin", .created_at = 1000};
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(accounts, StoreFixture)

BOOST_AUTO_TEST_CASE(create_then_get_returns_every_field_and_survives_a_reopen) {
    BOOST_TEST_REQUIRE(store().accounts().create(alice()).has_value());
    reopen();
    const auto got = store().accounts().get("alice");
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->name == "alice");
    BOOST_TEST(got->password_hash == "$argon2id$v=19$fake");
    BOOST_TEST(got->roles == (std::vector<std::string>{"viewer", "approver"}),
               boost::test_tools::per_element());
    BOOST_TEST(got->email == "alice@example.com");
    BOOST_TEST(!got->disabled);
    BOOST_TEST(got->created_at == 1000);
    BOOST_TEST(got->credentials_changed_at == 1000);
}

BOOST_AUTO_TEST_CASE(get_of_an_unknown_name_is_not_found) {
    BOOST_TEST(store().accounts().get("nobody").error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(a_second_create_with_the_same_name_is_a_duplicate_and_changes_nothing) {
    BOOST_TEST_REQUIRE(store().accounts().create(alice()).has_value());
    Account other = alice();
    other.roles = {"admin"};
    BOOST_TEST(store().accounts().create(other).error() == Errc::duplicate);
    BOOST_TEST(store().accounts().get("alice")->roles.size() == 2U);
}

BOOST_AUTO_TEST_CASE(names_outside_the_allowed_alphabet_or_length_are_refused) {
    for (const std::string& bad :
         std::vector<std::string>{"", "a b", "alice/x", "al'ice", "ädmin", std::string(65, 'a'), "a\nb"}) {
        Account account = alice();
        account.name = bad;
        BOOST_TEST(store().accounts().create(account).error() == Errc::invalid_argument, "name: " << bad);
    }
    for (const std::string& good :
         std::vector<std::string>{"a", "ci-bot", "first.last@example.com", "user_1", std::string(64, 'z')}) {
        Account account = alice();
        account.name = good;
        BOOST_TEST(store().accounts().create(account).has_value(), "name: " << good);
    }
    BOOST_TEST(store().accounts().list().size() == 5U);
}

BOOST_AUTO_TEST_CASE(list_is_ordered_by_name) {
    for (const char* name : {"carol", "alice", "bob"}) {
        Account account = alice();
        account.name = name;
        BOOST_TEST_REQUIRE(store().accounts().create(account).has_value());
    }
    const auto all = store().accounts().list();
    BOOST_TEST_REQUIRE(all.size() == 3U);
    BOOST_TEST(all[0].name == "alice");
    BOOST_TEST(all[1].name == "bob");
    BOOST_TEST(all[2].name == "carol");
    BOOST_TEST(all[2].roles.size() == 2U);
}

BOOST_AUTO_TEST_CASE(set_password_creates_a_row_without_roles_for_a_config_user) {
    store().accounts().set_password("steward", "$argon2id$new", 5000);
    const auto got = store().accounts().get("steward");
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->password_hash == "$argon2id$new");
    BOOST_TEST(got->roles.empty());
    BOOST_TEST(!got->disabled);
    BOOST_TEST(got->created_at == 5000);
    BOOST_TEST(got->credentials_changed_at == 5000);
}

BOOST_AUTO_TEST_CASE(set_password_replaces_the_hash_keeps_the_rest_and_revokes_the_users_sessions) {
    BOOST_TEST_REQUIRE(store().accounts().create(alice()).has_value());
    const RowId mine = store().sessions().create(session_of("alice", "s1"));
    const RowId theirs = store().sessions().create(session_of("bob", "s2"));
    BOOST_TEST_REQUIRE(store().tokens().create(token_of("alice", "t1")).has_value());

    store().accounts().set_password("alice", "$argon2id$changed", 7000);

    const auto got = store().accounts().get("alice");
    BOOST_TEST(got->password_hash == "$argon2id$changed");
    BOOST_TEST(got->credentials_changed_at == 7000);
    BOOST_TEST(got->created_at == 1000);
    BOOST_TEST(got->roles.size() == 2U);
    BOOST_TEST(got->email == "alice@example.com");
    BOOST_TEST(store().sessions().find("s1")->revoked_at.value_or(0) == 7000);
    BOOST_TEST(store().sessions().find("s1")->id == mine);
    BOOST_TEST(!store().sessions().find("s2")->revoked_at.has_value());
    BOOST_TEST(store().sessions().find("s2")->id == theirs);
    // A password change is about sign-in; the user's API tokens stay valid.
    BOOST_TEST(!store().tokens().find_by_hash("t1")->revoked_at.has_value());
}

BOOST_AUTO_TEST_CASE(set_password_with_an_empty_hash_removes_the_password) {
    BOOST_TEST_REQUIRE(store().accounts().create(alice()).has_value());
    store().accounts().set_password("alice", "", 7000);
    BOOST_TEST(store().accounts().get("alice")->password_hash.empty());
}

BOOST_AUTO_TEST_CASE(set_password_for_an_invalid_name_throws_and_writes_nothing) {
    BOOST_CHECK_THROW(store().accounts().set_password("bad name", "$h", 7000), StoreError);
    BOOST_TEST(store().accounts().list().empty());
}

BOOST_AUTO_TEST_CASE(disabling_revokes_the_users_sessions_and_tokens_only) {
    BOOST_TEST_REQUIRE(store().accounts().create(alice()).has_value());
    store().sessions().create(session_of("alice", "s1"));
    store().sessions().create(session_of("bob", "s2"));
    const RowId old_token = *store().tokens().create(token_of("alice", "t0"));
    BOOST_TEST_REQUIRE(store().tokens().revoke(old_token, 2000).has_value());
    BOOST_TEST_REQUIRE(store().tokens().create(token_of("alice", "t1")).has_value());
    BOOST_TEST_REQUIRE(store().tokens().create(token_of("bob", "t2")).has_value());

    BOOST_TEST_REQUIRE(store().accounts().set_disabled("alice", true, 9000).has_value());

    BOOST_TEST(store().accounts().get("alice")->disabled);
    BOOST_TEST(store().sessions().find("s1")->revoked_at.value_or(0) == 9000);
    BOOST_TEST(!store().sessions().find("s2")->revoked_at.has_value());
    BOOST_TEST(store().tokens().find_by_hash("t0")->revoked_at.value_or(0) == 2000);  // first revocation kept
    BOOST_TEST(store().tokens().find_by_hash("t1")->revoked_at.value_or(0) == 9000);
    BOOST_TEST(!store().tokens().find_by_hash("t2")->revoked_at.has_value());

    // Enabling again does not resurrect what was revoked.
    BOOST_TEST_REQUIRE(store().accounts().set_disabled("alice", false, 9500).has_value());
    BOOST_TEST(!store().accounts().get("alice")->disabled);
    BOOST_TEST(store().sessions().find("s1")->revoked_at.value_or(0) == 9000);
    BOOST_TEST(store().tokens().find_by_hash("t1")->revoked_at.value_or(0) == 9000);
}

BOOST_AUTO_TEST_CASE(disabling_an_unknown_account_is_not_found_and_revokes_nothing) {
    store().sessions().create(session_of("ghost", "s1"));
    BOOST_TEST(store().accounts().set_disabled("ghost", true, 9000).error() == Errc::not_found);
    BOOST_TEST(!store().sessions().find("s1")->revoked_at.has_value());
}

BOOST_AUTO_TEST_CASE(set_roles_replaces_the_roles) {
    BOOST_TEST_REQUIRE(store().accounts().create(alice()).has_value());
    BOOST_TEST_REQUIRE(store().accounts().set_roles("alice", {"admin"}).has_value());
    BOOST_TEST(store().accounts().get("alice")->roles == std::vector<std::string>{"admin"},
               boost::test_tools::per_element());
    BOOST_TEST_REQUIRE(store().accounts().set_roles("alice", {}).has_value());
    BOOST_TEST(store().accounts().get("alice")->roles.empty());
    BOOST_TEST(store().accounts().set_roles("nobody", {"admin"}).error() == Errc::not_found);
}

BOOST_AUTO_TEST_CASE(roles_with_quotes_and_backslashes_round_trip) {
    Account account = alice();
    account.roles = {"we\"ird", "back\\slash", "ünï"};
    BOOST_TEST_REQUIRE(store().accounts().create(account).has_value());
    BOOST_TEST(store().accounts().get("alice")->roles == account.roles, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
