#include "orchestrator/app/api_client.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/client_commands.hpp"
#include "orchestrator/app/client_support.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <boost/json/value.hpp>

#include <iostream>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kWorkflowsUsage =
    "Usage: steward workflows [--server URL] [--token-file F] [--json]\n"
    "\n"
    "Lists the workflows a running server loaded: their params (* required), cron triggers and\n"
    "steps, and whether your token may trigger each. The server is --server, else $STEWARD_SERVER,\n"
    "else http://127.0.0.1:8080. The API token is read from --token-file, else $STEWARD_TOKEN\n"
    "(scope workflows:read).\n";

constexpr std::string_view kWorkflowUsage =
    "Usage: steward workflow show NAME [--source] [--version ID] [--json] [--server URL]\n"
    "                                  [--token-file F]\n"
    "\n"
    "Shows one workflow of a running server: its params (type, required, default, choices,\n"
    "pattern), cron triggers with their next time, steps, and stored versions (the current one\n"
    "marked). --source prints the YAML source instead, of version ID (a definition id from the\n"
    "versions list) when --version is given. The server and token as for 'steward workflows'.\n";

std::string joined(const json::value& array, std::string_view separator) {
    std::string out;
    if (array.is_array()) {
        for (const auto& item : array.as_array())
            out += (out.empty() ? "" : std::string(separator)) + display_text(item);
    }
    return out;
}

std::string yes_no(const json::value& object, std::string_view key) {
    const auto* value = object.as_object().if_contains(key);
    return value && value->is_bool() && value->as_bool() ? "yes" : "no";
}

// "name*, other" from a params array.
std::string param_names(const json::value& params) {
    std::string out;
    for (const auto& p : params.as_array())
        out += (out.empty() ? "" : ", ") + display_field(p, "name") +
               (yes_no(p, "required") == "yes" ? "*" : "");
    return out;
}

// "0 6 1 * * (UTC)" per trigger.
std::string trigger_list(const json::value& triggers) {
    std::string out;
    for (const auto& t : triggers.as_array())
        out += (out.empty() ? "" : "; ") + display_field(t, "cron") + " (" + display_field(t, "zone") + ")";
    return out.empty() ? "-" : out;
}

std::string object_text(const json::value& object) {
    std::string out;
    if (object.is_object()) {
        for (const auto& [key, value] : object.as_object())
            out += (out.empty() ? "" : " ") + std::string(key) + "=" + display_text(value);
    }
    return out;
}

void print_section(std::ostream& out, std::string_view title, std::vector<std::vector<std::string>> rows) {
    out << "\n" << title << ":\n";
    if (rows.size() == 1) {
        out << "  (none)\n";
        return;
    }
    for (auto& row : rows) row.insert(row.begin(), "");  // indent by one empty column
    print_table(out, rows);
}

void print_workflow(std::ostream& out, const json::value& w) {
    out << "workflow " << display_field(w, "name") << " (version " << display_field(w, "definition_id")
        << ", " << display_field(w, "file") << ")\n";
    if (const std::string description = display_field(w, "description"); !description.empty())
        out << description << "\n";
    out << "you may trigger it: " << yes_no(w, "can_trigger") << "\n";

    std::vector<std::vector<std::string>> params{
        {"PARAM", "TYPE", "REQUIRED", "DEFAULT", "CHOICES", "DESCRIPTION"}};
    for (const auto& p : w.at("params").as_array()) {
        std::string description = display_field(p, "description");
        if (const std::string pattern = display_field(p, "pattern"); !pattern.empty())
            description += (description.empty() ? "" : " ") + ("(pattern " + pattern + ")");
        const auto* def = p.as_object().if_contains("default");
        params.push_back({display_field(p, "name"), display_field(p, "type"), yes_no(p, "required"),
                          def ? display_text(*def) : "",
                          joined(p.as_object().contains("values") ? p.at("values") : json::value(), "|"),
                          description});
    }
    print_section(out, "params", std::move(params));

    std::vector<std::vector<std::string>> triggers{{"CRON", "ZONE", "NEXT", "PARAMS"}};
    for (const auto& t : w.at("triggers").as_array()) {
        triggers.push_back({display_field(t, "cron"), display_field(t, "zone"),
                            short_time(display_field(t, "next_at")), object_text(t.at("params"))});
    }
    print_section(out, "triggers", std::move(triggers));

    std::vector<std::vector<std::string>> steps{{"STEP", "TYPE", "NEXT", "SUMMARY"}};
    for (const auto& s : w.at("steps").as_array()) {
        std::string summary = display_field(s, "summary");
        if (const std::string when = display_field(s, "when"); !when.empty())
            summary += " (when " + when + ")";
        steps.push_back(
            {display_field(s, "id"), display_field(s, "type"), joined(s.at("next"), ","), summary});
    }
    print_section(out, "steps", std::move(steps));

    std::vector<std::vector<std::string>> versions{
        {"VERSION", "CURRENT", "LOADED", "RUNS", "LAST RUN", "SHA-256"}};
    for (const auto& v : w.at("versions").as_array()) {
        versions.push_back({display_field(v, "id"), yes_no(v, "current") == "yes" ? "*" : "",
                            short_time(display_field(v, "created_at")), display_field(v, "runs"),
                            short_time(display_field(v, "last_run_at")),
                            display_field(v, "content_hash").substr(0, 12)});
    }
    print_section(out, "versions", std::move(versions));
}

}  // namespace

int workflows_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kWorkflowsUsage;
        return 0;
    }
    const auto a =
        parse_args(args, {"--server", "--token-file"}, {"--json"}, "workflows", kWorkflowsUsage, err);
    if (!a)
        return 2;
    if (!a->positional.empty()) {
        err << "steward workflows: unexpected argument '" << a->positional.front() << "'\n"
            << kWorkflowsUsage;
        return 2;
    }
    const auto headers = client_auth(*a, "workflows", err);
    if (!headers)
        return 2;
    const auto body = get_json(server_url(a->get("--server")), "/api/workflows", *headers, "workflows", err);
    if (!body)
        return 1;
    if (a->flags.contains("--json")) {
        out << engine::json_text(*body) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows{
        {"NAME", "VERSION", "TRIGGER", "PARAMS", "TRIGGERS", "STEPS", "DESCRIPTION"}};
    for (const auto& w : body->at("workflows").as_array()) {
        rows.push_back({display_field(w, "name"), display_field(w, "definition_id"), yes_no(w, "can_trigger"),
                        param_names(w.at("params")), trigger_list(w.at("triggers")),
                        std::to_string(w.at("steps").as_array().size()), display_field(w, "description")});
    }
    if (rows.size() == 1) {
        out << "no workflows\n";
        return 0;
    }
    print_table(out, rows);
    return 0;
}

int workflow_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args) || args.empty()) {
        (args.empty() ? err : out) << kWorkflowUsage;
        return args.empty() ? 2 : 0;
    }
    const auto a = parse_args(args, {"--server", "--token-file", "--version"}, {"--json", "--source"},
                              "workflow", kWorkflowUsage, err);
    if (!a)
        return 2;
    if (a->positional.size() != 2 || a->positional[0] != "show") {
        err << "steward workflow: expected 'show NAME'\n" << kWorkflowUsage;
        return 2;
    }
    const std::string& name = a->positional[1];
    if (name.empty() || name.find_first_of("/?#% ") != std::string::npos) {
        err << "steward workflow show: '" << name << "' is not a workflow name\n";
        return 2;
    }
    const auto version = a->get("--version");
    if (version && (version->empty() || version->find_first_not_of("0123456789") != std::string::npos)) {
        err << "steward workflow show: --version must be a version number from the versions list, got '"
            << *version << "'\n";
        return 2;
    }
    const auto headers = client_auth(*a, "workflow show", err);
    if (!headers)
        return 2;
    const std::string target = "/api/workflows/" + name + (version ? "/versions/" + *version : std::string());
    const auto body = get_json(server_url(a->get("--server")), target, *headers, "workflow show", err);
    if (!body)
        return 1;
    if (a->flags.contains("--json")) {
        out << engine::json_text(*body) << "\n";
        return 0;
    }
    if (a->flags.contains("--source") || version) {
        const std::string source = display_field(*body, "source");
        out << source << (source.empty() || source.back() == '\n' ? "" : "\n");
        return 0;
    }
    print_workflow(out, *body);
    return 0;
}

int run_workflows(std::span<const std::string_view> args) {
    return workflows_main(args, std::cout, std::cerr);
}
int run_workflow(std::span<const std::string_view> args) {
    return workflow_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
