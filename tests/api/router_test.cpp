#include "orchestrator/api/router.hpp"
#include "orchestrator/api/errors.hpp"
#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <stdexcept>

namespace api = steward::api;
namespace store = steward::store;

namespace {

api::Response ok_handler(api::Context&, const api::Request&, const api::PathParams& params) {
    api::Response r;
    r.body = params.empty() ? "none" : params.begin()->first + "=" + params.begin()->second;
    return r;
}

api::Response throwing_handler(api::Context&, const api::Request&, const api::PathParams&) {
    throw store::StoreError("disk I/O error on /secret/path.db", 10);
}

constexpr api::RouteAccess kView{api::RouteAccess::Kind::permitted, steward::core::Permission::view, "runs",
                                 ""};

constexpr std::array kTable{
    api::Route{"/a/{id}", "GET", ok_handler, kView},
    api::Route{"/a/{id}", "PUT", ok_handler, kView},
    api::Route{"/w/{name}/x", "POST", ok_handler, kView},
    api::Route{"/boom", "GET", throwing_handler, kView},
};

// A GET of `target` through `kTable` with a bearer token of `tester`, as the server sends it.
api::Request get_request(api::test::AccessHarness& harness, const std::string& path) {
    api::Request request;
    request.method = "GET";
    request.path = path;
    request.remote_address = "127.0.0.1";
    request.headers.emplace("host", "127.0.0.1:8080");
    request.headers.emplace("authorization", "Bearer " + harness.token("tester"));
    return request;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(router)

BOOST_AUTO_TEST_CASE(path_decides_404_then_method_decides_405) {
    auto found = api::match_route(kTable, "GET", "/a/42");
    BOOST_TEST((found.kind == api::RouteMatch::Kind::found));
    BOOST_TEST(found.params.at("id") == "42");
    auto wrong = api::match_route(kTable, "DELETE", "/a/42");
    BOOST_TEST((wrong.kind == api::RouteMatch::Kind::method_not_allowed));
    BOOST_TEST(wrong.allow == "GET, PUT");
    BOOST_TEST((api::match_route(kTable, "GET", "/a/x42").kind == api::RouteMatch::Kind::not_found));
    BOOST_TEST((api::match_route(kTable, "GET", "/a/42/b").kind == api::RouteMatch::Kind::not_found));
    BOOST_TEST((api::match_route(kTable, "GET", "/a").kind == api::RouteMatch::Kind::not_found));
    BOOST_TEST((api::match_route(kTable, "GET", "").kind == api::RouteMatch::Kind::not_found));
    auto named = api::match_route(kTable, "POST", "/w/churn-1/x");
    BOOST_TEST(named.params.at("name") == "churn-1");
    BOOST_TEST((api::match_route(kTable, "POST", "/w//x").kind == api::RouteMatch::Kind::not_found));
}

BOOST_AUTO_TEST_CASE(every_api_route_has_a_handler_and_a_known_method) {
    for (const auto& route : api::api_routes()) {
        BOOST_TEST(route.handler != nullptr);
        BOOST_TEST((route.method == "GET" || route.method == "POST" || route.method == "PUT" ||
                    route.method == "DELETE"));
        // Everything is under /api/ except the Prometheus scrape, at its conventional path.
        BOOST_TEST((route.pattern.substr(0, 5) == "/api/" || route.pattern == "/metrics"));
    }
}

BOOST_AUTO_TEST_CASE(handler_exception_becomes_generic_500) {
    api::test::AccessHarness harness;
    auto request = get_request(harness, "/boom");
    const auto response = api::dispatch(harness.context, request, kTable);
    BOOST_TEST(response.status == 500);
    BOOST_TEST(response.body.find("secret") == std::string::npos);
    const auto body = boost::json::parse(response.body);
    BOOST_TEST(body.at("error").at("code").as_string() == "internal");

    request.path = "/a/7";
    BOOST_TEST(api::dispatch(harness.context, request, kTable).body == "id=7");
}

BOOST_AUTO_TEST_CASE(table_routes_pass_the_gate_first) {
    api::test::AccessHarness harness;
    auto request = get_request(harness, "/a/7");
    request.headers.erase("authorization");
    BOOST_TEST(api::dispatch(harness.context, request, kTable).status == 401);
    request.headers.emplace("authorization", "Bearer " + harness.token("bob"));
    BOOST_TEST(api::dispatch(harness.context, request, kTable).status == 403);
    request.method = "DELETE";
    const auto wrong = api::dispatch(harness.context, request, kTable);
    BOOST_TEST(wrong.status == 405);
}

BOOST_AUTO_TEST_CASE(one_mapping_from_codes_to_statuses) {
    BOOST_TEST(api::http_status(api::Errc::bad_request) == 400);
    BOOST_TEST(api::http_status(api::Errc::invalid_param) == 400);
    BOOST_TEST(api::http_status(api::Errc::unknown_user) == 403);
    BOOST_TEST(api::http_status(api::Errc::not_found) == 404);
    BOOST_TEST(api::http_status(api::Errc::method_not_allowed) == 405);
    BOOST_TEST(api::http_status(api::Errc::payload_too_large) == 413);
    BOOST_TEST(api::http_status(api::Errc::internal) == 500);
    BOOST_TEST(api::http_status(store::Errc::not_found) == 404);
    BOOST_TEST(api::http_status(store::Errc::task_closed) == 409);
    BOOST_TEST(api::error_name(store::Errc::task_closed) == "task_closed");
    BOOST_TEST(api::http_status(store::Errc::invalid_argument) == 400);
    BOOST_TEST(api::http_status(boost::system::errc::make_error_code(boost::system::errc::io_error)) == 500);
    BOOST_TEST(api::error_name(boost::system::errc::make_error_code(boost::system::errc::io_error)) ==
               "internal");
    const auto hidden = api::error_response(
        api::ApiError{boost::system::errc::make_error_code(boost::system::errc::io_error), "secret"});
    BOOST_TEST(hidden.status == 500);
    BOOST_TEST(hidden.body.find("secret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(targets_are_decoded) {
    std::string path;
    std::multimap<std::string, std::string> query;
    BOOST_TEST(api::parse_target("/api/runs?workflow=churn%2Dx&state=running&flag", path, query));
    BOOST_TEST(path == "/api/runs");
    BOOST_TEST(query.find("workflow")->second == "churn-x");
    BOOST_TEST(query.find("flag")->second == "");
    BOOST_TEST(api::parse_target("/api/workflows/a%20b/runs", path, query));
    BOOST_TEST(path == "/api/workflows/a b/runs");
    BOOST_TEST(!api::parse_target("http://x/y", path, query));
    BOOST_TEST(!api::parse_target("/bad%zz", path, query));
}

BOOST_AUTO_TEST_SUITE_END()
