// Registry aliases: promoting a model version by moving an alias, optionally only if it still holds
// the version the caller expects (docs/api.md, "Model registry").
#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/store.hpp"

#include <optional>

namespace steward::api {
namespace json = boost::json;
namespace {

json::value version_text(const store::ModelVersion& version) {
    return json::value(store::format_model_version(store::ModelVersionRef{
        {version.group, version.artifact}, version.major, version.minor, version.build}));
}

/// The optional `expected` field: the version (`"1.2.3"` or `"group:artifact:1.2.3"`) the caller
/// believes the alias holds, or null for "not set yet". A 409 conflict naming the holder when it
/// does not, a 400 when it is malformed; nothing when the alias holds what was expected.
std::optional<Response> check_expected(Context& context, const store::ModelName& model,
                                       const std::string& alias, const json::value& expected) {
    std::optional<std::string> wanted;
    if (expected.is_string()) {
        std::string text(expected.as_string());
        const std::string name = store::format_model_name(model);
        if (text.find(':') != std::string::npos) {
            if (text.rfind(name + ":", 0) != 0) {
                return error_response(Errc::bad_request,
                                      "field 'expected' names another model than the path");
            }
            text = text.substr(name.size() + 1);
        }
        const auto ref = store::parse_model_version(name + ":" + text);
        if (!ref) {
            return error_response(Errc::bad_request, "field 'expected': " + ref.error().message);
        }
        wanted = store::format_version_number(ref->major, ref->minor, ref->build);
    } else if (!expected.is_null()) {
        return error_response(Errc::bad_request,
                              "field 'expected' must be the version the alias holds now (\"1.2.3\") or null");
    }
    std::optional<std::string> holder;
    if (auto current = context.store.registry().resolve_alias(model, alias)) {
        holder = store::format_version_number(current->major, current->minor, current->build);
    }
    if (holder == wanted) {
        return std::nullopt;
    }
    return error_response(
        ApiError{store::Errc::conflict, "alias '" + alias + "' of " + store::format_model_name(model) + " " +
                                            (holder ? "holds " + *holder : std::string("is not set")) +
                                            ", not " + (wanted ? *wanted : std::string("unset")) +
                                            " as expected; read it again and retry"});
}

}  // namespace

Response handle_set_alias(Context& context, const Request& request, const PathParams& path) {
    auto body = json_body(request, {"version", "expected"});
    if (!body)
        return error_response(body.error());
    const auto* given = body->if_contains("version");
    if (!given || !given->is_string()) {
        return error_response(
            Errc::bad_request,
            "field 'version' is required: the version to point at, \"group:artifact:1.2.3\"");
    }
    const auto model = store::parse_model_name(path.at("model"));
    if (!model) {
        return error_response(Errc::invalid_param, "path parameter 'model': " + model.error().message);
    }
    const auto version = store::parse_model_version(std::string(given->as_string()));
    if (!version) {
        return error_response(Errc::bad_request, "field 'version': " + version.error().message);
    }
    if (!(version->model == *model)) {
        return error_response(Errc::bad_request, "field 'version' names another model than the path ('" +
                                                     path.at("model") + "')");
    }
    const std::string& alias = path.at("alias");
    if (!store::is_valid_alias(alias)) {
        return error_response(Errc::invalid_param,
                              "path parameter 'alias' must be a letter then up to 63 letters, digits, _ . - "
                              "(e.g. champion), got '" +
                                  alias.substr(0, 64) + "'");
    }
    if (const auto* expected = body->if_contains("expected")) {
        if (auto refused = check_expected(context, *model, alias, *expected)) {
            return std::move(*refused);
        }
    }
    // The check above and the move run in one step of the io_context thread, which every registry
    // write goes through: nothing can move the alias in between.
    auto moved = context.commands.move_alias(*version, alias, request.principal->actor());
    if (!moved) {
        return error_response(moved.error());
    }
    return json_response(200, json::object{{"model", path.at("model")},
                                           {"alias", path.at("alias")},
                                           {"version", version_text(moved->current)},
                                           {"previous", moved->previous ? version_text(*moved->previous)
                                                                        : json::value(nullptr)}});
}

}  // namespace steward::api
