#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/api/workflow_json.hpp"
#include "orchestrator/core/params.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <optional>

namespace steward::api {
namespace json = boost::json;
namespace {

std::chrono::sys_seconds now_seconds() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

// Whether the caller may start runs of `workflow` (the gate's own decision for the POST).
bool may_trigger(const Context& context, const Request& request, std::string_view workflow) {
    if (!request.principal) {
        return false;
    }
    return !core::deny_reason(context.access.policy, *request.principal,
                              core::Action{core::Permission::trigger, "runs", workflow});
}

json::object workflow_json(const Context& context, const Request& request, const WorkflowEntry& entry) {
    json::array steps;
    for (const core::Step& step : entry.spec->steps) {
        steps.push_back(json::object{{"id", step.id}, {"type", core::to_string(step.type())}});
    }
    return json::object{{"name", entry.spec->name},
                        {"description", entry.spec->description},
                        {"definition_id", entry.definition_id},
                        {"can_trigger", may_trigger(context, request, entry.spec->name)},
                        {"params", params_json(*entry.spec)},
                        {"triggers", triggers_json(*entry.spec, now_seconds())},
                        {"steps", std::move(steps)}};
}

std::optional<WorkflowEntry> find_workflow(const Context& context, std::string_view name) {
    for (WorkflowEntry& entry : context.commands.workflows()) {
        if (entry.spec && entry.spec->name == name) {
            return std::move(entry);
        }
    }
    return std::nullopt;
}

Response unknown_workflow(std::string_view name) {
    return error_response(Errc::not_found, "no workflow '" + std::string(name).substr(0, 100) + "'");
}

// The problems of `given` against `workflow`'s declared params, one per field (empty when the
// workflow is unknown or the params are fine).
std::vector<FieldError> param_details(const Context& context, std::string_view workflow,
                                      const std::map<std::string, core::Value>& given) {
    std::vector<FieldError> details;
    const auto entry = find_workflow(context, workflow);
    if (!entry) {
        return details;
    }
    const auto resolved = core::resolve_params(entry->spec->params, given);
    for (std::size_t i = 0; i < resolved.errors.size() && i < resolved.error_params.size(); ++i) {
        details.push_back({resolved.error_params[i], resolved.errors[i]});
    }
    return details;
}

}  // namespace

Response handle_health(Context&, const Request&, const PathParams&) {
    return json_response(200, json::object{{"status", "ok"}});
}

Response handle_list_workflows(Context& context, const Request& request, const PathParams&) {
    json::array out;
    for (const WorkflowEntry& entry : context.commands.workflows()) {
        out.push_back(workflow_json(context, request, entry));
    }
    return json_response(200, json::object{{"workflows", std::move(out)}});
}

Response handle_get_workflow(Context& context, const Request& request, const PathParams& path) {
    const std::string& name = path.at("name");
    const auto entry = find_workflow(context, name);
    if (!entry) {
        return unknown_workflow(name);
    }
    json::object out = workflow_json(context, request, *entry);
    // The file's name only: where the server keeps its files is not the callers' business.
    out["file"] = std::filesystem::path(entry->spec->file).filename().string();
    out["steps"] = step_list_json(*entry->spec);
    auto definition = context.store.runs().get_definition(entry->definition_id);
    out["content_hash"] = definition ? json::value(definition->content_hash) : json::value(nullptr);
    out["source"] = definition ? json::value(definition->yaml) : json::value(nullptr);
    json::array versions;
    for (const store::WorkflowDefinitionInfo& info : context.store.runs().list_definitions(name)) {
        versions.push_back(version_json(info, info.id == entry->definition_id));
    }
    out["versions"] = std::move(versions);
    return json_response(200, out);
}

Response handle_get_workflow_version(Context& context, const Request&, const PathParams& path) {
    const std::string& name = path.at("name");
    const std::string& text = path.at("version");
    const auto entry = find_workflow(context, name);
    if (!entry) {
        return unknown_workflow(name);
    }
    store::RowId id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
        return error_response(
            Errc::invalid_param,
            "version must be a positive integer (a definition id), got '" + text.substr(0, 40) + "'");
    }
    auto definition = context.store.runs().get_definition(id);
    if (!definition || definition->name != name) {
        return error_response(Errc::not_found,
                              "workflow '" + name + "' has no version " + std::to_string(id));
    }
    return json_response(200, json::object{{"name", definition->name},
                                           {"id", definition->id},
                                           {"content_hash", definition->content_hash},
                                           {"created_at", iso_time(definition->created_at)},
                                           {"current", definition->id == entry->definition_id},
                                           {"source", definition->yaml}});
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
            return error_response(
                ApiError{make_error_code(Errc::bad_request), "field 'params' must be a JSON object"},
                {{"params", "must be a JSON object"}});
        }
        if (params->is_object()) {
            given = params->as_object();
        }
    }
    auto values = params_from_json(given);
    if (!values) {
        std::vector<FieldError> details;
        for (const auto& item : given) {
            if (item.value().is_array() || item.value().is_object()) {
                details.push_back({std::string(item.key()), "arrays and objects are not allowed"});
            }
        }
        return error_response(values.error(), details);
    }
    auto run_id = context.commands.start_run(workflow, *values, "http:" + request.principal->actor());
    if (!run_id) {
        // The engine names every problem in one message; the same check, field by field, lets a
        // client show each next to its input.
        const bool bad_params = http_status(run_id.error().code) == 400;
        return error_response(run_id.error(), bad_params ? param_details(context, workflow, *values)
                                                         : std::vector<FieldError>{});
    }
    const std::string url = "/api/runs/" + std::to_string(*run_id);
    Response response =
        json_response(201, json::object{{"id", *run_id}, {"workflow", workflow}, {"url", url}});
    response.headers.emplace_back("Location", url);
    return response;
}

}  // namespace steward::api
