// Body of report steps: the columns to measure, the model/version/period the report is stored
// under, and `source:` (how the data is read: locally, or through Livy in pages or aggregates).
#include "orchestrator/workflow/section_readers.hpp"

#include <regex>

namespace steward::workflow::detail {
namespace {

constexpr long long kMaxPageSize = 10'000'000;

std::optional<core::ReportSourceMode> mode_from(const std::string& text) {
    if (text == "local") {
        return core::ReportSourceMode::Local;
    }
    if (text == "paged" || text == "livy") {
        return core::ReportSourceMode::Paged;
    }
    if (text == "aggregate") {
        return core::ReportSourceMode::Aggregate;
    }
    if (text == "auto") {
        return core::ReportSourceMode::Auto;
    }
    return std::nullopt;
}

/// `source: livy` (paged), `source: local|paged|aggregate|auto`, or a mapping
/// `{mode, page_size, format, session, statement_timeout, <livy fields>}`.
core::ReportSource read_source(MapReader& map) {
    core::ReportSource out;
    auto node = map.field("source");
    if (!node) {
        return out;
    }
    Reader& reader = map.reader();
    if (node->IsScalar()) {
        const std::string text = node->Scalar();
        if (auto mode = mode_from(text)) {
            out.mode = *mode;
        } else {
            reader.error(*node,
                         subject("source", map.context()) +
                             " must be livy, local, paged, aggregate, auto or a mapping {mode: ...}, got '" +
                             text + "'");
        }
        return out;
    }
    MapReader s(reader, *node, "source of " + map.context(), nullptr);
    if (!s.ok()) {
        return out;
    }
    if (auto mode = s.choice("mode", {"auto", "local", "paged", "aggregate"})) {
        out.mode = *mode_from(*mode);
    }
    if (auto page = s.integer("page_size", 1, kMaxPageSize)) {
        out.page_size = static_cast<int>(*page);
    }
    if (auto format = s.choice("format", {"parquet", "csv", "json", "orc"})) {
        out.format = *format;
    }
    out.session = s.text("session").value_or("");
    if (!out.session.empty() && !is_identifier(out.session)) {
        s.field_error("session", "must match [a-z0-9_]+, got '" + out.session + "'");
    }
    out.statement_timeout = s.duration("statement_timeout", Need::Optional, true);
    out.livy = read_livy_resources(s);
    if (out.mode == core::ReportSourceMode::Local) {
        for (const char* livy_only : {"page_size", "format", "session", "statement_timeout"}) {
            if (s.has(livy_only)) {
                s.field_error(livy_only, "is for the Livy modes (paged, aggregate); mode is local");
            }
        }
    }
    if (out.mode == core::ReportSourceMode::Aggregate && s.has("page_size")) {
        s.field_error("page_size", "is for mode paged; aggregate mode moves counts, not rows");
    }
    s.finish();
    return out;
}

}  // namespace

bool is_model_name(const std::string& text) {
    static const std::regex kModel("[A-Za-z0-9_.-]{1,128}:[A-Za-z0-9_.-]{1,128}");
    return text.size() <= 257 && std::regex_match(text, kModel);
}

core::ReportStep read_report(MapReader& map) {
    core::ReportStep out;
    out.scored = map.templ("scored", Need::Required).value_or("");
    out.reference = map.templ("reference").value_or("");
    out.label = map.text("label", Need::Required).value_or("");
    if (auto task = map.choice("task", {"binary", "regression"})) {
        out.task = *task == "regression" ? core::ReportTask::Regression : core::ReportTask::Binary;
    }
    out.score = map.text("score").value_or("");
    out.prediction = map.text("prediction").value_or("");
    if (out.task == core::ReportTask::Binary && !map.has("score")) {
        map.reader().error(map.pos(), "missing required field 'score' in " + map.context() +
                                          " (the predicted probability column of a binary report)");
    }
    if (out.task == core::ReportTask::Regression) {
        if (!map.has("prediction")) {
            map.reader().error(map.pos(), "missing required field 'prediction' in " + map.context() +
                                              " (the predicted value column of a regression report)");
        }
        if (map.has("score")) {
            map.field_error("score", "is for binary reports; a regression report reads 'prediction'");
        }
    }
    if (auto features = map.text_list("features", false)) {
        out.features = std::move(*features);
        if (!map.has("reference")) {
            map.field_error("features", "needs 'reference' (the baseline rows to measure drift against)");
        }
    }
    if (auto categorical = map.text_list("categorical", false)) {
        out.categorical = std::move(*categorical);
        if (!map.has("reference")) {
            map.field_error("categorical", "needs 'reference' (the baseline rows to measure drift against)");
        }
    }
    out.model_version_column = map.text("model_version_column").value_or("");
    if (auto bins = map.integer("bins", 2, 1000)) {
        out.bins = static_cast<int>(*bins);
    }
    out.model = map.templ("model").value_or("");
    if (!out.model.empty() && !core::has_interpolation(out.model) && !is_model_name(out.model)) {
        map.field_error("model", "must be group:artifact (letters, digits, _ . -), got '" + out.model + "'");
    }
    out.model_version = map.templ("model_version").value_or("");
    static const std::regex kVersion("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}");
    if (!out.model_version.empty() && !core::has_interpolation(out.model_version) &&
        !std::regex_match(out.model_version, kVersion)) {
        map.field_error("model_version", "must be a version (letters, digits, _ . + -, e.g. 1.2.3), got '" +
                                             out.model_version + "'");
    }
    if (map.has("model_version") && !map.has("model")) {
        map.field_error("model_version", "needs 'model' (the group:artifact the version belongs to)");
    }
    out.period = map.templ("period").value_or("");
    if (map.has("period") && out.period.empty()) {
        map.field_error("period", "is empty; omit it for the UTC date the step started");
    }
    out.source = read_source(map);
    if (out.source.mode == core::ReportSourceMode::Aggregate && !out.categorical.empty()) {
        map.field_error("categorical",
                        "needs the rows (source mode paged or local); aggregate mode bins numbers only");
    }
    return out;
}

}  // namespace steward::workflow::detail
