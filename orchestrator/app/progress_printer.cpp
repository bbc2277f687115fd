#include "orchestrator/app/progress_printer.hpp"

#include "orchestrator/engine/json_values.hpp"

#include <boost/json/parse.hpp>

#include <ctime>

namespace steward::app {
namespace json = boost::json;
namespace {

std::string text_of(const json::object& payload, std::string_view key) {
    const auto* v = payload.if_contains(key);
    if (!v)
        return "";
    if (v->is_string())
        return std::string(v->as_string());
    if (v->is_int64())
        return std::to_string(v->as_int64());
    if (v->is_uint64())
        return std::to_string(v->as_uint64());
    if (v->is_double())
        return core::format_number(v->as_double());
    if (v->is_bool())
        return v->as_bool() ? "true" : "false";
    return engine::json_text(*v);
}

std::string joined(const json::object& payload, std::string_view key) {
    std::string out;
    if (const auto* v = payload.if_contains(key); v && v->is_array()) {
        for (const auto& item : v->as_array()) {
            out += (out.empty() ? "" : ", ") +
                   (item.is_string() ? std::string(item.as_string()) : engine::json_text(item));
        }
    }
    return out;
}

// " (batch 12)" for a Livy payload, "" when it names no Livy object.
std::string livy_suffix(const json::object& payload) {
    const std::string id = text_of(payload, "livy_id");
    if (id.empty())
        return "";
    const std::string kind = text_of(payload, "kind");
    return " (" + (kind.empty() ? std::string("livy") : kind) + " " + id + ")";
}

std::string step_detail(const engine::EngineEvent& event, const json::object& payload) {
    const std::string_view type = event.type;
    if (type == "step.started") {
        const std::string attempt = text_of(payload, "attempt");
        return "started" + (attempt.empty() || attempt == "1" ? "" : " (attempt " + attempt + ")");
    }
    if (type == "livy.intent")
        return "submitting";
    if (type == "livy.submitted")
        return "submitted" + livy_suffix(payload);
    if (type == "livy.reattached")
        return "re-attached" + livy_suffix(payload);
    if (type == "livy.state") {
        std::string line = text_of(payload, "state") + livy_suffix(payload);
        if (const std::string error = text_of(payload, "error"); !error.empty())
            line += ": " + error;
        return line;
    }
    if (type == "livy.statement") {
        return "statement " + text_of(payload, "index") + " submitted (session " +
               text_of(payload, "session_id") + ", statement " + text_of(payload, "statement_id") + ")";
    }
    if (type == "livy.statement_cancelled") {
        return "statement " + text_of(payload, "statement_id") + " cancelled (session " +
               text_of(payload, "session_id") + ")";
    }
    if (type == "livy.app_info") {
        // The links an operator clicks first: the Spark UI, then the driver's log.
        std::string line = "application";
        if (const std::string app_id = text_of(payload, "app_id"); !app_id.empty()) {
            line += " " + app_id;
        }
        line += livy_suffix(payload);
        std::string links;
        if (const std::string ui = text_of(payload, "spark_ui_url"); !ui.empty()) {
            links = "Spark UI " + ui;
        }
        if (const std::string driver = text_of(payload, "driver_log_url"); !driver.empty()) {
            links += (links.empty() ? "" : ", ") + std::string("driver log ") + driver;
        }
        return links.empty() ? line : line + ": " + links;
    }
    if (type == "livy.deleted")
        return "deleted" + livy_suffix(payload);
    if (type == "livy.kept_open")
        return "kept open" + livy_suffix(payload);
    if (type == "step.retry_scheduled") {
        return "retry (attempt " + text_of(payload, "attempt") + ") at " + text_of(payload, "due_at");
    }
    if (type == "step.waiting")
        return "waiting until " + text_of(payload, "until");
    if (type == "task.opened") {
        std::string line = "waiting for an answer: task " + text_of(payload, "task_id") + " \"" +
                           text_of(payload, "title") + "\" (outcomes: " + joined(payload, "outcomes") + ")";
        if (const std::string deadline = text_of(payload, "deadline"); !deadline.empty()) {
            line += ", deadline " + deadline;
        }
        return line;
    }
    if (type == "task.completed") {
        return "answered " + text_of(payload, "outcome") + " by " + text_of(payload, "responder");
    }
    if (type.starts_with("step.")) {
        std::string line(type.substr(5));
        if (const std::string outcome = text_of(payload, "outcome"); !outcome.empty())
            line += " -> " + outcome;
        if (const std::string error = text_of(payload, "error"); !error.empty())
            line += ": " + error;
        if (const std::string message = text_of(payload, "message"); !message.empty())
            line += ": " + message;
        return line;
    }
    std::string line(type);
    if (const std::string message = text_of(payload, "message"); !message.empty())
        line += ": " + message;
    if (const std::string error = text_of(payload, "error"); !error.empty())
        line += ": " + error;
    return line;
}

}  // namespace

std::string local_time_of_day(std::int64_t at_ms) {
    const std::time_t seconds = static_cast<std::time_t>(at_ms / 1000);
    std::tm tm{};
    localtime_r(&seconds, &tm);
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%H:%M:%S", &tm);
    return buffer;
}

std::optional<std::string> progress_line(const engine::EngineEvent& event, std::string_view step_type,
                                         std::string_view time_of_day) {
    boost::system::error_code ec;
    const json::value parsed = json::parse(event.payload_json, ec);
    const json::object payload = !ec && parsed.is_object() ? parsed.as_object() : json::object{};
    const std::string prefix = std::string(time_of_day) + " ";
    if (event.step_id.empty()) {
        if (event.type == "run.created")
            return std::nullopt;
        std::string line = prefix + "run " + std::to_string(event.run_id) + " ";
        if (event.type == "run.started") {
            line += "started (workflow " + text_of(payload, "workflow") + ")";
        } else {
            line += event.type.starts_with("run.") ? event.type.substr(4) : event.type;
            if (const std::string error = text_of(payload, "error"); !error.empty())
                line += ": " + error;
        }
        return line;
    }
    return prefix + "step " + event.step_id + " " + std::string(step_type) + " " +
           step_detail(event, payload);
}

void ProgressPrinter::add_workflow(const core::WorkflowSpec& spec) {
    for (const core::Step& step : spec.steps) {
        step_types_.emplace(step.id, std::string(core::to_string(step.type())));
    }
}

void ProgressPrinter::on_event(const engine::EngineEvent& event) {
    const auto it = step_types_.find(event.step_id);
    const std::string_view type = it == step_types_.end() ? std::string_view() : std::string_view(it->second);
    if (auto line = progress_line(event, type, local_time_of_day(event.at))) {
        out_ << *line << std::endl;
    }
}

void ProgressPrinter::on_log_lines(store::RowId, store::RowId, std::string_view step_id, std::int64_t,
                                   std::span<const std::string> lines) {
    if (!show_logs_) {
        return;
    }
    for (const std::string& line : lines) {
        out_ << "  | " << step_id << ": " << line << "\n";
    }
    out_.flush();
}

}  // namespace steward::app
