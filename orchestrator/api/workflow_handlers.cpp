#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/request_parsing.hpp"

#include <boost/json/array.hpp>

namespace steward::api {
namespace json = boost::json;
namespace {

json::value value_json(const core::Value& value) {
    if (const auto* b = std::get_if<bool>(&value))
        return *b;
    if (const auto* d = std::get_if<double>(&value))
        return *d;
    if (const auto* s = std::get_if<std::string>(&value))
        return json::value(*s);  // NOLINT(modernize-return-braced-init-list): braces would make an array
    return nullptr;
}

json::object workflow_json(const WorkflowEntry& entry) {
    json::array params;
    for (const core::ParamSpec& p : entry.spec->params) {
        json::object param{{"name", p.name},
                           {"type", core::to_string(p.type)},
                           {"required", p.required},
                           {"description", p.description}};
        if (p.default_value) {
            param["default"] = value_json(*p.default_value);
        }
        if (!p.values.empty()) {
            param["values"] = json::array(p.values.begin(), p.values.end());
        }
        if (!p.pattern.empty()) {
            param["pattern"] = p.pattern;
        }
        params.push_back(std::move(param));
    }
    json::array steps;
    for (const core::Step& step : entry.spec->steps) {
        steps.push_back(json::object{{"id", step.id}, {"type", core::to_string(step.type())}});
    }
    return json::object{{"name", entry.spec->name},
                        {"description", entry.spec->description},
                        {"definition_id", entry.definition_id},
                        {"params", std::move(params)},
                        {"steps", std::move(steps)}};
}

}  // namespace

Response handle_health(Context&, const Request&, const PathParams&) {
    return json_response(200, json::object{{"status", "ok"}});
}

Response handle_list_workflows(Context& context, const Request&, const PathParams&) {
    json::array out;
    for (const WorkflowEntry& entry : context.commands.workflows()) {
        out.push_back(workflow_json(entry));
    }
    return json_response(200, json::object{{"workflows", std::move(out)}});
}

Response handle_start_run(Context& context, const Request& request, const PathParams& path) {
    const std::string& workflow = path.at("name");
    auto body = json_body(request, {"params"});
    if (!body) {
        return error_response(body.error());
    }
    json::object given;
    if (const auto* params = body->if_contains("params")) {
        if (!params->is_object() && !params->is_null()) {
            return error_response(Errc::bad_request, "field 'params' must be a JSON object");
        }
        if (params->is_object()) {
            given = params->as_object();
        }
    }
    auto values = params_from_json(given);
    if (!values) {
        return error_response(values.error());
    }
    auto run_id = context.commands.start_run(workflow, *values, "http:" + request.principal->actor());
    if (!run_id) {
        return error_response(run_id.error());
    }
    const std::string url = "/api/runs/" + std::to_string(*run_id);
    Response response =
        json_response(201, json::object{{"id", *run_id}, {"workflow", workflow}, {"url", url}});
    response.headers.emplace_back("Location", url);
    return response;
}

}  // namespace steward::api
