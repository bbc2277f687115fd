// Signing in: sessions and their CSRF token, throttling, the single sign-on proxy, API tokens over
// the API, and the audit trail of it all.
#include "orchestrator/api/gate.hpp"
#include "orchestrator/api/router.hpp"
#include "orchestrator/auth/secrets.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace api = steward::api;
namespace auth = steward::auth;
namespace store = steward::store;
namespace json = boost::json;
using api::test::AccessHarness;

namespace {

constexpr const char* kPassword = "correct horse battery";

json::value body_of(const api::Response& r) {
    return json::parse(r.body);
}
std::string message_of(const api::Response& r) {
    return std::string(body_of(r).at("error").at("message").as_string());
}
std::string header_of(const api::Response& r, std::string_view name) {
    for (const auto& [key, value] : r.headers) {
        if (key == name)
            return value;
    }
    return "";
}

struct Harness : AccessHarness {
    Harness() {
        commands.add_workflow("churn");
        set_password("alice", kPassword);
        set_password("olga", kPassword);
    }
    api::Response sign_in(const std::string& user, const std::string& password) {
        return anonymous("POST", "/api/session",
                         json::serialize(json::object{{"user", user}, {"password", password}}));
    }
    // The cookie header of a fresh session, and its CSRF token.
    std::pair<std::string, std::string> session_of(const std::string& user) {
        const auto r = sign_in(user, kPassword);
        BOOST_REQUIRE_EQUAL(r.status, 200);
        const std::string cookie = header_of(r, "Set-Cookie");
        return {cookie.substr(0, cookie.find(';')), std::string(body_of(r).at("csrf_token").as_string())};
    }
    std::vector<store::AuditEntry> audit_rows() { return db.audit().list(0, 1000).value(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(sessions, Harness)

BOOST_AUTO_TEST_CASE(sign_in_sets_a_strict_http_only_cookie_and_never_says_which_part_was_wrong) {
    const auto ok = sign_in("alice", kPassword);
    BOOST_TEST(ok.status == 200);
    const std::string cookie = header_of(ok, "Set-Cookie");
    BOOST_TEST(cookie.starts_with("steward_session="));
    BOOST_TEST(cookie.find("HttpOnly") != std::string::npos);
    BOOST_TEST(cookie.find("SameSite=Strict") != std::string::npos);
    BOOST_TEST(cookie.find("Path=/") != std::string::npos);
    BOOST_TEST(body_of(ok).at("user").as_string() == "alice");
    // The database keeps only a hash of the cookie's value.
    const std::string value = cookie.substr(16, cookie.find(';') - 16);
    BOOST_TEST(db.sessions().find(value).has_error());
    BOOST_TEST(db.sessions().find(auth::secret_hash(value)).has_value());

    const auto wrong_password = sign_in("alice", "not the password");
    const auto unknown_user = sign_in("mallory", kPassword);
    const auto no_password = sign_in("bob", kPassword);
    for (const auto* r : {&wrong_password, &unknown_user, &no_password}) {
        BOOST_TEST(r->status == 401);
        BOOST_TEST(message_of(*r) == "wrong user name or password");
        BOOST_TEST(header_of(*r, "Set-Cookie").empty());
    }
}

BOOST_AUTO_TEST_CASE(over_tls_the_cookie_is_secure_and_the_origin_is_https) {
    api::Request request;
    request.method = "POST";
    request.path = "/api/session";
    request.tls = true;
    request.remote_address = "127.0.0.1";
    request.headers = {{"host", "steward.example.com"}, {"content-type", "application/json"}};
    request.body = json::serialize(json::object{{"user", "olga"}, {"password", kPassword}});
    const auto signed_in = api::dispatch(context, request);
    BOOST_REQUIRE_EQUAL(signed_in.status, 200);
    const std::string cookie = header_of(signed_in, "Set-Cookie");
    BOOST_TEST(cookie.find("; Secure") != std::string::npos, cookie);
    BOOST_TEST(sign_in("olga", kPassword).status == 200);
    BOOST_TEST(header_of(sign_in("olga", kPassword), "Set-Cookie").find("Secure") == std::string::npos);

    // The same-origin check knows the scheme: http:// is another origin than https://.
    request.path = "/api/workflows/churn/runs";
    request.body = R"({"params":{"x":1}})";
    request.headers["cookie"] = cookie.substr(0, cookie.find(';'));
    request.headers["x-csrf-token"] = std::string(body_of(signed_in).at("csrf_token").as_string());
    request.headers["origin"] = "http://steward.example.com";
    BOOST_TEST(api::dispatch(context, request).status == 403);
    request.headers["origin"] = "https://steward.example.com";
    BOOST_TEST(api::dispatch(context, request).status == 201);
}

BOOST_AUTO_TEST_CASE(a_cookie_change_needs_the_csrf_token_and_a_same_origin_marker) {
    const auto [cookie, csrf] = session_of("olga");
    const std::string url = "/api/workflows/churn/runs";
    const std::string body = R"({"params":{"x":1}})";
    BOOST_TEST(call("GET", "/api/runs", "", {{"cookie", cookie}}).status == 200);
    const auto no_token = call("POST", url, body, {{"cookie", cookie}, {"origin", "http://127.0.0.1:8080"}});
    BOOST_TEST(no_token.status == 403);
    BOOST_TEST(message_of(no_token).find("CSRF") != std::string::npos);
    const auto wrong_token =
        call("POST", url, body,
             {{"cookie", cookie}, {"origin", "http://127.0.0.1:8080"}, {"x-csrf-token", "guess"}});
    BOOST_TEST(wrong_token.status == 403);
    const auto no_origin = call("POST", url, body, {{"cookie", cookie}, {"x-csrf-token", csrf}});
    BOOST_TEST(no_origin.status == 403);
    const auto other_origin = call(
        "POST", url, body, {{"cookie", cookie}, {"x-csrf-token", csrf}, {"origin", "http://evil.example"}});
    BOOST_TEST(other_origin.status == 403);
    BOOST_TEST(commands.last_params.empty());
    const auto same_origin = call(
        "POST", url, body, {{"cookie", cookie}, {"x-csrf-token", csrf}, {"sec-fetch-site", "same-origin"}});
    BOOST_TEST(same_origin.status == 201);
    BOOST_TEST(commands.last_trigger == "http:olga");
}

BOOST_AUTO_TEST_CASE(sessions_end_when_idle_too_old_signed_out_or_the_password_changes) {
    const auto idle = session_of("alice").first;
    now_ms += auth.settings().session_idle_ms;
    const auto expired = call("GET", "/api/runs", "", {{"cookie", idle}});
    BOOST_TEST(expired.status == 401);
    BOOST_TEST(message_of(expired).find("expired") != std::string::npos);

    // Kept busy, a session still ends session_max after sign-in.
    const auto busy = session_of("alice").first;
    for (std::int64_t used = 0; used < auth.settings().session_max_ms; used += std::int64_t{30} * 60'000) {
        BOOST_TEST(call("GET", "/api/runs", "", {{"cookie", busy}}).status == 200);
        now_ms += std::int64_t{30} * 60'000;
    }
    BOOST_TEST(call("GET", "/api/runs", "", {{"cookie", busy}}).status == 401);

    const auto [out, csrf] = session_of("alice");
    BOOST_TEST(call("DELETE", "/api/session", "",
                    {{"cookie", out}, {"x-csrf-token", csrf}, {"sec-fetch-site", "same-origin"}})
                   .status == 200);
    BOOST_TEST(call("GET", "/api/runs", "", {{"cookie", out}}).status == 401);

    const auto changed = session_of("alice").first;
    set_password("alice", "another long password");
    BOOST_TEST(call("GET", "/api/runs", "", {{"cookie", changed}}).status == 401);

    const auto disabled = session_of("olga").first;
    const std::string olga_token = token("olga", {"read"});
    db.accounts().set_disabled("olga", true, now_ms).value();
    BOOST_TEST(call("GET", "/api/runs", "", {{"cookie", disabled}}).status == 401);
    BOOST_TEST(call("GET", "/api/runs", "", {{"authorization", "Bearer " + olga_token}}).status == 401);
    BOOST_TEST(sign_in("olga", kPassword).status == 401);
}

BOOST_AUTO_TEST_CASE(failed_sign_ins_are_throttled_per_user_and_per_address) {
    for (int i = 0; i < auth.settings().signin_max_failures; ++i) {
        BOOST_TEST(sign_in("alice", "wrong guess number " + std::to_string(i)).status == 401);
    }
    const auto blocked = sign_in("alice", kPassword);  // even the right password
    BOOST_TEST(blocked.status == 429);
    BOOST_TEST(std::stoi(header_of(blocked, "Retry-After")) > 0);
    // Per user: from another address alice is still blocked...
    remote_address = "10.1.1.1";
    BOOST_TEST(sign_in("alice", kPassword).status == 429);
    // ...and per address: the first address is blocked for olga too.
    remote_address = "127.0.0.1";
    BOOST_TEST(sign_in("olga", kPassword).status == 429);
    remote_address = "10.1.1.2";
    BOOST_TEST(sign_in("olga", kPassword).status == 200);
    now_ms += auth.settings().signin_window_ms + 1;
    BOOST_TEST(sign_in("alice", kPassword).status == 200);
}

BOOST_AUTO_TEST_CASE(every_sign_in_and_change_is_audited_with_its_author_and_address) {
    remote_address = "10.9.8.7";
    (void)sign_in("alice", "wrong guess");
    (void)sign_in("alice", kPassword);
    BOOST_TEST(call("POST", "/api/workflows/churn/runs", R"({"params":{"x":1}})", {}, "olga").status == 201);
    BOOST_TEST(call("POST", "/api/workflows/churn/runs", R"({"params":{"x":1}})", {}, "vera").status == 403);
    const auto rows = audit_rows();
    auto find = [&](std::string_view action) {
        std::vector<store::AuditEntry> out;
        for (const auto& row : rows)
            if (row.action == action)
                out.push_back(row);
        return out;
    };
    BOOST_REQUIRE_EQUAL(find("session.sign_in_failed").size(), 1u);
    BOOST_TEST(find("session.sign_in_failed")[0].object_id == "alice");
    BOOST_TEST(find("session.sign_in_failed")[0].details_json.find("10.9.8.7") != std::string::npos);
    BOOST_REQUIRE_EQUAL(find("session.sign_in").size(), 1u);
    const auto triggers = find("run.trigger");
    BOOST_REQUIRE_EQUAL(triggers.size(), 2u);
    BOOST_TEST(triggers[0].actor.find("of olga") != std::string::npos);
    BOOST_TEST(triggers[0].object_id == "churn");
    BOOST_TEST(triggers[0].details_json.find(R"("status":201)") != std::string::npos);
    BOOST_TEST(triggers[0].details_json.find("10.9.8.7") != std::string::npos);
    BOOST_TEST(triggers[1].actor.find("of vera") != std::string::npos);
    BOOST_TEST(triggers[1].details_json.find(R"("refused":true)") != std::string::npos);
    BOOST_TEST(db.audit().verify_chain().ok);
    // Admins page through it over the API.
    const auto page = call("GET", "/api/audit?limit=2", "", {}, "root");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(body_of(page).at("entries").as_array().size() == 2u);
    BOOST_TEST(body_of(page).at("next_after").as_int64() == rows[1].id);
}

BOOST_AUTO_TEST_CASE(admins_issue_and_revoke_tokens_over_the_api) {
    const auto denied = call("POST", "/api/tokens", R"({"user":"olga","scopes":["runs:read"]})", {}, "olga");
    BOOST_TEST(denied.status == 403);
    const auto created = call("POST", "/api/tokens",
                              R"({"user":"olga","scopes":["runs:read"],"expires_in":"1d"})", {}, "root");
    BOOST_REQUIRE_EQUAL(created.status, 201);
    const std::string secret(body_of(created).at("token").as_string());
    BOOST_TEST(secret.starts_with("stw_"));
    const auto listed = call("GET", "/api/tokens", "", {}, "root");
    BOOST_TEST(listed.body.find(secret) == std::string::npos);
    BOOST_TEST(call("GET", "/api/tokens?revoked=false", "", {}, "root").status == 200);
    const auto bad_flag = call("GET", "/api/tokens?revoked=null", "", {}, "root");
    BOOST_TEST(bad_flag.status == 400);
    BOOST_TEST(message_of(bad_flag) == "query parameter 'revoked' must be true or false, got 'null'");
    BOOST_TEST(call("GET", "/api/runs", "", {{"authorization", "Bearer " + secret}}).status == 200);
    const auto bad_scope =
        call("POST", "/api/tokens", R"({"user":"olga","scopes":["runs:write"]})", {}, "root");
    BOOST_TEST(bad_scope.status == 400);
    BOOST_TEST(message_of(bad_scope).find("unknown scope 'runs:write'") != std::string::npos);
    const auto id = body_of(created).at("id").as_int64();
    BOOST_TEST(call("DELETE", "/api/tokens/" + std::to_string(id), "", {}, "root").status == 200);
    BOOST_TEST(call("GET", "/api/runs", "", {{"authorization", "Bearer " + secret}}).status == 401);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(proxy_mode)

BOOST_AUTO_TEST_CASE(the_user_header_counts_only_from_the_trusted_proxy) {
    AccessHarness h(auth::Mode::proxy);
    h.commands.add_workflow("churn");
    const std::map<std::string, std::string> sso{{"x-forwarded-user", "victor"},
                                                 {"x-forwarded-groups", "validators, staff"}};
    h.remote_address = "10.0.0.66";  // not the proxy
    const auto spoofed = h.anonymous("GET", "/api/session", "", sso);
    BOOST_TEST(spoofed.status == 401);
    BOOST_TEST(message_of(spoofed).find("trusted proxy") != std::string::npos);
    h.remote_address = "10.0.0.5";
    const auto who = h.anonymous("GET", "/api/session", "", sso);
    BOOST_TEST(who.status == 200);
    BOOST_TEST(body_of(who).at("user").as_string() == "victor");
    BOOST_TEST(body_of(who).at("roles").at(0).as_string() == "model_owner");
    BOOST_TEST(h.anonymous("POST", "/api/workflows/churn/runs", R"({"params":{"x":1}})", sso).status == 403);
    BOOST_TEST(h.anonymous("GET", "/api/runs").status == 401);
    // Password sign-in is off behind single sign-on.
    BOOST_TEST(
        h.anonymous("POST", "/api/session", R"({"user":"alice","password":"whatever it is"})").status == 400);
}

BOOST_AUTO_TEST_SUITE_END()
