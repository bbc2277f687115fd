// Executor of report steps: reads the scored (and reference) rows from local files, computes the
// report natively (orch_reports) on the blocking pool, stores it, exposes its figures.

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/step_call.hpp"
#include "orchestrator/reports/input_source.hpp"
#include "orchestrator/reports/report.hpp"
#include "orchestrator/reports/report_json.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cctype>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

struct ReportJob {
    std::string scored;
    std::string reference;
    reports::ReportOptions options;
};

/// True for a location with a URI scheme other than file: (hdfs://, s3a://, abfs://, livy:...):
/// such data is read through Livy, a mode of the reports module that is not available yet.
bool needs_livy_source(const std::string& location) {
    const auto colon = location.find(':');
    if (colon == std::string::npos || colon < 2) {
        return false;  // a plain path (or a one-letter drive)
    }
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = location[i];
        const bool ok = std::isalpha(static_cast<unsigned char>(c)) != 0 ||
                        (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.'));
        if (!ok) {
            return false;
        }
    }
    return location.compare(0, colon, "file") != 0;
}

/// The blocking part: read, compute, serialise. Runs on the blocking pool; touches no engine state.
reports::Result<json::object> compute(const ReportJob& job) {
    const bool with_reference = !job.reference.empty();
    auto columns = reports::scored_columns(job.options, with_reference);
    if (!columns) {
        return columns.error();
    }
    auto scored = reports::read_table(job.scored, *columns, job.options.threads);
    if (!scored) {
        return scored.error();
    }
    std::optional<reports::Table> reference;
    if (with_reference) {
        auto read = reports::read_table(job.reference, reports::reference_columns(job.options), job.options.threads);
        if (!read) {
            return read.error();
        }
        reference = std::move(*read);
    }
    auto report = reports::build_report(*scored, reference ? &*reference : nullptr, job.options);
    if (!report) {
        return report.error();
    }
    return reports::to_json(*report);
}

asio::awaitable<reports::Result<json::object>> compute_async(ReportJob job) { co_return compute(job); }

/// The figures a trend query needs: every numeric metric, each feature's PSI and the score PSI.
std::vector<std::pair<std::string, double>> figures_of(const json::object& report) {
    std::vector<std::pair<std::string, double>> figures;
    const auto add = [&figures](std::string name, const json::value* value) {
        if (value != nullptr && value->is_number()) {
            figures.emplace_back(std::move(name), value->to_number<double>());
        }
    };
    if (const auto* metrics = report.if_contains("metrics"); metrics != nullptr && metrics->is_object()) {
        for (const auto& member : metrics->get_object()) {
            add(std::string(member.key()), &member.value());
        }
    }
    if (const auto* drift = report.if_contains("drift"); drift != nullptr && drift->is_object()) {
        for (const auto& member : drift->get_object()) {
            if (const auto* feature = member.value().if_object()) {
                add("psi." + std::string(member.key()), feature->if_contains("psi"));
            }
        }
    }
    if (const auto* stability = report.if_contains("stability"); stability != nullptr && stability->is_object()) {
        add("score_psi", stability->get_object().if_contains("score_psi"));
    }
    return figures;
}

/// The version the data carries when all its versioned rows share one (`model_versions` of the
/// report holds one entry per version, null for rows without one); nothing otherwise.
std::optional<std::string> single_data_version(const json::object& report) {
    const auto* versions = report.if_contains("model_versions");
    if (versions == nullptr || !versions->is_array()) {
        return std::nullopt;
    }
    std::optional<std::string> found;
    for (const auto& entry : versions->get_array()) {
        const auto* version = entry.is_object() ? entry.get_object().if_contains("version") : nullptr;
        if (version == nullptr || !version->is_string()) {
            continue;  // rows without a version do not make the version ambiguous
        }
        if (found) {
            return std::nullopt;
        }
        found = std::string(version->get_string());
    }
    return found;
}

/// Where a report is filed: model, version and period label (rendered from the step).
struct ReportCoordinates {
    std::string model;
    std::string model_version;
    std::string period;
};

}  // namespace

asio::awaitable<StepOutcome> execute_report(StepCall& call) {
    const auto& step = std::get<core::ReportStep>(call.step.body);
    FieldRenderer render(call.lookup, call.spec, call.step);
    ReportJob job;
    job.scored = render.render(step.scored, "scored");
    job.reference = render.render(step.reference, "reference");
    ReportCoordinates filed;
    filed.model = render.render(step.model, "model");
    filed.model_version = render.render(step.model_version, "model_version");
    filed.period = render.render(step.period, "period");
    if (!render.ok()) {
        co_return failed(render.error(), false);
    }
    if (!filed.model.empty() && !store::parse_model_name(filed.model)) {
        co_return failed(call.subject() + ": 'model' must be group:artifact (letters, digits, _ . -), got '" +
                             filed.model + "'",
                         false);
    }
    for (const auto* location : {&job.scored, &job.reference}) {
        if (needs_livy_source(*location)) {
            co_return failed(call.subject() + ": not available: reading '" + *location +
                                 "' needs the report step's livy source mode, which is not available yet "
                                 "(livy source not available yet); give a local path or a file:// URI",
                             false);
        }
    }
    job.options.task = step.task == core::ReportTask::Regression ? reports::Task::regression : reports::Task::binary;
    job.options.label = step.label;
    job.options.score = step.task == core::ReportTask::Regression && step.score.empty() ? step.prediction : step.score;
    job.options.prediction = step.task == core::ReportTask::Regression && step.score.empty() ? "" : step.prediction;
    job.options.features = step.features;
    job.options.version_column = step.model_version_column;
    job.options.drift_bins = static_cast<std::size_t>(std::max(step.bins, 2));
    auto computed = co_await asio::co_spawn(call.services.blocking, compute_async(std::move(job)), asio::use_awaitable);
    call.check_live();
    if (!computed) {
        co_return failed(call.subject() + ": " + computed.error().message, false);
    }
    json::object report = std::move(*computed);
    StepOutcome outcome;
    outcome.retryable = false;
    for (const char* key : {"metrics", "drift", "characteristic", "stability"}) {
        if (const auto* value = report.if_contains(key)) {
            outcome.outputs[key] = *value;
        }
    }
    if (const auto* n = report.if_contains("n")) {
        outcome.outputs["rows"] = *n;
    }
    if (filed.model_version.empty()) {
        filed.model_version = single_data_version(report).value_or("");
    }
    if (filed.period.empty()) {
        filed.period = iso_time(call.record.started_at.value_or(call.record.created_at)).substr(0, 10);
    }
    for (const auto& [key, value] : {std::pair{"model", &filed.model}, std::pair{"model_version", &filed.model_version},
                                     std::pair{"period", &filed.period}}) {
        if (!value->empty()) {
            outcome.outputs[key] = *value;
        }
    }
    outcome.on_commit = [report = std::move(report), run_id = call.run.id, step_id = call.step.id,
                         filed = std::move(filed)](Transition& t, StepOutcome& out) {
        store::Report row;
        row.run_id = run_id;
        row.step_id = step_id;
        if (!filed.model.empty()) {
            row.model = filed.model;
        }
        if (!filed.model_version.empty()) {
            row.model_version = filed.model_version;
        }
        row.period_label = filed.period;
        row.created_at = t.now();
        row.report_json = json_text(report);
        row.figures = figures_of(report);
        auto saved = t.store().reports().save(row);
        if (!saved) {
            out.state = store::StepState::failed;
            out.error = "step '" + step_id + "': the report could not be stored: " + saved.error().message();
            return;
        }
        out.outputs["report_id"] = *saved;
    };
    co_return outcome;
}

}  // namespace steward::engine::detail
