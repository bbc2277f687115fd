#include "orchestrator/api/registry_json.hpp"

#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/store/model_coordinates.hpp"

#include <cmath>

namespace steward::api {
namespace json = boost::json;
namespace {

json::value optional_text(const std::optional<std::string>& text) {
    return text ? json::value(*text) : json::value(nullptr);
}

json::object figures_json(const store::Report& report) {
    json::object figures;
    for (const auto& [name, value] : report.figures) {
        figures[name] = figure_json(value);
    }
    return figures;
}

}  // namespace

json::value figure_json(double value) {
    return std::isfinite(value) ? json::value(value) : json::value(nullptr);
}

json::object report_summary_json(const store::Report& report) {
    return json::object{{"id", report.id},
                        {"run_id", report.run_id ? json::value(*report.run_id) : json::value(nullptr)},
                        {"step_id", optional_text(report.step_id)},
                        {"model", optional_text(report.model)},
                        {"model_version", optional_text(report.model_version)},
                        {"period", report.period_label},
                        {"created_at", iso_time(report.created_at)},
                        {"figures", figures_json(report)}};
}

json::value latest_report_json(const std::optional<store::Report>& report) {
    if (!report) {
        return nullptr;
    }
    return json::object{{"id", report->id},
                        {"model_version", optional_text(report->model_version)},
                        {"period", report->period_label},
                        {"created_at", iso_time(report->created_at)},
                        {"figures", figures_json(*report)}};
}

json::object version_json(const store::ModelVersion& v, const std::vector<store::ModelAlias>& aliases) {
    json::array holding;
    for (const store::ModelAlias& alias : aliases) {
        if (alias.version_id == v.id) {
            holding.emplace_back(alias.alias);
        }
    }
    const store::ModelVersionRef ref{{v.group, v.artifact}, v.major, v.minor, v.build};
    return json::object{
        {"version", store::format_model_version(ref)},
        {"number", store::format_version_number(v.major, v.minor, v.build)},
        {"major", v.major},
        {"minor", v.minor},
        {"build", v.build},
        {"artifact_uri", v.artifact_uri},
        {"metrics", stored_json(v.metrics_json)},
        {"tags", stored_json(v.tags_json)},
        {"params", stored_json(v.params_json)},
        {"data", stored_json(v.data_json)},
        {"created_at", iso_time(v.created_at)},
        {"aliases", std::move(holding)},
        {"lineage", json::object{{"run_id", v.run_id ? json::value(*v.run_id) : json::value(nullptr)},
                                 {"step_id", optional_text(v.step_id)}}}};
}

json::object alias_map_json(const std::vector<store::ModelAlias>& aliases) {
    json::object map;
    for (const store::ModelAlias& alias : aliases) {
        map[alias.alias] = alias.version;
    }
    return map;
}

json::object alias_move_json(const store::AliasHistoryEntry& entry) {
    return json::object{{"alias", entry.alias},
                        {"from", optional_text(entry.from_version)},
                        {"to", entry.to_version},
                        {"actor", entry.actor},
                        {"at", iso_time(entry.at)}};
}

}  // namespace steward::api
