#include "orchestrator/app/client_commands.hpp"

#include "orchestrator/app/api_client.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/client_support.hpp"
#include "orchestrator/app/config.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cstdint>
#include <iostream>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kTasksUsage =
    "Usage: steward tasks [--server URL] [--token-file F] [--user U] [--state S] [--run ID] [--limit N]\n"
    "                     [--json]\n"
    "\n"
    "Lists a running server's user tasks, newest first, with their form fields (FORM: name:type,\n"
    "* when required, [choices]). --state: open (default: open or\n"
    "escalated), all, completed, timed_out, cancelled, escalated. --user: only tasks that user may\n"
    "answer (assigned to them or to one of their roles). The server is --server, else\n"
    "$STEWARD_SERVER, else http://127.0.0.1:8080 (where 'steward serve' listens by default). The API\n"
    "token is read from --token-file, else $STEWARD_TOKEN (scope tasks:read).\n";

constexpr std::string_view kTaskUsage =
    "Usage: steward task complete ID --outcome OUTCOME [--field NAME=VALUE ...] [--token-file F]\n"
    "                             [--server URL]\n"
    "\n"
    "Answers user task ID on a running server. Field values are typed by the task's form. You\n"
    "answer as the user of the API token (--token-file, else $STEWARD_TOKEN; scopes tasks:read and\n"
    "tasks:answer), who must be an assignee of the task by name or role.\n"
    "The server is --server, else $STEWARD_SERVER, else http://127.0.0.1:8080.\n";

// The fields of a task's form as the API gives it (`{"fields":[{"name","type","required",
// "values",...}]}`, the engine's form_to_json); empty when the task has no form.
std::vector<const json::object*> form_fields(const json::value& task) {
    std::vector<const json::object*> out;
    const auto* form = task.is_object() ? task.as_object().if_contains("form") : nullptr;
    const auto* fields = form && form->is_object() ? form->as_object().if_contains("fields") : nullptr;
    if (fields && fields->is_array()) {
        for (const auto& field : fields->as_array()) {
            if (field.is_object())
                out.push_back(&field.as_object());
        }
    }
    return out;
}

// One form field as "name:type", "*" when required, "[a|b]" with its choices.
std::string field_text(const json::object& field) {
    std::string text = display_field(field, "name") + ":" + display_field(field, "type");
    if (const auto* required = field.if_contains("required");
        required && required->is_bool() && required->as_bool())
        text += "*";
    if (const auto* values = field.if_contains("values"); values && values->is_array()) {
        std::string choices;
        for (const auto& v : values->as_array()) choices += (choices.empty() ? "" : "|") + display_text(v);
        text += "[" + choices + "]";
    }
    return text;
}

// A --field value typed by the form field's declared type ("" = unknown: text).
std::optional<json::value> typed_value(const std::string& type, const std::string& value,
                                       std::string& problem) {
    if (type == "number" || type == "integer") {
        double number = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc{} || end != value.data() + value.size()) {
            problem = "is not a number: '" + value + "'";
            return std::nullopt;
        }
        if (type == "integer" && number == static_cast<double>(static_cast<std::int64_t>(number))) {
            return json::value(static_cast<std::int64_t>(number));
        }
        return json::value(number);
    }
    if (type == "boolean") {
        if (value == "true" || value == "yes" || value == "1")
            return json::value(true);
        if (value == "false" || value == "no" || value == "0")
            return json::value(false);
        problem = "is not a boolean (true/false): '" + value + "'";
        return std::nullopt;
    }
    return json::value(value);
}

}  // namespace

int tasks_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kTasksUsage;
        return 0;
    }
    const auto a =
        parse_args(args, {"--server", "--token-file", "--user", "--state", "--run", "--limit", "--offset"},
                   {"--json"}, "tasks", kTasksUsage, err);
    if (!a)
        return 2;
    if (!a->positional.empty()) {
        err << "steward tasks: unexpected argument '" << a->positional.front() << "'\n" << kTasksUsage;
        return 2;
    }
    const std::string target = "/api/tasks" + query_string({{"user", a->get("--user")},
                                                            {"state", a->get("--state")},
                                                            {"run", a->get("--run")},
                                                            {"limit", a->get("--limit")},
                                                            {"offset", a->get("--offset")}});
    const auto headers = client_auth(*a, "tasks", err);
    if (!headers)
        return 2;
    const auto body = get_json(server_url(a->get("--server")), target, *headers, "tasks", err);
    if (!body)
        return 1;
    if (a->flags.contains("--json")) {
        out << engine::json_text(*body) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows{
        {"ID", "RUN", "STEP", "STATE", "OUTCOMES", "FORM", "DEADLINE", "TITLE"}};
    bool any_form = false;
    for (const auto& task : body->at("tasks").as_array()) {
        std::string outcomes;
        for (const auto& o : task.at("outcomes").as_array())
            outcomes += (outcomes.empty() ? "" : "|") + display_text(o);
        std::string form;
        for (const json::object* field : form_fields(task)) {
            form += (form.empty() ? "" : " ") + field_text(*field);
        }
        rows.push_back({display_field(task, "id"), display_field(task, "run_id"),
                        display_field(task, "step_id"), display_field(task, "state"), outcomes,
                        form.empty() ? "-" : form, short_time(display_field(task, "deadline_at")),
                        display_field(task, "title")});
        any_form = any_form || !form.empty();
    }
    if (rows.size() == 1) {
        out << "no tasks\n";
        return 0;
    }
    print_table(out, rows);
    if (any_form)
        out << "(FORM: name:type, * required, [choices]; answer with 'steward task complete ID --field "
               "NAME=VALUE')\n";
    return 0;
}

int task_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args) || args.empty()) {
        (args.empty() ? err : out) << kTaskUsage;
        return args.empty() ? 2 : 0;
    }
    const auto a =
        parse_args(args, {"--server", "--token-file", "--outcome", "--field"}, {}, "task", kTaskUsage, err);
    if (!a)
        return 2;
    if (a->positional.size() != 2 || a->positional[0] != "complete") {
        err << "steward task: expected 'complete ID'\n" << kTaskUsage;
        return 2;
    }
    const std::string& id = a->positional[1];
    if (id.empty() || id.find_first_not_of("0123456789") != std::string::npos) {
        err << "steward task complete: the task id must be a number, got '" << id << "'\n";
        return 2;
    }
    const auto outcome = a->get("--outcome");
    if (!outcome || outcome->empty()) {
        err << "steward task complete: --outcome is required\n" << kTaskUsage;
        return 2;
    }
    const auto headers = client_auth(*a, "task complete", err);
    if (!headers)
        return 2;
    const std::string server = server_url(a->get("--server"));
    const auto task = get_json(server, "/api/tasks/" + id, *headers, "task complete", err);
    if (!task)
        return 1;

    json::object values;
    const auto fields = a->values.find("--field");
    for (const std::string& kv : fields == a->values.end() ? std::vector<std::string>{} : fields->second) {
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
            err << "steward task complete: --field expects NAME=VALUE, got '" << kv << "'\n";
            return 2;
        }
        const std::string name = kv.substr(0, eq);
        std::string type;
        for (const json::object* field : form_fields(*task)) {
            if (display_field(*field, "name") == name)
                type = display_field(*field, "type");
        }
        std::string problem;
        auto value = typed_value(type, kv.substr(eq + 1), problem);
        if (!value) {
            err << "steward task complete: --field " << name << " " << problem << "\n";
            return 2;
        }
        values[name] = std::move(*value);
    }
    const json::object body{{"outcome", *outcome}, {"values", values}};
    Headers post_headers = *headers;
    post_headers.emplace_back("Content-Type", "application/json");
    const ApiReply reply =
        api_call(server, "POST", "/api/tasks/" + id + "/complete", json::serialize(body), post_headers);
    if (!reply.error.empty() || reply.status != 200) {
        err << "steward task complete: " << describe_failure(reply) << "\n";
        return 1;
    }
    boost::system::error_code ec;
    const json::value done = json::parse(reply.body, ec);
    const std::string by = ec ? std::string() : display_field(done, "responder");
    out << "task " << id << " completed: " << *outcome << (by.empty() ? "" : " by " + by) << "\n";
    return 0;
}

int run_tasks(std::span<const std::string_view> args) {
    return tasks_main(args, std::cout, std::cerr);
}
int run_task(std::span<const std::string_view> args) {
    return task_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
