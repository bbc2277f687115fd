#include "orchestrator/reports/report_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cmath>

namespace steward::reports {
namespace {

namespace json = boost::json;

json::value num(double v) {
    if (!std::isfinite(v)) {
        return nullptr;
    }
    return v;
}

json::value num(const std::optional<double>& v) {
    return v ? num(*v) : json::value(nullptr);
}

json::value num(const DriftFigure& f) {
    return num(f.value);
}

json::array lift_json(const std::vector<LiftBin>& table) {
    json::array out;
    for (const LiftBin& b : table) {
        out.push_back(json::object{{"bin", b.bin},
                                   {"depth", num(b.depth)},
                                   {"n", num(b.n)},
                                   {"events", num(b.events)},
                                   {"event_rate", num(b.event_rate)},
                                   {"lift", num(b.lift)},
                                   {"cum_lift", num(b.cum_lift)},
                                   {"capture_rate", num(b.capture_rate)},
                                   {"cum_capture_rate", num(b.cum_capture_rate)}});
    }
    return out;
}

json::object curves_json(const std::vector<CurvePoint>& curve) {
    json::array roc;
    json::array ks;
    for (const CurvePoint& p : curve) {
        roc.push_back(
            json::object{{"threshold", num(p.threshold)}, {"fpr", num(p.fpr)}, {"tpr", num(p.tpr)}});
        ks.push_back(json::object{{"threshold", num(p.threshold)},
                                  {"depth", num(p.depth)},
                                  {"tpr", num(p.tpr)},
                                  {"fpr", num(p.fpr)}});
    }
    return json::object{{"roc", std::move(roc)}, {"ks", std::move(ks)}};
}

// Performance fields, merged into `out` (the top level, or one model version's object).
void put_performance(json::object& out, const Performance& p) {
    out["n"] = p.rows_used;
    out["skipped"] = p.rows_skipped;
    if (p.regression) {
        const RegressionMetrics& m = *p.regression;
        out["metrics"] = json::object{{"rmse", num(m.rmse)},
                                      {"mae", num(m.mae)},
                                      {"r2", num(m.r2)},
                                      {"mape", num(m.mape)},
                                      {"mape_skipped_zero_targets", m.mape_skipped_zero},
                                      {"bias", num(m.bias)}};
        return;
    }
    const BinaryPerformance& b = *p.binary;
    const BinaryMetrics& m = b.metrics;
    out["events"] = num(m.events);
    out["event_rate"] = num(m.event_rate);
    out["threshold"] = num(m.threshold);
    const ThresholdMetrics& t = m.at_threshold;
    out["metrics"] = json::object{{"auc", num(m.auc)},
                                  {"gini", num(m.gini)},
                                  {"ks", num(m.ks)},
                                  {"ks_score", num(m.ks_score)},
                                  {"log_loss", num(m.log_loss)},
                                  {"brier", num(m.brier)},
                                  {"rase", num(m.rase)},
                                  {"average_precision", num(m.average_precision)},
                                  {"accuracy", num(t.accuracy)},
                                  {"precision", num(t.precision)},
                                  {"recall", num(t.recall)},
                                  {"f1", num(t.f1)},
                                  {"specificity", num(t.specificity)},
                                  {"misclassification", num(t.misclassification)}};
    if (!m.undefined_reason.empty()) {
        json::object undefined{{"auc", m.undefined_reason},
                               {"gini", m.undefined_reason},
                               {"ks", m.undefined_reason},
                               {"ks_score", m.undefined_reason}};
        if (!m.average_precision) {
            undefined["average_precision"] = m.undefined_reason;
        }
        out["undefined"] = std::move(undefined);
    }
    out["confusion"] = json::object{{"tn", num(m.confusion.tn)},
                                    {"fp", num(m.confusion.fp)},
                                    {"fn", num(m.confusion.fn)},
                                    {"tp", num(m.confusion.tp)},
                                    {"source", b.confusion_from_prediction ? "prediction" : "threshold"}};
    out["lift"] = lift_json(b.lift10);
    out["lift20"] = lift_json(b.lift20);
    out["curves"] = curves_json(b.curve);
}

json::object feature_json(const FeatureDrift& f) {
    json::object reasons;
    const auto figure = [&](const char* key, const DriftFigure& fig) {
        if (!fig.value) {
            reasons[key] = fig.reason;
        }
        return num(fig);
    };
    json::object o{{"kind", f.kind == DriftKind::numeric ? "numeric" : "categorical"}};
    o["psi"] = figure("psi", f.psi);
    o["js_distance"] = figure("js_distance", f.js_distance);
    if (f.kind == DriftKind::numeric) {
        o["ks"] = figure("ks", f.ks_statistic);
        o["ks_pvalue"] = figure("ks_pvalue", f.ks_pvalue);
        if (f.ks_pvalue.value) {
            o["ks_method"] = f.ks_method == KsMethod::exact ? "exact" : "asymptotic";
        }
        o["chi2_pvalue"] = nullptr;
        o["wasserstein"] = figure("wasserstein", f.wasserstein);
        o["wasserstein_normed"] = figure("wasserstein_normed", f.wasserstein_normed);
    } else {
        o["ks"] = nullptr;
        o["ks_pvalue"] = nullptr;
        o["chi2_pvalue"] = figure("chi2_pvalue", f.chi2_pvalue);
        o["wasserstein_normed"] = nullptr;
    }
    o["missing"] = f.missing.current;
    o["missing_reference"] = f.missing.reference;
    o["n"] = f.current_count;
    o["n_reference"] = f.reference_count;
    o["bins"] = f.bins.size();
    if (!reasons.empty()) {
        o["reasons"] = std::move(reasons);
    }
    return o;
}

void put_drift(json::object& out, const DriftReport& d) {
    json::object features;
    for (const FeatureDrift& f : d.features) {
        features[f.name] = feature_json(f);
    }
    out["drift"] = std::move(features);
    json::object stability{{"score_psi", num(d.summary.output_stability)}};
    if (d.score) {
        stability["score"] = feature_json(*d.score);
    }
    out["stability"] = std::move(stability);
    out["characteristic"] = json::object{{"features", d.summary.features},
                                         {"p1", d.summary.psi_above_moderate},
                                         {"p25", d.summary.psi_above_significant},
                                         {"psi_undefined", d.summary.psi_undefined}};
}

}  // namespace

json::object to_json(const Report& r) {
    json::object out;
    out["task"] = r.task == Task::binary ? "binary" : "regression";
    out["scored"] = json::object{{"source", r.scored_source}, {"rows", r.scored_rows}};
    if (!r.reference_source.empty()) {
        out["reference"] = json::object{{"source", r.reference_source}, {"rows", r.reference_rows}};
    }
    if (r.performance) {
        put_performance(out, *r.performance);
    } else {
        out["n"] = r.scored_rows;
    }
    if (!r.by_version.empty()) {
        json::array versions;
        for (const VersionPerformance& v : r.by_version) {
            json::object o;
            o["version"] = v.version ? json::value(*v.version) : json::value(nullptr);
            o["rows"] = v.rows;
            put_performance(o, v.performance);
            o.erase("curves");  // charts are drawn for the whole batch
            versions.push_back(std::move(o));
        }
        out["version_column"] = r.version_column;
        out["model_versions"] = std::move(versions);
    }
    if (r.drift) {
        put_drift(out, *r.drift);
    }
    json::array warnings;
    for (const std::string& w : r.warnings) {
        warnings.push_back(json::value(w));
    }
    out["warnings"] = std::move(warnings);
    return out;
}

}  // namespace steward::reports
