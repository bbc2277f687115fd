// The gate in front of every handler: who may call what, and what is refused before it.
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

std::string code_of(const api::Response& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
}
std::string message_of(const api::Response& r) {
    return std::string(json::parse(r.body).at("error").at("message").as_string());
}
bool says(const api::Response& r, std::string_view text) {
    return message_of(r).find(text) != std::string::npos;
}

struct Harness : AccessHarness {
    store::RowId run = 0;
    store::RowId task = 0;
    Harness() {
        commands.add_workflow("churn-monthly");
        commands.add_workflow("fraud");
        run = db.runs().create_run(commands.known["churn-monthly"].definition_id, "{}", "manual", 1000);
        const auto step = db.runs().begin_step(run, "approve", 1, 1500, store::StepState::waiting).value();
        store::UserTask t;
        t.run_id = run;
        t.step_exec_id = step;
        t.title = "Approve?";
        t.assignees.roles = {"model_owner"};
        t.outcomes_json = R"(["approve","reject"])";
        t.created_at = 1500;
        task = db.tasks().create(t).value();
    }
    std::string task_url() const { return "/api/tasks/" + std::to_string(task) + "/complete"; }
    std::string cancel_url() const { return "/api/runs/" + std::to_string(run) + "/cancel"; }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(gate, Harness)

BOOST_AUTO_TEST_CASE(without_credentials_only_health_and_sign_in_answer) {
    BOOST_TEST(anonymous("GET", "/api/health").status == 200);
    const auto runs = anonymous("GET", "/api/runs");
    BOOST_TEST(runs.status == 401);
    BOOST_TEST(code_of(runs) == "unauthenticated");
    BOOST_TEST(runs.headers.at(0).first == "WWW-Authenticate");
    for (const auto& [method, target] :
         std::vector<std::pair<std::string, std::string>>{{"GET", "/api/workflows"},
                                                          {"GET", "/api/tasks"},
                                                          {"GET", "/api/audit"},
                                                          {"GET", "/api/tokens"},
                                                          {"POST", "/api/workflows/churn-monthly/runs"},
                                                          {"POST", cancel_url()},
                                                          {"POST", task_url()},
                                                          {"PUT", "/api/models/g:a/aliases/champion"}}) {
        BOOST_TEST(anonymous(method, target).status == 401, method << " " << target);
    }
    BOOST_TEST(anonymous("POST", "/api/session", R"({"user":"alice","password":"x"})").status == 401);
    BOOST_TEST(commands.last_params.empty());
}

BOOST_AUTO_TEST_CASE(nobody_acts_as_someone_else) {
    // The acting user is the token's; naming another in the body or a header is refused.
    const auto body_user = call("POST", task_url(), R"({"outcome":"approve","user":"tester"})", {}, "alice");
    BOOST_TEST(body_user.status == 400);
    BOOST_TEST(says(body_user, "unknown field 'user'"));
    const auto header_user =
        call("POST", task_url(), R"({"outcome":"approve"})", {{"x-steward-user", "tester"}}, "alice");
    BOOST_TEST(header_user.status == 400);
    BOOST_TEST(says(header_user, "X-Steward-User"));
    BOOST_TEST(!commands.last_completion.has_value());

    // bob has no answer permission at all; alice has, and answers as herself with her roles.
    BOOST_TEST(call("POST", task_url(), R"({"outcome":"approve"})", {}, "bob").status == 403);
    const auto answered = call("POST", task_url(), R"({"outcome":"approve"})", {}, "alice");
    BOOST_TEST(answered.status == 200);
    BOOST_REQUIRE(commands.last_completion.has_value());
    BOOST_TEST(commands.last_completion->user == "alice");
    BOOST_TEST(commands.last_completion->roles == std::vector<std::string>{"model_owner"});

    // A cancel is recorded as the caller, never as "api".
    BOOST_TEST(call("POST", cancel_url(), "", {}, "olga").status == 202);
    BOOST_TEST(commands.last_cancel_actor.find("olga") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_permission_is_403_naming_it) {
    const auto viewer_trigger =
        call("POST", "/api/workflows/churn-monthly/runs", R"({"params":{"x":1}})", {}, "vera");
    BOOST_TEST(viewer_trigger.status == 403);
    BOOST_TEST(says(viewer_trigger, "permission 'trigger' is required; user 'vera' (roles: viewer)"));
    const auto viewer_alias =
        call("PUT", "/api/models/g:a/aliases/champion", R"({"version":"g:a:1.0.1"})", {}, "vera");
    BOOST_TEST(viewer_alias.status == 403);
    BOOST_TEST(says(viewer_alias, "'promote'"));
    BOOST_TEST(commands.last_alias_actor.empty());
    // olga may trigger churn* only (her role's workflows).
    BOOST_TEST(
        call("POST", "/api/workflows/churn-monthly/runs", R"({"params":{"x":1}})", {}, "olga").status == 201);
    BOOST_TEST(commands.last_trigger.find("of olga") != std::string::npos, commands.last_trigger);
    const auto other = call("POST", "/api/workflows/fraud/runs", R"({"params":{"x":1}})", {}, "olga");
    BOOST_TEST(other.status == 403);
    BOOST_TEST(says(other, "workflow 'fraud'"));
    BOOST_TEST(call("GET", "/api/audit", "", {}, "olga").status == 403);
    BOOST_TEST(call("GET", "/api/audit", "", {}, "root").status == 200);
}

BOOST_AUTO_TEST_CASE(a_token_is_limited_to_its_scopes_and_workflows) {
    const std::string bot = token("olga", {"runs:trigger", "runs:read"}, "churn-m*");
    const std::map<std::string, std::string> bearer{{"authorization", "Bearer " + bot}};
    BOOST_TEST(call("GET", "/api/runs", "", bearer).status == 200);
    BOOST_TEST(call("POST", "/api/workflows/churn-monthly/runs", R"({"params":{"x":1}})", bearer).status ==
               201);
    const auto read_tasks = call("GET", "/api/tasks", "", bearer);
    BOOST_TEST(read_tasks.status == 403);
    BOOST_TEST(says(read_tasks, "outside this token's scopes (runs:trigger, runs:read)"));
    const auto cancel = call("POST", cancel_url(), "", bearer);
    BOOST_TEST(cancel.status == 403);
    commands.add_workflow("churn-weekly");
    const auto weekly = call("POST", "/api/workflows/churn-weekly/runs", R"({"params":{"x":1}})", bearer);
    BOOST_TEST(weekly.status == 403);
    BOOST_TEST(says(weekly, "only workflows matching 'churn-m*'"));
}

BOOST_AUTO_TEST_CASE(revoked_expired_and_unknown_tokens_are_401) {
    const std::string secret = token("vera", {"read"});
    const std::map<std::string, std::string> bearer{{"authorization", "Bearer " + secret}};
    BOOST_TEST(call("GET", "/api/runs", "", bearer).status == 200);
    BOOST_TEST(call("GET", "/api/runs", "", {{"authorization", "Bearer stw_forged"}}).status == 401);
    BOOST_TEST(call("GET", "/api/runs", "", {{"authorization", "Basic dmVyYTpw"}}).status == 401);

    const auto id = db.tokens().find_by_hash(steward::auth::secret_hash(secret)).value().id;
    BOOST_TEST(call("DELETE", "/api/tokens/" + std::to_string(id), "", {}, "root").status == 200);
    const auto revoked = call("GET", "/api/runs", "", bearer);
    BOOST_TEST(revoked.status == 401);
    BOOST_TEST(says(revoked, "invalid, expired or revoked"));

    auth::TokenRequest brief{"vera", "brief", {"read"}, "", 60'000, "test"};
    const auto issued = this->auth.issue_token(brief).value();
    const std::map<std::string, std::string> brief_auth{{"authorization", "Bearer " + issued.secret}};
    BOOST_TEST(call("GET", "/api/runs", "", brief_auth).status == 200);
    now_ms += 60'001;
    BOOST_TEST(call("GET", "/api/runs", "", brief_auth).status == 401);
}

BOOST_AUTO_TEST_CASE(cross_site_changes_are_refused_even_with_valid_credentials) {
    const auto text_plain = call("POST", "/api/workflows/churn-monthly/runs", R"({"params":{"x":1}})",
                                 {{"content-type", "text/plain"}});
    BOOST_TEST(text_plain.status == 415);
    const auto foreign_origin = call("POST", "/api/workflows/churn-monthly/runs", R"({"params":{"x":1}})",
                                     {{"origin", "http://evil.example"}});
    BOOST_TEST(foreign_origin.status == 403);
    const auto cross_site = call("POST", cancel_url(), "", {{"sec-fetch-site", "cross-site"}});
    BOOST_TEST(cross_site.status == 403);
    BOOST_TEST(commands.last_params.empty());
    BOOST_TEST(commands.last_cancel_actor.empty());
    // The server's own origin is fine.
    BOOST_TEST(call("POST", cancel_url(), "", {{"origin", "http://127.0.0.1:8080"}}).status == 202);
}

BOOST_AUTO_TEST_CASE(a_repeated_identity_header_is_400) {
    api::Request request;
    request.method = "GET";
    request.path = "/api/runs";
    request.remote_address = "127.0.0.1";
    request.headers = {{"host", "127.0.0.1:8080"}, {"authorization", "Bearer " + token("root")}};
    BOOST_TEST(api::dispatch(context, request).status == 200);
    for (const std::string name : {"authorization", "cookie", "host", "x-csrf-token", "origin"}) {
        request.repeated_headers = {name};
        const auto twice = api::dispatch(context, request);
        BOOST_TEST(twice.status == 400, name);
        BOOST_TEST(says(twice, "'" + name + "' appears more than once"));
    }
}

BOOST_AUTO_TEST_CASE(allowed_hosts_limit_the_host_header) {
    access.allowed_hosts = {"steward.example.com", "[::1]"};
    BOOST_TEST(call("GET", "/api/runs").status == 403);
    BOOST_TEST(call("GET", "/api/runs", "", {{"host", "steward.example.com:443"}}).status == 200);
    // IPv6 as the config writes it (in brackets), with or without a port.
    BOOST_TEST(call("GET", "/api/runs", "", {{"host", "[::1]:8080"}}).status == 200);
    BOOST_TEST(call("GET", "/api/runs", "", {{"host", "[::1]"}}).status == 200);
    BOOST_TEST(call("GET", "/api/runs", "", {{"host", "[::2]:8080"}}).status == 403);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mode_none)

BOOST_AUTO_TEST_CASE(answers_only_loopback_hosts_and_takes_the_asserted_user) {
    AccessHarness h(auth::Mode::none);
    h.commands.add_workflow("churn");
    const auto rebound = h.anonymous("GET", "/api/runs", "", {{"host", "evil.example:8080"}});
    BOOST_TEST(rebound.status == 403);
    BOOST_TEST(says(rebound, "auth.mode none"));
    BOOST_TEST(h.anonymous("GET", "/api/runs", "", {{"host", "localhost:8080"}}).status == 200);
    BOOST_TEST(h.anonymous("GET", "/api/runs", "", {{"host", "[::1]:8080"}}).status == 200);
    BOOST_TEST(h.anonymous("GET", "/api/runs").status == 200);
    // Still no cross-site changes on a loopback server.
    BOOST_TEST(h.anonymous("POST", "/api/workflows/churn/runs", R"({"params":{"x":1}})",
                           {{"content-type", "text/plain"}})
                   .status == 415);
    BOOST_TEST(h.anonymous("POST", "/api/workflows/churn/runs", R"({"params":{"x":1}})",
                           {{"origin", "http://evil.example"}})
                   .status == 403);
    BOOST_TEST(h.commands.last_params.empty());
    BOOST_TEST(h.anonymous("POST", "/api/workflows/churn/runs", R"({"params":{"x":1}})",
                           {{"x-steward-user", "alice"}})
                   .status == 201);
    BOOST_TEST(h.commands.last_trigger == "http:alice");
    BOOST_TEST(h.anonymous("GET", "/api/runs", "", {{"x-steward-user", "mallory"}}).status == 401);
}

BOOST_AUTO_TEST_SUITE_END()
