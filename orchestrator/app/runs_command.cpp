#include "orchestrator/app/client_commands.hpp"

#include "orchestrator/app/api_client.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/client_support.hpp"
#include "orchestrator/app/run_client_commands.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <iostream>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kRunsUsage =
    "Usage: steward runs [--server URL] [--token-file F] [--workflow W] [--state S] [--trigger T]\n"
    "                    [--since TIME] [--until TIME] [--limit N] [--offset N] [--json]\n"
    "\n"
    "       steward runs show ID [--logs] [--json] [--server URL] [--token-file F]\n"
    "\n"
    "Lists a running server's runs, newest first. --state: pending, running, waiting, succeeded,\n"
    "failed or cancelled. --trigger: how they were started, a kind (http, cli, cron) or one exact\n"
    "trigger (http:alice). --since and --until: their creation time, 2026-12-07T14:00:00Z or\n"
    "2026-12-07. 'runs show ID' shows one run ('steward runs show --help').\n"
    "The server is --server, else $STEWARD_SERVER, else http://127.0.0.1:8080\n"
    "(where 'steward serve' listens by default). The API token is read from --token-file, else\n"
    "$STEWARD_TOKEN ('steward token create --scope runs:read').\n";

}  // namespace

int runs_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (!args.empty() && args.front() == "show") {
        return runs_show_main(args.subspan(1), out, err);
    }
    if (wants_help(args)) {
        out << kRunsUsage;
        return 0;
    }
    const auto a = parse_args(args,
                              {"--server", "--token-file", "--workflow", "--state", "--trigger", "--since",
                               "--until", "--limit", "--offset"},
                              {"--json"}, "runs", kRunsUsage, err);
    if (!a)
        return 2;
    if (!a->positional.empty()) {
        err << "steward runs: unexpected argument '" << a->positional.front() << "'\n" << kRunsUsage;
        return 2;
    }
    const std::string target = "/api/runs" + query_string({{"workflow", a->get("--workflow")},
                                                           {"state", a->get("--state")},
                                                           {"trigger", a->get("--trigger")},
                                                           {"since", a->get("--since")},
                                                           {"until", a->get("--until")},
                                                           {"limit", a->get("--limit")},
                                                           {"offset", a->get("--offset")}});
    const auto headers = client_auth(*a, "runs", err);
    if (!headers)
        return 2;
    const auto body = get_json(server_url(a->get("--server")), target, *headers, "runs", err);
    if (!body)
        return 1;
    if (a->flags.contains("--json")) {
        out << engine::json_text(*body) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows{
        {"ID", "UID", "WORKFLOW", "STATE", "STEP", "CREATED", "ERROR"}};
    for (const auto& run : body->at("runs").as_array()) {
        rows.push_back({display_field(run, "id"), display_field(run, "uid"), display_field(run, "workflow"),
                        display_field(run, "state"), display_field(run, "current_step"),
                        short_time(display_field(run, "created_at")), display_field(run, "error")});
    }
    if (rows.size() == 1) {
        out << "no runs\n";
        return 0;
    }
    print_table(out, rows);
    return 0;
}

int run_runs(std::span<const std::string_view> args) {
    return runs_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
