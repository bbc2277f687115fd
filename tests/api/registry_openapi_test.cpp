// The OpenAPI fragments of the registry and reports (orchestrator/api/openapi/models.json and
// reports.json) against the routing table: every /api/models* and /api/reports* route is in its
// fragment with its method and path parameters, and the fragments name no route the server lacks.
#include "orchestrator/api/router.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

namespace api = steward::api;
namespace json = boost::json;

namespace {

json::object fragment(const std::string& name) {
    std::ifstream in(std::string(STEWARD_SOURCE_DIR) + "/orchestrator/api/openapi/" + name);
    std::ostringstream text;
    text << in.rdbuf();
    return json::parse(text.str()).as_object();
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(registry_openapi)

BOOST_AUTO_TEST_CASE(fragments_and_routing_table_name_the_same_operations) {
    std::set<std::string> documented;
    for (const char* name : {"models.json", "reports.json"}) {
        const json::object doc = fragment(name);
        for (const auto& [path, item] : doc.at("paths").as_object()) {
            for (const auto& [method, operation] : item.as_object()) {
                documented.insert(lower(method) + " " + std::string(path));
                const auto& responses = operation.at("responses").as_object();
                for (const char* status : {"200", "401", "403", "500"}) {
                    BOOST_TEST(responses.contains(status), path << " " << method << " lacks " << status);
                }
                // Every {parameter} of the path is declared as a path parameter.
                std::set<std::string> declared;
                if (const auto* parameters = operation.as_object().if_contains("parameters")) {
                    for (const auto& p : parameters->as_array()) {
                        if (p.at("in").as_string() == "path") {
                            declared.insert(std::string(p.at("name").as_string()));
                        }
                    }
                }
                std::set<std::string> in_path;
                for (std::size_t at = path.find('{'); at != std::string::npos; at = path.find('{', at + 1)) {
                    in_path.insert(std::string(path.substr(at + 1, path.find('}', at) - at - 1)));
                }
                BOOST_TEST((declared == in_path), path << " " << method);
            }
        }
    }
    std::set<std::string> routed;
    for (const api::Route& route : api::api_routes()) {
        const std::string pattern(route.pattern);
        if (pattern.starts_with("/api/models") || pattern.starts_with("/api/reports")) {
            routed.insert(lower(route.method) + " " + pattern);
        }
    }
    BOOST_TEST(documented == routed, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
