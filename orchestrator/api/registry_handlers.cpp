// The model registry, read: models with their latest version and report, one model with its
// versions, aliases, lineage and alias history, one version (docs/api.md, "Model registry").
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/model_dashboard.hpp"
#include "orchestrator/api/registry_json.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

namespace steward::api {
namespace json = boost::json;
namespace {

constexpr int kHistoryEntries = 100;
constexpr int kVersionReports = 20;

ApiResult<store::ModelName> model_param(const PathParams& path) {
    auto model = store::parse_model_name(path.at("model"));
    if (!model) {
        return ApiError{Errc::invalid_param,
                        "path parameter 'model' must be group:artifact: " + model.error().message};
    }
    return *model;
}

Response no_model(const store::ModelName& model) {
    return error_response(Errc::not_found,
                          "no model '" + store::format_model_name(model) + "' in the registry (no version)");
}

}  // namespace

Response handle_list_models(Context& context, const Request& request, const PathParams&) {
    const auto page_params = page_query(request, 50, false);
    if (!page_params)
        return error_response(page_params.error());
    const std::int64_t limit = page_params->limit;
    const std::int64_t offset = page_params->offset;
    auto& registry = context.store.registry();
    const auto page = registry.list_model_summaries(static_cast<int>(limit), static_cast<int>(offset));
    if (!page) {
        return error_response(ApiError{page.error(), "cannot list the models"});
    }
    json::array models;
    const auto open = open_tasks_now(context);
    for (const store::ModelSummary& summary : *page) {
        const std::string name = store::format_model_name(summary.model);
        const auto& v = summary.latest;
        const auto latest = context.store.reports().latest_for_model(name);
        json::object model{{"model", name},
                           {"group", summary.model.group},
                           {"artifact", summary.model.artifact},
                           {"versions", summary.versions},
                           {"latest_version", store::format_version_number(v.major, v.minor, v.build)},
                           {"latest_registered_at", iso_time(v.created_at)},
                           {"aliases", alias_map_json(registry.list_aliases(summary.model))},
                           {"latest_report", latest_report_json(latest)}};
        add_dashboard_fields(context, summary.model, latest, open, model);
        models.push_back(std::move(model));
    }
    return json_response(200, json::object{{"models", std::move(models)},
                                           {"total", registry.count_models()},
                                           {"limit", limit},
                                           {"offset", offset}});
}

Response handle_get_model(Context& context, const Request& request, const PathParams& path) {
    const auto model = model_param(path);
    if (!model)
        return error_response(model.error());
    const auto page_params = page_query(request, 100, false);
    if (!page_params)
        return error_response(page_params.error());
    const std::int64_t limit = page_params->limit;
    const std::int64_t offset = page_params->offset;
    auto& registry = context.store.registry();
    const std::int64_t total = registry.count_versions(*model);
    if (total == 0) {
        return no_model(*model);
    }
    const auto versions = registry.list_versions(*model, static_cast<int>(limit), static_cast<int>(offset));
    if (!versions) {
        return error_response(ApiError{versions.error(), "cannot list the versions"});
    }
    const auto aliases = registry.list_aliases(*model);
    json::array version_list;
    for (const store::ModelVersion& v : *versions) {
        version_list.push_back(version_json(v, aliases));
    }
    json::array alias_list;
    for (const store::ModelAlias& alias : aliases) {
        alias_list.push_back(json::object{
            {"alias", alias.alias}, {"version", alias.version}, {"updated_at", iso_time(alias.updated_at)}});
    }
    json::array history;
    for (const store::AliasHistoryEntry& entry : registry.alias_history(*model, kHistoryEntries).value()) {
        history.push_back(alias_move_json(entry));
    }
    const std::string name = store::format_model_name(*model);
    const auto latest = context.store.reports().latest_for_model(name);
    json::object body{{"model", name},
                      {"group", model->group},
                      {"artifact", model->artifact},
                      {"versions_total", total},
                      {"limit", limit},
                      {"offset", offset},
                      {"versions", std::move(version_list)},
                      {"aliases", std::move(alias_list)},
                      {"alias_history", std::move(history)},
                      {"latest_report", latest_report_json(latest)}};
    add_dashboard_fields(context, *model, latest, open_tasks_now(context), body);
    return json_response(200, body);
}

Response handle_get_model_version(Context& context, const Request&, const PathParams& path) {
    const auto model = model_param(path);
    if (!model)
        return error_response(model.error());
    const std::string& text = path.at("version");
    const std::string name = store::format_model_name(*model);
    // "1.2.3" or the full "group:artifact:1.2.3" of the same model.
    const auto ref =
        store::parse_model_version(text.find(':') == std::string::npos ? name + ":" + text : text);
    if (!ref) {
        return error_response(Errc::invalid_param,
                              "path parameter 'version' must be major.minor.build (e.g. 1.4.2), got '" +
                                  text.substr(0, 64) + "'");
    }
    if (!(ref->model == *model)) {
        return error_response(Errc::invalid_param,
                              "path parameter 'version' names another model than '" + name + "'");
    }
    auto& registry = context.store.registry();
    const auto version = registry.get_version(*ref);
    if (!version) {
        return error_response(Errc::not_found, "no model version " + store::format_model_version(*ref));
    }
    json::object body = version_json(*version, registry.list_aliases(*model));
    body["model"] = name;
    store::ReportFilter filter;
    filter.model = name;
    filter.model_version = store::format_version_number(ref->major, ref->minor, ref->build);
    filter.limit = kVersionReports;
    json::array reports;
    for (const store::Report& report : context.store.reports().list(filter).value()) {
        reports.push_back(report_summary_json(report));
    }
    body["reports"] = std::move(reports);
    return json_response(200, body);
}

}  // namespace steward::api
