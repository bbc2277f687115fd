// Reports: one stored report, and a figure's trend over a model's last N reports (docs/api.md).
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/model_dashboard.hpp"
#include "orchestrator/api/report_charts.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/core/figures.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cmath>

namespace steward::api {
namespace json = boost::json;
namespace {

constexpr std::int64_t kDefaultTrendPoints = 12;
constexpr std::int64_t kMaxTrendPoints = 1000;
constexpr std::size_t kMaxFigureName = 200;

/// A stored figure as JSON: NaN (an undefined figure, stored as null) stays null.
json::value figure_value(double value) {
    return std::isfinite(value) ? json::value(value) : json::value(nullptr);
}

json::value optional_text(const std::optional<std::string>& text) {
    return text ? json::value(*text) : json::value(nullptr);
}

bool contains(const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// 400 invalid_param for a figure neither a report metric nor one of `stored` (the model's
/// reports' figures): the message and `known` list the figures the trend knows for the model.
Response unknown_figure(const std::string& model, const std::string& figure,
                        const std::vector<std::string>& stored) {
    std::vector<std::string> known = core::trend_figure_names();
    for (const std::string& name : stored) {
        if (!contains(known, name)) {
            known.push_back(name);
        }
    }
    std::string list;
    json::array names;
    for (const std::string& name : known) {
        list += (list.empty() ? "" : ", ") + name;
        names.emplace_back(name);
    }
    const std::string message = "unknown figure '" + figure + "'" + core::did_you_mean_figure(figure, known) +
                                " for model '" + model + "' (known figures: " + list + ")";
    return json_response(400, json::object{{"error", json::object{{"code", "invalid_param"},
                                                                  {"message", message},
                                                                  {"known", std::move(names)}}}});
}

}  // namespace

Response handle_model_trend(Context& context, const Request& request, const PathParams& path) {
    const std::string& model = path.at("model");
    const auto parsed = store::parse_model_name(model);
    if (!parsed) {
        return error_response(
            Errc::invalid_param,
            "path parameter 'model' must be group:artifact (letters, digits, _ . -), got '" + model + "'");
    }
    const auto figure = text_query(request, "figure");
    if (!figure) {
        return error_response(
            Errc::invalid_param,
            "query parameter 'figure' is required (e.g. ks, auc, gini, psi.age, score_psi)");
    }
    if (figure->size() > kMaxFigureName) {
        return error_response(Errc::invalid_param, "query parameter 'figure' is longer than " +
                                                       std::to_string(kMaxFigureName) + " characters");
    }
    if (!contains(core::trend_figure_names(), *figure)) {
        auto stored = context.store.reports().figure_names(model);
        if (!stored) {
            return error_response(ApiError{stored.error(), "cannot read the figures of '" + model + "'"});
        }
        if (!contains(*stored, *figure)) {
            return unknown_figure(model, *figure, *stored);
        }
    }
    const auto last = int_query(request, "last", kDefaultTrendPoints, 1, kMaxTrendPoints);
    if (!last)
        return error_response(last.error());
    auto trend = context.store.reports().trend(model, *figure, static_cast<int>(*last));
    if (!trend) {
        return error_response(ApiError{trend.error(), "cannot read the trend of '" + model + "'"});
    }
    json::array points;
    for (const store::TrendPoint& point : *trend) {
        points.push_back(json::object{{"report_id", point.report_id},
                                      {"period", point.period_label},
                                      {"version", optional_text(point.model_version)},
                                      {"created_at", iso_time(point.created_at)},
                                      {"value", figure_value(point.value)}});
    }
    std::vector<core::FigureThreshold> thresholds;
    for (core::FigureThreshold& threshold : model_thresholds(context, *parsed)) {
        if (threshold.figure == *figure) {
            thresholds.push_back(std::move(threshold));
        }
    }
    return json_response(200, json::object{{"model", model},
                                           {"figure", *figure},
                                           {"last", *last},
                                           {"points", std::move(points)},
                                           {"thresholds", thresholds_json(thresholds)}});
}

Response handle_get_report(Context& context, const Request&, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    auto report = context.store.reports().get(*id);
    if (!report) {
        return error_response(ApiError{report.error(), "no report " + std::to_string(*id)});
    }
    json::object figures;
    for (const auto& [name, value] : report->figures) {
        figures[name] = figure_value(value);
    }
    const json::value stored = stored_json(report->report_json);
    return json_response(200,
                         json::object{{"id", report->id},
                                      {"run_id", report->run_id ? json::value(*report->run_id) : nullptr},
                                      {"step_id", optional_text(report->step_id)},
                                      {"model", optional_text(report->model)},
                                      {"model_version", optional_text(report->model_version)},
                                      {"period", report->period_label},
                                      {"created_at", iso_time(report->created_at)},
                                      {"figures", std::move(figures)},
                                      {"charts", report_charts(stored, kMaxCurvePoints)},
                                      {"report", bounded_report(stored, kMaxCurvePoints)}});
}

}  // namespace steward::api
