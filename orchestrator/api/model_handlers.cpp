// Registry aliases: promoting a model version by moving an alias (docs/api.md).
#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/store/model_coordinates.hpp"

namespace steward::api {
namespace json = boost::json;
namespace {

json::value version_text(const store::ModelVersion& version) {
    return json::value(store::format_model_version(store::ModelVersionRef{
        {version.group, version.artifact}, version.major, version.minor, version.build}));
}

}  // namespace

Response handle_set_alias(Context& context, const Request& request, const PathParams& path) {
    auto body = json_body(request, {"version"});
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
    auto moved = context.commands.move_alias(*version, path.at("alias"), request.principal->actor());
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
