#include "orchestrator/api/time_query.hpp"
#include "orchestrator/app/api_client.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/run_client_commands.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <chrono>
#include <iostream>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kShowUsage =
    "Usage: steward runs show ID [--logs] [--json] [--server URL] [--token-file F]\n"
    "\n"
    "Shows run ID of a running server: its state, params, trigger and times; each step's attempts\n"
    "with state, start, duration and Livy batch or session (id, Spark application); errors; user\n"
    "tasks; reruns. --logs also prints the stored log of every attempt. --json prints the API's\n"
    "run detail instead. The server is --server, else $STEWARD_SERVER, else\n"
    "http://127.0.0.1:8080; the API token is read from --token-file, else $STEWARD_TOKEN.\n";

// "850ms", "12s", "3m05s", "2h03m", "4d05h".
std::string format_duration(std::int64_t ms) {
    const auto two = [](std::int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); };
    const std::int64_t s = ms / 1000;
    if (ms < 1000) {
        return std::to_string(ms) + "ms";
    }
    if (s < 60) {
        return std::to_string(s) + "s";
    }
    if (s < 3600) {
        return std::to_string(s / 60) + "m" + two(s % 60) + "s";
    }
    if (s < 86400) {
        return std::to_string(s / 3600) + "h" + two(s % 3600 / 60) + "m";
    }
    return std::to_string(s / 86400) + "d" + two(s % 86400 / 3600) + "h";
}

// From `started` to `finished` (or now while it has not finished); "" when it never started.
std::string duration_of(const json::value& object, std::string_view started_key) {
    const auto started = api::parse_iso_time(display_field(object, started_key));
    if (!started) {
        return "";
    }
    auto finished = api::parse_iso_time(display_field(object, "finished_at"));
    if (!finished) {
        finished = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
    }
    return format_duration(std::max<std::int64_t>(0, *finished - *started));
}

// "batch 3 application_1_0001" for each Livy handle of an attempt.
std::string livy_of(const json::value& attempt) {
    std::string out;
    const auto* handles = attempt.as_object().if_contains("livy");
    if (handles == nullptr || !handles->is_array()) {
        return out;
    }
    for (const auto& handle : handles->as_array()) {
        std::string item = display_field(handle, "kind") + " ";
        const std::string id = display_field(handle, "livy_id");
        item += id.empty() ? "(not submitted)" : id;
        if (const std::string app = display_field(handle, "app_id"); !app.empty()) {
            item += " " + app;
        }
        out += (out.empty() ? "" : ", ") + item;
    }
    return out;
}

const json::array& array_field(const json::value& object, std::string_view key) {
    static const json::array empty;
    const auto* v = object.as_object().if_contains(key);
    return v != nullptr && v->is_array() ? v->as_array() : empty;
}

std::string indented(const std::string& text, const std::string& indent) {
    std::string out = indent;
    for (const char c : text) {
        out += c;
        if (c == '\n') {
            out += indent;
        }
    }
    return out;
}

void print_run(const json::value& run, std::ostream& out) {
    out << "run " << display_field(run, "id") << " (" << display_field(run, "workflow")
        << "): " << display_field(run, "state") << "\n";
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"  uid", display_field(run, "uid")});
    rows.push_back({"  trigger", display_field(run, "trigger")});
    rows.push_back({"  params", engine::json_text(run.at("params"))});
    rows.push_back({"  created", short_time(display_field(run, "created_at"))});
    if (const std::string started = display_field(run, "started_at"); !started.empty()) {
        rows.push_back({"  started", short_time(started)});
    }
    if (const std::string finished = display_field(run, "finished_at"); !finished.empty()) {
        rows.push_back({"  finished", short_time(finished)});
    }
    if (const std::string took = duration_of(run, "started_at"); !took.empty()) {
        rows.push_back({"  duration", took});
    }
    const std::string state = display_field(run, "state");
    const bool live = state == "pending" || state == "running" || state == "waiting";
    if (const std::string step = display_field(run, "current_step"); live && !step.empty()) {
        rows.push_back({"  current step", step});
    }
    if (const std::string first = display_field(run, "rerun_of"); !first.empty()) {
        rows.push_back({"  rerun of", "run " + first});
    }
    std::string reruns;
    for (const auto& id : array_field(run, "reruns")) {
        reruns += (reruns.empty() ? "run " : ", run ") + display_text(id);
    }
    if (!reruns.empty()) {
        rows.push_back({"  reruns", reruns});
    }
    print_table(out, rows);
    if (const std::string error = display_field(run, "error"); !error.empty()) {
        out << "  error:\n" << indented(error, "    ") << "\n";
    }
}

void print_steps(const json::value& run, std::ostream& out) {
    const auto& steps = array_field(run, "steps");
    out << "\n";
    if (steps.empty()) {
        out << "no step has begun\n";
        return;
    }
    std::vector<std::vector<std::string>> rows{{"STEP", "ATTEMPT", "STATE", "STARTED", "DURATION", "LIVY"}};
    std::vector<std::string> errors;
    for (const auto& step : steps) {
        for (const auto& attempt : array_field(step, "attempts")) {
            rows.push_back({display_field(step, "id"), display_field(attempt, "attempt"),
                            display_field(attempt, "state"), short_time(display_field(attempt, "started_at")),
                            duration_of(attempt, "started_at"), livy_of(attempt)});
            if (const std::string error = display_field(attempt, "error"); !error.empty()) {
                errors.push_back("  " + display_field(step, "id") + " (attempt " +
                                 display_field(attempt, "attempt") + "):\n" + indented(error, "    "));
            }
        }
    }
    print_table(out, rows);
    if (!errors.empty()) {
        out << "\nerrors:\n";
        for (const auto& error : errors) {
            out << error << "\n";
        }
    }
}

void print_tasks_and_events(const json::value& run, std::ostream& out) {
    const auto& tasks = array_field(run, "tasks");
    if (!tasks.empty()) {
        out << "\ntasks:\n";
        std::vector<std::vector<std::string>> rows;
        for (const auto& task : tasks) {
            std::string answer = display_field(task, "outcome");
            if (const std::string who = display_field(task, "responder"); !answer.empty() && !who.empty()) {
                answer += " by ";
                answer += who;
            }
            rows.push_back({"  task " + display_field(task, "id"), display_field(task, "step_id"),
                            display_field(task, "state"), answer, display_field(task, "title")});
        }
        print_table(out, rows);
    }
    const auto& events = array_field(run, "events");
    out << "\nevents: " << display_field(run, "events_total");
    if (!events.empty()) {
        const auto& last = events.back();
        out << " (the last: " << display_field(last, "type") << " at "
            << short_time(display_field(last, "at")) << ")";
    }
    out << "\n";
}

}  // namespace

int runs_show_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kShowUsage;
        return 0;
    }
    const auto a =
        parse_args(args, {"--server", "--token-file"}, {"--logs", "--json"}, "runs show", kShowUsage, err);
    if (!a)
        return 2;
    if (a->positional.size() != 1) {
        err << "steward runs show: expected one run id\n" << kShowUsage;
        return 2;
    }
    const std::string& id = a->positional.front();
    if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
        err << "steward runs show: the run id must be a number, got '" << id << "'\n";
        return 2;
    }
    const auto headers = client_auth(*a, "runs show", err);
    if (!headers)
        return 2;
    const std::string server = server_url(a->get("--server"));
    const auto run = get_json(server, "/api/runs/" + id + "?events=1", *headers, "runs show", err);
    if (!run)
        return 1;
    if (!run->is_object() || !run->as_object().contains("params")) {
        err << "steward runs show: the server answered with an unexpected run\n";
        return 1;
    }
    if (a->flags.contains("--json")) {
        out << engine::json_text(*run) << "\n";
    } else {
        print_run(*run, out);
        print_steps(*run, out);
        print_tasks_and_events(*run, out);
    }
    if (!a->flags.contains("--logs")) {
        return 0;
    }
    for (const auto& step : array_field(*run, "steps")) {
        for (const auto& attempt : array_field(step, "attempts")) {
            LogRequest request;
            request.server = server;
            request.headers = *headers;
            request.run_id = id;
            request.step = display_field(step, "id");
            request.attempt = display_field(attempt, "attempt");
            request.command = "runs show";
            out << "\n--- log of " << request.step << ", attempt " << *request.attempt << " ("
                << display_field(attempt, "state") << ") ---\n";
            if (!print_step_log(request, out, err))
                return 1;
        }
    }
    return 0;
}

}  // namespace steward::app
