#include "orchestrator/api/report_charts.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <string>

namespace steward::api {
namespace json = boost::json;
namespace {

double number_or(const json::value* value, double fallback) {
    if (value == nullptr || !value->is_number()) {
        return fallback;
    }
    return value->to_number<double>();
}

double member_number(const json::value& object, std::string_view key, double fallback) {
    return object.is_object() ? number_or(object.get_object().if_contains(key), fallback) : fallback;
}

const json::value* path(const json::value& root, std::initializer_list<std::string_view> keys) {
    const json::value* at = &root;
    for (const std::string_view key : keys) {
        if (!at->is_object()) {
            return nullptr;
        }
        at = at->get_object().if_contains(key);
        if (at == nullptr) {
            return nullptr;
        }
    }
    return at;
}

json::value copy_or_null(const json::value* value) {
    return value != nullptr ? *value : json::value(nullptr);
}

json::array gains_of(const json::array& lift) {
    json::array gains;
    for (const json::value& row : lift) {
        if (!row.is_object()) {
            continue;
        }
        const auto& o = row.get_object();
        gains.push_back(json::object{{"bin", copy_or_null(o.if_contains("bin"))},
                                     {"depth", copy_or_null(o.if_contains("depth"))},
                                     {"cum_capture_rate", copy_or_null(o.if_contains("cum_capture_rate"))},
                                     {"cum_lift", copy_or_null(o.if_contains("cum_lift"))}});
    }
    return gains;
}

/// The PSI band of a drift row: "significant" above kSignificantPsi, "moderate" above
/// kModeratePsi, else "stable"; null for an undefined PSI.
json::value psi_band(const json::object& row) {
    const auto* psi = row.if_contains("psi");
    if (psi == nullptr || !psi->is_number()) {
        return nullptr;
    }
    const double value = psi->to_number<double>();
    return value > kSignificantPsi ? "significant" : (value > kModeratePsi ? "moderate" : "stable");
}

json::array drift_rows(const json::object& features) {
    json::array rows;
    for (const auto& [name, figures] : features) {
        json::object row{{"feature", name}};
        if (figures.is_object()) {
            for (const auto& [key, value] : figures.get_object()) {
                row[key] = value;
            }
        }
        row["band"] = psi_band(row);
        rows.push_back(std::move(row));
    }
    const double undefined = -std::numeric_limits<double>::infinity();
    std::stable_sort(rows.begin(), rows.end(), [undefined](const json::value& a, const json::value& b) {
        return member_number(a, "psi", undefined) > member_number(b, "psi", undefined);
    });
    return rows;
}

}  // namespace

json::value bounded_curve(const json::value& points, std::size_t max_points) {
    max_points = std::max<std::size_t>(max_points, 3);
    if (!points.is_array() || points.get_array().size() <= max_points) {
        return points;
    }
    const json::array& all = points.get_array();
    const std::size_t n = all.size();
    std::size_t ks_at = 0;
    double ks = -1;
    for (std::size_t i = 0; i < n; ++i) {
        const double d = std::fabs(member_number(all[i], "tpr", 0) - member_number(all[i], "fpr", 0));
        if (d > ks) {
            ks = d;
            ks_at = i;
        }
    }
    // max_points - 1 evenly spaced indices (first and last among them), then the KS point.
    std::set<std::size_t> keep{ks_at};
    const std::size_t slots = max_points - 2;
    for (std::size_t k = 0; k <= slots; ++k) {
        keep.insert(k * (n - 1) / slots);
    }
    json::array thinned;
    thinned.reserve(keep.size());
    for (const std::size_t i : keep) {
        thinned.push_back(all[i]);
    }
    return thinned;
}

json::value bounded_report(json::value report, std::size_t max_points) {
    if (!report.is_object()) {
        return report;
    }
    auto* curves = report.get_object().if_contains("curves");
    if (curves != nullptr && curves->is_object()) {
        for (auto& [name, points] : curves->get_object()) {
            points = bounded_curve(points, max_points);
        }
    }
    return report;
}

json::object report_charts(const json::value& report, std::size_t max_points) {
    json::object charts;
    const auto* roc = path(report, {"curves", "roc"});
    const auto* ks = path(report, {"curves", "ks"});
    charts["roc"] =
        roc != nullptr && roc->is_array() ? bounded_curve(*roc, max_points) : json::value(nullptr);
    charts["ks"] = ks != nullptr && ks->is_array() ? bounded_curve(*ks, max_points) : json::value(nullptr);
    const auto* lift = path(report, {"lift"});
    if (lift != nullptr && lift->is_array()) {
        charts["lift"] = *lift;
        charts["gains"] = gains_of(lift->get_array());
    } else {
        charts["lift"] = nullptr;
        charts["gains"] = nullptr;
    }
    const auto* confusion = path(report, {"confusion"});
    if (confusion != nullptr && confusion->is_object()) {
        json::object matrix = confusion->get_object();
        matrix["threshold"] = copy_or_null(path(report, {"threshold"}));
        charts["confusion"] = std::move(matrix);
    } else {
        charts["confusion"] = nullptr;
    }
    const auto* drift = path(report, {"drift"});
    charts["drift"] = drift != nullptr && drift->is_object() ? json::value(drift_rows(drift->get_object()))
                                                             : json::value(json::array{});
    charts["score_psi"] = copy_or_null(path(report, {"stability", "score_psi"}));
    const auto* score = path(report, {"stability", "score"});
    if (score != nullptr && score->is_object()) {
        json::object row = score->get_object();
        row["band"] = psi_band(row);
        charts["score_drift"] = std::move(row);
    } else {
        charts["score_drift"] = nullptr;
    }
    const auto* characteristic = path(report, {"characteristic"});
    charts["characteristic"] = characteristic != nullptr && characteristic->is_object()
                                   ? json::value(characteristic->get_object())
                                   : json::value(nullptr);
    charts["psi_bands"] = json::object{{"moderate", kModeratePsi}, {"significant", kSignificantPsi}};
    return charts;
}

}  // namespace steward::api
