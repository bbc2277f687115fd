#include "orchestrator/reports/report_text.hpp"

#include <cmath>
#include <cstdio>
#include <optional>

namespace steward::reports {
namespace {

std::string fmt(const char* format, double v) {
    if (!std::isfinite(v)) {
        return "n/a";
    }
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string fmt(const std::optional<double>& v) {
    return v ? fmt("%.6f", *v) : "n/a";
}

std::string pad(std::string s, std::size_t width) {
    if (s.size() < width) {
        s.insert(0, width - s.size(), ' ');
    }
    return s;
}

void line(std::string& out, const std::string& name, const std::string& value) {
    std::string label = "  " + name;
    label.resize(std::max<std::size_t>(label.size(), 22), ' ');
    out += label + value + "\n";
}

void binary_text(std::string& out, const BinaryPerformance& b) {
    const BinaryMetrics& m = b.metrics;
    out += "Rows " + fmt("%.0f", m.n) + ", events " + fmt("%.0f", m.events) + " (rate " +
           fmt("%.6f", m.event_rate) + ")\n\nMetrics\n";
    const std::string why = m.undefined_reason.empty() ? "" : " (" + m.undefined_reason + ")";
    line(out, "AUC", fmt(m.auc) + (m.auc ? "" : why));
    line(out, "Gini", fmt(m.gini) + (m.gini ? "" : why));
    line(out, "KS", fmt(m.ks) + (m.ks ? "  at score >= " + fmt(m.ks_score) : why));
    line(out, "log loss", fmt("%.6f", m.log_loss));
    line(out, "Brier (ASE)", fmt("%.6f", m.brier) + "  RASE " + fmt("%.6f", m.rase));
    line(out, "average precision", fmt(m.average_precision));
    const ThresholdMetrics& t = m.at_threshold;
    const std::string rule =
        b.confusion_from_prediction ? "prediction column" : "score >= " + fmt("%g", m.threshold);
    out += "\nAt " + rule + "\n";
    line(out, "accuracy", fmt("%.6f", t.accuracy));
    line(out, "precision", fmt("%.6f", t.precision));
    line(out, "recall", fmt("%.6f", t.recall));
    line(out, "F1", fmt("%.6f", t.f1));
    line(out, "specificity", fmt("%.6f", t.specificity));
    line(out, "misclassification", fmt("%.6f", t.misclassification));
    out += "\n  confusion     predicted 0   predicted 1\n";
    out +=
        "  actual 0   " + pad(fmt("%.0f", m.confusion.tn), 14) + pad(fmt("%.0f", m.confusion.fp), 14) + "\n";
    out +=
        "  actual 1   " + pad(fmt("%.0f", m.confusion.fn), 14) + pad(fmt("%.0f", m.confusion.tp), 14) + "\n";
    out += "\nLift (10 bins, descending score)\n";
    out += "   bin  depth          n      events  ev.rate    lift  cum.lift  capture  cum.capt\n";
    for (const LiftBin& l : b.lift10) {
        out += pad(std::to_string(l.bin), 6) + pad(fmt("%.2f", l.depth), 7) + pad(fmt("%.1f", l.n), 11) +
               pad(fmt("%.2f", l.events), 12) + pad(fmt("%.4f", l.event_rate), 9) +
               pad(fmt("%.3f", l.lift), 8) + pad(fmt("%.3f", l.cum_lift), 10) +
               pad(fmt("%.4f", l.capture_rate), 9) + pad(fmt("%.4f", l.cum_capture_rate), 10) + "\n";
    }
}

void regression_text(std::string& out, const Performance& p) {
    const RegressionMetrics& m = *p.regression;
    out += "Rows " + std::to_string(m.n) + "\n\nMetrics\n";
    line(out, "RMSE", fmt("%.6f", m.rmse));
    line(out, "MAE", fmt("%.6f", m.mae));
    line(out, "R2", fmt("%.6f", m.r2));
    line(out, "MAPE",
         fmt("%.6f", m.mape) + "  (" + std::to_string(m.mape_skipped_zero) + " zero targets skipped)");
    line(out, "bias", fmt("%.6f", m.bias));
}

std::string figure(const DriftFigure& f, const char* format) {
    return f.value ? fmt(format, *f.value) : "n/a";
}

void drift_text(std::string& out, const DriftReport& d) {
    out += "\nDrift against the reference\n";
    out +=
        "  feature              kind            psi        ks   ks p-val  chi2 p-val     js  wass.norm  "
        "missing\n";
    const auto row = [&](const FeatureDrift& f) {
        std::string name = "  " + f.name;
        name.resize(std::max<std::size_t>(name.size(), 23), ' ');
        const bool numeric = f.kind == DriftKind::numeric;
        out += name + (numeric ? "numeric    " : "categorical") + pad(figure(f.psi, "%.4f"), 10) +
               pad(numeric ? figure(f.ks_statistic, "%.4f") : "-", 10) +
               pad(numeric ? figure(f.ks_pvalue, "%.3g") : "-", 11) +
               pad(numeric ? "-" : figure(f.chi2_pvalue, "%.3g"), 12) +
               pad(figure(f.js_distance, "%.4f"), 9) +
               pad(numeric ? figure(f.wasserstein_normed, "%.4f") : "-", 11) +
               pad(std::to_string(f.missing.current), 9) + "\n";
    };
    for (const FeatureDrift& f : d.features) {
        row(f);
    }
    if (d.score) {
        row(*d.score);
    }
    out += "\n  characteristic: " + std::to_string(d.summary.psi_above_moderate) + " of " +
           std::to_string(d.summary.features) + " features with PSI > 0.1 (P1), " +
           std::to_string(d.summary.psi_above_significant) + " with PSI > 0.25 (P25)\n";
    out += "  stability: score PSI " + figure(d.summary.output_stability, "%.4f") + "\n";
}

}  // namespace

std::string to_text(const Report& r) {
    std::string out = r.performance ? "Performance report (" +
                                          std::string(r.task == Task::binary ? "binary" : "regression") +
                                          ") of " + r.scored_source + "\n"
                                    : "Drift report of " + r.scored_source + "\n";
    if (r.drift) {
        out += "Reference: " + r.reference_source + " (" + std::to_string(r.reference_rows) + " rows)\n";
    }
    if (r.performance) {
        if (r.performance->binary) {
            binary_text(out, *r.performance->binary);
        } else {
            regression_text(out, *r.performance);
        }
    }
    if (!r.by_version.empty()) {
        out += "\nBy model version (" + r.version_column + ")\n";
        for (const VersionPerformance& v : r.by_version) {
            std::string name = "  " + v.version.value_or("(none)");
            name.resize(std::max<std::size_t>(name.size(), 22), ' ');
            const Performance& p = v.performance;
            if (p.binary) {
                out += name + "rows " + std::to_string(v.rows) + "  AUC " + fmt(p.binary->metrics.auc) +
                       "  KS " + fmt(p.binary->metrics.ks) + "\n";
            } else if (p.regression) {
                out += name + "rows " + std::to_string(v.rows) + "  RMSE " + fmt("%.6f", p.regression->rmse) +
                       "  R2 " + fmt("%.6f", p.regression->r2) + "\n";
            }
        }
    }
    if (r.drift) {
        drift_text(out, *r.drift);
    }
    if (!r.warnings.empty()) {
        out += "\nWarnings\n";
        for (const std::string& w : r.warnings) {
            out += "  - " + w + "\n";
        }
    }
    return out;
}

}  // namespace steward::reports
