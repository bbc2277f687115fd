#include "orchestrator/api/openapi_document.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <map>
#include <utility>

namespace steward::api {
namespace json = boost::json;
namespace {

constexpr std::string_view kBase = "base.json";

// Where each path+method and component came from, to name both files of a collision.
using Origins = std::map<std::string, std::string, std::less<>>;

json::object& object_at(json::object& parent, std::string_view key) {
    json::value& value = parent[key];
    if (!value.is_object()) {
        value.emplace_object();
    }
    return value.as_object();
}

void merge_paths(const json::object& paths, std::string_view fragment, json::object& into, Origins& origins,
                 std::vector<std::string>& problems) {
    for (const auto& [path, item] : paths) {
        if (!item.is_object()) {
            problems.push_back(std::string(fragment) + ": paths." + std::string(path) + " is not an object");
            continue;
        }
        json::object& target = object_at(into, path);
        for (const auto& [key, operation] : item.as_object()) {
            const std::string where = std::string(key) + " " + std::string(path);
            const auto [it, added] = origins.emplace(where, fragment);
            if (!added) {
                problems.push_back(std::string(fragment) + ": " + where + " is also in " + it->second);
                continue;
            }
            target[key] = operation;
        }
    }
}

void merge_components(const json::object& components, std::string_view fragment, json::object& into,
                      Origins& origins, std::vector<std::string>& problems) {
    for (const auto& [section, entries] : components) {
        if (!entries.is_object()) {
            problems.push_back(std::string(fragment) + ": components." + std::string(section) +
                               " is not an object");
            continue;
        }
        json::object& target = object_at(into, section);
        for (const auto& [name, entry] : entries.as_object()) {
            const std::string where = "components." + std::string(section) + "." + std::string(name);
            const auto [it, added] = origins.emplace(where, fragment);
            if (!added) {
                problems.push_back(std::string(fragment) + ": " + where + " is also in " + it->second);
                continue;
            }
            target[name] = entry;
        }
    }
}

}  // namespace

MergedOpenApi merge_openapi(std::span<const OpenApiFragment> fragments, std::string_view version) {
    MergedOpenApi merged;
    std::vector<std::pair<std::string_view, json::object>> parsed;
    for (const OpenApiFragment& fragment : fragments) {
        boost::system::error_code ec;
        json::value value = json::parse(fragment.text, ec);
        if (ec || !value.is_object()) {
            merged.problems.push_back(std::string(fragment.name) + ": not a JSON object" +
                                      (ec ? " (" + ec.message() + ")" : std::string()));
            continue;
        }
        parsed.emplace_back(fragment.name, std::move(value.as_object()));
    }
    json::object& document = merged.document;
    bool have_base = false;
    for (auto& [name, fragment] : parsed) {
        if (name == kBase) {
            have_base = true;
            for (auto& [key, value] : fragment) {
                if (key != "paths" && key != "components") {
                    document[key] = std::move(value);
                }
            }
        }
    }
    if (!have_base) {
        merged.problems.emplace_back("base.json is missing");
    }
    object_at(document, "paths");  // both first: adding a key may move the object's elements
    object_at(document, "components");
    json::object& paths = document.at("paths").as_object();
    json::object& components = document.at("components").as_object();
    Origins origins;
    for (auto& [name, fragment] : parsed) {
        for (const auto& [key, value] : fragment) {
            if (key == "paths" && value.is_object()) {
                merge_paths(value.as_object(), name, paths, origins, merged.problems);
            } else if (key == "components" && value.is_object()) {
                merge_components(value.as_object(), name, components, origins, merged.problems);
            } else if (name != kBase || key == "paths" || key == "components") {
                merged.problems.push_back(std::string(name) + ": unexpected top-level key '" +
                                          std::string(key) + "' (a fragment holds paths and components)");
            }
        }
    }
    object_at(document, "info")["version"] = version;
    return merged;
}

const std::string& openapi_document_text() {
    static const std::string text = [] {
        MergedOpenApi merged = merge_openapi(openapi_fragments(), openapi_build_version());
        if (auto log = spdlog::get("api")) {
            for (const std::string& problem : merged.problems) {
                log->error("OpenAPI document: {}", problem);
            }
        }
        return json::serialize(merged.document);
    }();
    return text;
}

}  // namespace steward::api
