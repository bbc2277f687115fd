// The OpenAPI contract (docs/api.md): the merged document against the routing table, the error
// responses every operation must list, and the merge's refusal of colliding fragments.
#include "orchestrator/api/openapi_document.hpp"
#include "orchestrator/api/router.hpp"
#include "orchestrator/core/access.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string>

namespace api = steward::api;
namespace json = boost::json;

namespace {

const json::object& merged_document() {
    static const api::MergedOpenApi merged =
        api::merge_openapi(api::openapi_fragments(), api::openapi_build_version());
    return merged.document;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
    return out;
}

constexpr std::array<std::string_view, 8> kMethods{"get",     "put",  "post",  "delete",
                                                   "options", "head", "patch", "trace"};

// Every operation of the document as "METHOD /path".
std::set<std::string> documented_operations() {
    std::set<std::string> out;
    for (const auto& [path, item] : merged_document().at("paths").as_object()) {
        for (const auto& [key, operation] : item.as_object()) {
            if (std::find(kMethods.begin(), kMethods.end(), std::string_view(key)) != kMethods.end()) {
                out.insert(upper(key) + " " + std::string(path));
            }
        }
    }
    return out;
}

const json::object* operation_of(const api::Route& route) {
    const auto* item = merged_document().at("paths").as_object().if_contains(route.pattern);
    if (!item) {
        return nullptr;
    }
    const auto* operation = item->as_object().if_contains(lower(route.method));
    return operation && operation->is_object() ? &operation->as_object() : nullptr;
}

bool lists_status(const json::object& operation, std::string_view status) {
    const auto* responses = operation.if_contains("responses");
    return responses && responses->is_object() && responses->as_object().contains(status);
}

// Every "$ref" in `value` that does not resolve inside `document`.
void unresolved_refs(const json::value& value, const json::value& root, std::vector<std::string>& out) {
    if (value.is_array()) {
        for (const auto& item : value.as_array()) unresolved_refs(item, root, out);
        return;
    }
    if (!value.is_object()) {
        return;
    }
    for (const auto& [key, item] : value.as_object()) {
        if (key == "$ref" && item.is_string()) {
            const std::string ref(item.as_string());
            const json::value* node = &root;
            std::string_view rest = std::string_view(ref).substr(std::min<std::size_t>(2, ref.size()));
            while (node && !rest.empty() && ref.starts_with("#/")) {
                const auto slash = rest.find('/');
                const std::string part(rest.substr(0, slash));
                node = node->is_object() ? node->as_object().if_contains(part) : nullptr;
                rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
            }
            if (!node || !ref.starts_with("#/")) {
                out.push_back(ref);
            }
        } else {
            unresolved_refs(item, root, out);
        }
    }
}

// An error response $refs a shared response of base.json, or (an area's error with more fields,
// like the trend's `known`) has a JSON body whose schema $refs a component named "...Error".
bool is_shared_error(const json::value& response) {
    if (!response.is_object()) {
        return false;
    }
    if (const auto* ref = response.as_object().if_contains("$ref")) {
        return ref->is_string() && ref->as_string().starts_with("#/components/responses/");
    }
    const auto* content = response.as_object().if_contains("content");
    const auto* media =
        content && content->is_object() ? content->as_object().if_contains("application/json") : nullptr;
    const auto* schema = media && media->is_object() ? media->as_object().if_contains("schema") : nullptr;
    const auto* ref = schema && schema->is_object() ? schema->as_object().if_contains("$ref") : nullptr;
    return ref && ref->is_string() && ref->as_string().starts_with("#/components/schemas/") &&
           ref->as_string().ends_with("Error");
}

}  // namespace

BOOST_AUTO_TEST_SUITE(openapi)

BOOST_AUTO_TEST_CASE(fragments_merge_without_collisions) {
    const auto merged = api::merge_openapi(api::openapi_fragments(), api::openapi_build_version());
    for (const std::string& problem : merged.problems) {
        BOOST_ERROR(problem);
    }
    BOOST_TEST(merged.document.at("openapi").as_string() == "3.1.0");
    BOOST_TEST(merged.document.at("info").at("version").as_string() == api::openapi_build_version());
    BOOST_TEST(merged.document.at("components").at("securitySchemes").as_object().size() == 2U);
}

BOOST_AUTO_TEST_CASE(served_document_is_the_merged_one) {
    const json::value served = json::parse(api::openapi_document_text());
    BOOST_TEST(served == json::value(merged_document()));
    api::test::AccessHarness harness;
    const api::Response response = harness.anonymous("GET", "/api/openapi.json");
    BOOST_TEST(response.status == 200);
    BOOST_TEST(response.content_type == "application/json");
    BOOST_TEST(response.body == api::openapi_document_text());
}

BOOST_AUTO_TEST_CASE(every_route_is_documented_and_nothing_else) {
    std::set<std::string> documented = documented_operations();
    for (const api::Route& route : api::api_routes()) {
        const std::string name = std::string(route.method) + " " + std::string(route.pattern);
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(documented.erase(name) == 1U,
                       name << " is in the routing table but not in the document");
        }
    }
    for (const std::string& extra : documented) {
        BOOST_ERROR(extra << " is in the document but not in the routing table (router.cpp)");
    }
}

BOOST_AUTO_TEST_CASE(every_operation_lists_the_errors_the_gate_can_give) {
    for (const api::Route& route : api::api_routes()) {
        const json::object* operation = operation_of(route);
        if (!operation) {
            continue;  // reported by every_route_is_documented_and_nothing_else
        }
        const std::string name = std::string(route.method) + " " + std::string(route.pattern);
        BOOST_TEST_CONTEXT(name) {
            BOOST_TEST(operation->contains("operationId"));
            const auto* security = operation->if_contains("security");
            const bool open = security && security->is_array() && security->as_array().empty();
            BOOST_TEST(open == (route.access.kind == api::RouteAccess::Kind::open),
                       "an open route says security: [], any other keeps the global security");
            if (!open) {
                BOOST_TEST(lists_status(*operation, "401"));
                BOOST_TEST(lists_status(*operation, "403"));
            }
            if (operation->contains("requestBody")) {
                BOOST_TEST(lists_status(*operation, "400"));
                BOOST_TEST(lists_status(*operation, "415"));
            }
            const auto* responses = operation->if_contains("responses");
            BOOST_REQUIRE(responses);
            BOOST_TEST(std::any_of(responses->as_object().begin(), responses->as_object().end(),
                                   [](const auto& item) { return item.key().starts_with("2"); }),
                       "a success response is documented");
        }
    }
}

BOOST_AUTO_TEST_CASE(errors_use_the_shared_responses) {
    for (const auto& [path, item] : merged_document().at("paths").as_object()) {
        for (const auto& [method, operation] : item.as_object()) {
            const auto* responses =
                operation.is_object() ? operation.as_object().if_contains("responses") : nullptr;
            if (!responses || !responses->is_object()) {
                continue;
            }
            for (const auto& [status, response] : responses->as_object()) {
                if (status.starts_with("4") || status.starts_with("5")) {
                    BOOST_TEST(is_shared_error(response),
                               upper(method) << " " << std::string(path) << " " << std::string(status)
                                             << " must $ref a shared response of base.json");
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(every_ref_resolves) {
    std::vector<std::string> missing;
    const json::value root = merged_document();
    unresolved_refs(root, root, missing);
    for (const std::string& ref : missing) {
        BOOST_ERROR("unresolved $ref " << ref);
    }
}

BOOST_AUTO_TEST_CASE(token_scopes_are_the_servers) {
    std::vector<std::string> documented;
    for (const auto& scope :
         merged_document().at("components").at("schemas").at("TokenScope").at("enum").as_array()) {
        documented.emplace_back(scope.as_string());
    }
    std::vector<std::string> known;
    for (const auto& scope : steward::core::token_scopes()) {
        known.emplace_back(scope.name);
    }
    BOOST_TEST(documented == known, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(colliding_fragments_are_problems) {
    const std::array<api::OpenApiFragment, 4> fragments{{
        {"a.json", R"({"paths": {"/x": {"get": {}}}, "components": {"schemas": {"AThing": {}}}})"},
        {"b.json",
         R"({"paths": {"/x": {"get": {}, "post": {}}}, "components": {"schemas": {"AThing": {}}}})"},
        {"c.json", R"({"info": {}, "paths": {"/y": {"get": {}}}})"},
        {"d.json", R"([1, 2])"},
    }};
    const auto merged = api::merge_openapi(fragments, "9.9.9");
    const std::vector<std::string> expected{
        "d.json: not a JSON object",
        "base.json is missing",
        "b.json: get /x is also in a.json",
        "b.json: components.schemas.AThing is also in a.json",
        "c.json: unexpected top-level key 'info' (a fragment holds paths and components)",
    };
    BOOST_TEST(merged.problems == expected, boost::test_tools::per_element());
    const auto& x = merged.document.at("paths").at("/x").as_object();
    BOOST_TEST(x.size() == 2U);  // a.json's get and b.json's post
    BOOST_TEST(merged.document.at("paths").as_object().contains("/y"));
    BOOST_TEST(merged.document.at("info").at("version").as_string() == "9.9.9");
}

BOOST_AUTO_TEST_SUITE_END()
