// The web UI's files over HTTP (orchestrator/api/static_site.hpp): validators and 304, gzip,
// caching, the index.html fallback for client-side routes, 404 for missing assets, 405, unsafe
// paths; and through `dispatch`: UI paths beside the API's own 404, open to anonymous callers,
// behind the gate's Host check.

#include "orchestrator/api/static_site.hpp"
#include "orchestrator/api/router.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

namespace api = steward::api;
namespace auth = steward::auth;
namespace json = boost::json;

namespace {

// An in-memory source: index.html, a hashed script with a gzip copy, a favicon without one.
struct FakeSource final : api::AssetSource {
    struct File {
        api::AssetInfo info;
        std::string raw;
        std::string gzip;
    };
    std::map<std::string, File, std::less<>> files{
        {"/index.html",
         {{"text/html; charset=utf-8", false, "aaa111", true}, "<html>app</html>", "GZ-index"}},
        {"/assets/main-ABC.js", {{"text/javascript; charset=utf-8", true, "bbb222", true}, "js();", "GZ-js"}},
        {"/favicon.svg", {{"image/svg+xml", false, "ccc333", false}, "<svg/>", ""}},
    };
    mutable int reads = 0;

    std::optional<api::AssetInfo> find(std::string_view path) const override {
        const auto it = files.find(path);
        return it == files.end() ? std::nullopt : std::optional(it->second.info);
    }
    std::optional<std::string> read(std::string_view path, bool gzip) const override {
        ++reads;
        const auto it = files.find(path);
        return it == files.end() ? std::nullopt : std::optional(gzip ? it->second.gzip : it->second.raw);
    }
};

api::Request request(const std::string& target, const std::map<std::string, std::string>& headers = {},
                     const std::string& method = "GET") {
    api::Request r;
    r.method = method;
    BOOST_REQUIRE(api::parse_target(target, r.path, r.query));
    for (const auto& [name, value] : headers) {
        r.add_header(name, value);
    }
    return r;
}

std::string header(const api::Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
        if (key == name) {
            return value;
        }
    }
    return "";
}

std::string code_of(const api::Response& r) {
    return std::string(json::parse(r.body).at("error").at("code").as_string());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(static_site)

BOOST_AUTO_TEST_CASE(a_file_carries_its_type_etag_and_cache_policy) {
    const FakeSource source;
    const auto js = api::serve_ui(source, request("/assets/main-ABC.js"));
    BOOST_TEST(js.status == 200);
    BOOST_TEST(js.body == "js();");
    BOOST_TEST(js.content_type == "text/javascript; charset=utf-8");
    BOOST_TEST(header(js, "ETag") == "\"bbb222\"");
    BOOST_TEST(header(js, "Cache-Control") == "public, max-age=31536000, immutable");
    BOOST_TEST(header(js, "Vary") == "Accept-Encoding");
    BOOST_TEST(header(js, "Content-Encoding").empty());

    const auto index = api::serve_ui(source, request("/index.html"));
    BOOST_TEST(index.body == "<html>app</html>");
    BOOST_TEST(header(index, "Cache-Control") == "no-cache");
    const auto icon = api::serve_ui(source, request("/favicon.svg"));
    BOOST_TEST(icon.content_type == "image/svg+xml");
    BOOST_TEST(header(icon, "Cache-Control") == "no-cache");
}

BOOST_AUTO_TEST_CASE(gzip_is_sent_only_to_clients_that_accept_it) {
    const FakeSource source;
    const auto gz =
        api::serve_ui(source, request("/assets/main-ABC.js", {{"Accept-Encoding", "br, gzip, deflate"}}));
    BOOST_TEST(gz.body == "GZ-js");
    BOOST_TEST(header(gz, "Content-Encoding") == "gzip");
    BOOST_TEST(header(gz, "Vary") == "Accept-Encoding");
    BOOST_TEST(header(gz, "ETag") == "\"bbb222-gzip\"");
    BOOST_TEST(gz.content_type == "text/javascript; charset=utf-8");

    const auto refused =
        api::serve_ui(source, request("/assets/main-ABC.js", {{"Accept-Encoding", "gzip;q=0, br"}}));
    BOOST_TEST(refused.body == "js();");
    BOOST_TEST(header(refused, "Content-Encoding").empty());
    const auto none =
        api::serve_ui(source, request("/assets/main-ABC.js", {{"Accept-Encoding", "identity"}}));
    BOOST_TEST(none.body == "js();");
    // A file without a gzip copy is sent raw whatever the client accepts.
    const auto icon = api::serve_ui(source, request("/favicon.svg", {{"Accept-Encoding", "gzip"}}));
    BOOST_TEST(icon.body == "<svg/>");
    BOOST_TEST(header(icon, "Content-Encoding").empty());

    BOOST_TEST(api::accepts_gzip("gzip"));
    BOOST_TEST(api::accepts_gzip("deflate, GZIP;q=0.5"));
    BOOST_TEST(api::accepts_gzip("*"));
    BOOST_TEST(!api::accepts_gzip("*, gzip;q=0"));
    BOOST_TEST(!api::accepts_gzip("gzip;q=0.000"));
    BOOST_TEST(!api::accepts_gzip(""));
    BOOST_TEST(!api::accepts_gzip("br"));
}

BOOST_AUTO_TEST_CASE(if_none_match_with_the_etag_is_304_without_a_body) {
    const FakeSource source;
    const auto fresh =
        api::serve_ui(source, request("/assets/main-ABC.js", {{"If-None-Match", "\"bbb222\""}}));
    BOOST_TEST(fresh.status == 304);
    BOOST_TEST(fresh.body.empty());
    BOOST_TEST(fresh.content_type.empty());
    BOOST_TEST(header(fresh, "ETag") == "\"bbb222\"");
    BOOST_TEST(header(fresh, "Cache-Control") == "public, max-age=31536000, immutable");
    BOOST_TEST(source.reads == 0);  // the bytes are not even read
    // The gzip representation's tag, weak or in a list, validates too.
    BOOST_TEST(
        api::serve_ui(source, request("/assets/main-ABC.js", {{"If-None-Match", "\"x\", W/\"bbb222-gzip\""},
                                                              {"Accept-Encoding", "gzip"}}))
            .status == 304);
    BOOST_TEST(api::serve_ui(source, request("/index.html", {{"If-None-Match", "*"}})).status == 304);
    const auto stale =
        api::serve_ui(source, request("/assets/main-ABC.js", {{"If-None-Match", "\"bbb22\""}}));
    BOOST_TEST(stale.status == 200);
    BOOST_TEST(stale.body == "js();");
    BOOST_TEST(!api::etag_matches("\"bbb222", "bbb222"));
    BOOST_TEST(!api::etag_matches("", "bbb222"));
}

BOOST_AUTO_TEST_CASE(client_routes_get_index_html) {
    const FakeSource source;
    for (const std::string target :
         {"/", "/runs/12345", "/tasks/7", "/models/risk:churn", "/models/risk%3Achurn/versions/1.0.3",
          "/workflows/churn-monthly?tab=runs", "/runs/", "/models/churn.v2", "/models/Steward.Models"}) {
        const auto page = api::serve_ui(source, request(target));
        BOOST_TEST(page.status == 200, target);
        BOOST_TEST(page.body == "<html>app</html>", target);
        BOOST_TEST(header(page, "Cache-Control") == "no-cache", target);
        BOOST_TEST(page.content_type == "text/html; charset=utf-8", target);
    }
}

BOOST_AUTO_TEST_CASE(missing_files_are_404_never_index_html) {
    const FakeSource source;
    for (const std::string target :
         {"/assets/main-OLD.js", "/assets/x", "/robots.txt", "/runs/12/log.txt", "/favicon.ico"}) {
        const auto missing = api::serve_ui(source, request(target));
        BOOST_TEST(missing.status == 404, target);
        BOOST_TEST(code_of(missing) == "not_found", target);
        BOOST_TEST(missing.body.find("app") == std::string::npos, target);
    }
}

BOOST_AUTO_TEST_CASE(other_methods_are_405_and_head_is_answered_like_get) {
    const FakeSource source;
    for (const std::string method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
        const auto refused = api::serve_ui(source, request("/runs/1", {}, method));
        BOOST_TEST(refused.status == 405, method);
        BOOST_TEST(header(refused, "Allow") == "GET, HEAD", method);
    }
    const auto head = api::serve_ui(source, request("/assets/main-ABC.js", {}, "HEAD"));
    BOOST_TEST(head.status == 200);
    BOOST_TEST(head.body == "js();");  // the server sends its length only
    BOOST_TEST(header(head, "ETag") == "\"bbb222\"");
}

BOOST_AUTO_TEST_CASE(unsafe_paths_are_refused_before_any_lookup) {
    const FakeSource source;
    for (const std::string target :
         {"/..%2f..%2fetc%2fpasswd", "/../index.html", "/assets/..%2Findex.html", "/%2e%2e/x", "/a%00.html",
          "/assets/.hidden", "//etc/passwd", "/assets/%5C..%5Cx", "/runs/./1"}) {
        const auto refused = api::serve_ui(source, request(target));
        BOOST_TEST(refused.status == 400, target);
        BOOST_TEST(refused.body.find("app") == std::string::npos, target);
    }
    BOOST_TEST(source.reads == 0);
    BOOST_TEST(api::is_safe_ui_path("/"));
    BOOST_TEST(api::is_safe_ui_path("/assets/main-ABC.js"));
    BOOST_TEST(!api::is_safe_ui_path(""));
    BOOST_TEST(!api::is_safe_ui_path("relative"));
    BOOST_TEST(!api::is_safe_ui_path(std::string_view("/a\0b", 4)));
}

BOOST_AUTO_TEST_CASE(the_api_and_metrics_are_not_ui_paths) {
    BOOST_TEST(!api::is_ui_path("/api"));
    BOOST_TEST(!api::is_ui_path("/api/"));
    BOOST_TEST(!api::is_ui_path("/api/nothing"));
    BOOST_TEST(!api::is_ui_path("/metrics"));
    BOOST_TEST(api::is_ui_path("/"));
    BOOST_TEST(api::is_ui_path("/apis"));
    BOOST_TEST(api::is_ui_path("/runs/1"));
}

BOOST_AUTO_TEST_CASE(dispatch_serves_the_ui_beside_the_api) {
    api::test::AccessHarness harness;
    const FakeSource source;
    harness.context.ui = &source;
    // Open to anyone: no credentials needed for the page and its files.
    const auto page = harness.anonymous("GET", "/runs/12");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body == "<html>app</html>");
    BOOST_TEST(harness.anonymous("HEAD", "/assets/main-ABC.js").status == 200);
    BOOST_TEST(harness.anonymous("POST", "/runs/12", "{}").status == 405);
    // The API keeps its JSON 404 and its authentication.
    const auto missing = harness.anonymous("GET", "/api/nothing");
    BOOST_TEST(missing.status == 404);
    BOOST_TEST(std::string(json::parse(missing.body).at("error").at("message").as_string()) ==
               "no API endpoint at '/api/nothing'");
    BOOST_TEST(harness.anonymous("GET", "/api/runs").status == 401);
    BOOST_TEST(harness.anonymous("GET", "/metrics").status == 401);
    BOOST_TEST(harness.call("GET", "/api/health").status == 200);
}

BOOST_AUTO_TEST_CASE(without_a_source_ui_paths_keep_the_api_404) {
    api::test::AccessHarness harness;
    const auto missing = harness.anonymous("GET", "/runs/12");
    BOOST_TEST(missing.status == 404);
    BOOST_TEST(code_of(missing) == "not_found");
}

BOOST_AUTO_TEST_CASE(the_gate_host_check_applies_to_ui_files) {
    api::test::AccessHarness none(auth::Mode::none);
    const FakeSource source;
    none.context.ui = &source;
    BOOST_TEST(none.anonymous("GET", "/", {}, {{"host", "localhost:8080"}}).status == 200);
    const auto foreign = none.anonymous("GET", "/", {}, {{"host", "evil.example"}});
    BOOST_TEST(foreign.status == 403);
    BOOST_TEST(foreign.body.find("app") == std::string::npos);

    api::test::AccessHarness listed;
    listed.access.allowed_hosts = {"steward.example.com"};
    listed.context.ui = &source;
    BOOST_TEST(listed.anonymous("GET", "/", {}, {{"host", "steward.example.com"}}).status == 200);
    BOOST_TEST(listed.anonymous("GET", "/assets/main-ABC.js", {}, {{"host", "other.example.com"}}).status ==
               403);
}

BOOST_AUTO_TEST_SUITE_END()
