// Executor of report steps: reads the scored (and reference) rows from local files or pages them
// through Livy, computes the report natively (orch_reports) on the blocking pool, stores it under
// its model, version and period, exposes its figures.

#include "orchestrator/engine/data_roots.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/report_livy_aggregate.hpp"
#include "orchestrator/engine/report_livy_paged.hpp"
#include "orchestrator/engine/step_call.hpp"
#include "orchestrator/reports/input_source.hpp"
#include "orchestrator/reports/jsonl_reader.hpp"
#include "orchestrator/reports/report.hpp"
#include "orchestrator/reports/report_json.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/store.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <cctype>
#include <tuple>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

/// One input: where it is and, when it was paged through Livy, its rows as JSON Lines.
struct ReportInput {
    std::string location;
    std::optional<std::string> jsonl;
};

struct ReportJob {
    ReportInput scored;
    ReportInput reference;
    reports::ReportOptions options;
    std::optional<reports::AggregateInput> aggregates;  ///< aggregate mode: counts instead of rows
};

/// True for a location with a URI scheme other than file: (hdfs://, s3a://, abfs://, livy:...):
/// such data is read through Livy.
bool needs_livy_source(const std::string& location) {
    const auto colon = location.find(':');
    if (colon == std::string::npos || colon < 2) {
        return false;  // a plain path (or a one-letter drive)
    }
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = location[i];
        const bool ok =
            std::isalpha(static_cast<unsigned char>(c)) != 0 ||
            (i > 0 && (std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '-' || c == '.'));
        if (!ok) {
            return false;
        }
    }
    return location.compare(0, colon, "file") != 0;
}

/// Whether `location` is read through Livy in pages under `mode` (auto: when it is not local).
bool paged_through_livy(core::ReportSourceMode mode, const std::string& location) {
    return !location.empty() && (mode == core::ReportSourceMode::Paged ||
                                 (mode == core::ReportSourceMode::Auto && needs_livy_source(location)));
}

/// Whether `location` is a file:// URI (any case).
bool is_file_uri(const std::string& location) {
    constexpr std::string_view kFile = "file:";
    return location.size() >= kFile.size() &&
           std::equal(kFile.begin(), kFile.end(), location.begin(),
                      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

/// The refusal of an input outside the data roots, if it is one: a location read on this machine
/// (a plain path or file:// URI read directly) or a file:// URI handed to Spark must resolve
/// inside `data_roots` (a file:// URI naming another host cannot go to Spark either). Plain paths
/// read through Livy name the cluster's file system and are not checked; a location read here
/// that is no local path at all fails later with its own message.
std::optional<std::string> confinement_refusal(const StepCall& call, const core::ReportStep& step,
                                               const std::string& location) {
    if (location.empty()) {
        return std::nullopt;
    }
    const bool through_livy = step.source.mode == core::ReportSourceMode::Aggregate ||
                              paged_through_livy(step.source.mode, location);
    if (through_livy && !is_file_uri(location)) {
        return std::nullopt;
    }
    const auto path = reports::local_path(location);
    if (!path && !through_livy) {
        return std::nullopt;  // read here, it fails with its own message before anything is opened
    }
    if (path && inside_data_roots(call.services.settings, *path)) {
        return std::nullopt;
    }
    return outside_data_roots("report " + call.subject(), "source", location);
}

reports::Result<reports::Table> read_input(const ReportInput& input,
                                           const std::vector<reports::ColumnRequest>& columns,
                                           unsigned threads) {
    if (input.jsonl) {
        return reports::parse_jsonl(*input.jsonl, input.location, columns);
    }
    return reports::read_table(input.location, columns, threads);
}

/// The blocking part: read (or parse the pages), compute, serialise. Runs on the blocking pool;
/// touches no engine state.
reports::Result<json::object> compute(const ReportJob& job) {
    if (job.aggregates) {
        auto report = reports::report_from_aggregates(*job.aggregates, job.options);
        if (!report) {
            return report.error();
        }
        return reports::to_json(*report);
    }
    const bool with_reference = !job.reference.location.empty();
    auto columns = reports::scored_columns(job.options, with_reference);
    if (!columns) {
        return columns.error();
    }
    auto scored = read_input(job.scored, *columns, job.options.threads);
    if (!scored) {
        return scored.error();
    }
    std::optional<reports::Table> reference;
    if (with_reference) {
        auto read = read_input(job.reference, reports::reference_columns(job.options), job.options.threads);
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

asio::awaitable<reports::Result<json::object>> compute_async(ReportJob job) {
    co_return compute(job);
}

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
    if (const auto* stability = report.if_contains("stability");
        stability != nullptr && stability->is_object()) {
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

/// Pages the inputs that are not local through one Livy session (opened or reused by key, closed
/// unless shared) into `job`; counts the statements. The outcome that ends the step, if any.
asio::awaitable<std::optional<StepOutcome>> page_through_livy(StepCall& call, const core::ReportStep& step,
                                                              ReportJob& job, int& statements) {
    auto opened = co_await ReportLivySession::open(call, step.source);
    if (auto* outcome = std::get_if<StepOutcome>(&opened)) {
        co_return std::move(*outcome);
    }
    auto session = std::get<std::unique_ptr<ReportLivySession>>(std::move(opened));
    const auto scored_columns = reports::scored_columns(job.options, !job.reference.location.empty());
    if (!scored_columns) {
        co_await session->close();
        co_return failed(call.subject() + ": " + scored_columns.error().message, false);
    }
    std::optional<StepOutcome> ended;
    for (auto [input, columns, role] :
         {std::tuple{&job.scored, *scored_columns, "scored"},
          std::tuple{&job.reference, reports::reference_columns(job.options), "reference"}}) {
        if (!paged_through_livy(step.source.mode, input->location)) {
            continue;
        }
        LivyInput livy_input{input->location, step.source.format, columns,
                             "_st_" + call.step.id + "_" + role};
        auto read = co_await read_paged(*session, livy_input, step.source.page_size);
        if (auto* outcome = std::get_if<StepOutcome>(&read)) {
            ended = std::move(*outcome);
            break;
        }
        input->jsonl = std::get<std::string>(std::move(read));
    }
    statements = session->statements_run();
    co_await session->close();
    co_return ended;
}

/// Has Spark count what the report needs (aggregate mode) through one Livy session into `job`.
asio::awaitable<std::optional<StepOutcome>> aggregate_through_livy(StepCall& call,
                                                                   const core::ReportStep& step,
                                                                   ReportJob& job, int& statements) {
    if (job.options.task != reports::Task::binary) {
        co_return failed(call.subject() +
                             ": source mode aggregate computes binary reports; a regression report "
                             "needs the rows (mode paged)",
                         false);
    }
    const bool with_reference = !job.reference.location.empty();
    const auto scored_columns = reports::scored_columns(job.options, with_reference);
    if (!scored_columns) {
        co_return failed(call.subject() + ": " + scored_columns.error().message, false);
    }
    AggregatePlan plan;
    plan.prefix = "_st_" + call.step.id;
    plan.scored = LivyInput{job.scored.location, step.source.format, *scored_columns, plan.prefix};
    if (with_reference) {
        plan.reference = LivyInput{job.reference.location, step.source.format,
                                   reports::reference_columns(job.options), plan.prefix};
    }
    plan.label = job.options.label;
    plan.score = job.options.score;
    plan.features = job.options.features;
    plan.bins = job.options.drift_bins;
    auto opened = co_await ReportLivySession::open(call, step.source);
    if (auto* outcome = std::get_if<StepOutcome>(&opened)) {
        co_return std::move(*outcome);
    }
    auto session = std::get<std::unique_ptr<ReportLivySession>>(std::move(opened));
    auto got = co_await session->run_json(aggregate_code(plan), "aggregating '" + job.scored.location + "'");
    statements = session->statements_run();
    co_await session->close();
    if (auto* outcome = std::get_if<StepOutcome>(&got)) {
        co_return std::move(*outcome);
    }
    auto parsed = parse_aggregates(std::get<json::value>(got), plan);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        co_return failed(call.subject() + ": aggregating '" + job.scored.location + "': " + *error, false);
    }
    job.aggregates = std::get<reports::AggregateInput>(std::move(parsed));
    if (!step.model_version_column.empty()) {
        job.aggregates->warnings.push_back("aggregate mode: the report is not split by '" +
                                           step.model_version_column + "' (that needs the rows)");
    }
    co_return std::nullopt;
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
    job.scored.location = render.render(step.scored, "scored");
    job.reference.location = render.render(step.reference, "reference");
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
    for (const std::string* location : {&job.scored.location, &job.reference.location}) {
        if (auto refusal = confinement_refusal(call, step, *location)) {
            co_return failed(std::move(*refusal), false);
        }
    }
    job.options.task =
        step.task == core::ReportTask::Regression ? reports::Task::regression : reports::Task::binary;
    job.options.label = step.label;
    job.options.score =
        step.task == core::ReportTask::Regression && step.score.empty() ? step.prediction : step.score;
    job.options.prediction =
        step.task == core::ReportTask::Regression && step.score.empty() ? "" : step.prediction;
    job.options.features = step.features;
    job.options.categorical = step.categorical;
    job.options.version_column = step.model_version_column;
    job.options.drift_bins = static_cast<std::size_t>(std::max(step.bins, 2));
    int livy_statements = 0;
    if (step.source.mode == core::ReportSourceMode::Aggregate) {
        if (auto ended = co_await aggregate_through_livy(call, step, job, livy_statements)) {
            co_return std::move(*ended);
        }
    } else if (paged_through_livy(step.source.mode, job.scored.location) ||
               paged_through_livy(step.source.mode, job.reference.location)) {
        if (auto ended = co_await page_through_livy(call, step, job, livy_statements)) {
            co_return std::move(*ended);
        }
    }
    auto computed =
        co_await asio::co_spawn(call.services.blocking, compute_async(std::move(job)), asio::use_awaitable);
    call.check_live();
    if (!computed) {
        if (!computed.error().detail.empty()) {
            // The input's own bytes stay on the server: the step's error reaches API callers.
            if (const auto log = spdlog::get("engine")) {
                log->debug("run_id={} step={} report input: {}", call.run.id, call.step.id,
                           computed.error().detail);
            }
        }
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
    if (livy_statements > 0) {
        outcome.outputs["livy_statements"] = livy_statements;
    }
    if (filed.model_version.empty()) {
        filed.model_version = single_data_version(report).value_or("");
    }
    if (filed.period.empty()) {
        filed.period = iso_time(call.record.started_at.value_or(call.record.created_at)).substr(0, 10);
    }
    for (const auto& [key, value] :
         {std::pair{"model", &filed.model}, std::pair{"model_version", &filed.model_version},
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
