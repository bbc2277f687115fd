#include "orchestrator/app/api_client.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/run_client_commands.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <boost/json/parse.hpp>

#include <iostream>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kCancelUsage =
    "Usage: steward cancel ID [--json] [--server URL] [--token-file F]\n"
    "\n"
    "Cancels run ID on a running server: its step is interrupted, what it opened on Livy is\n"
    "deleted, and it ends 'cancelled' shortly after. Needs the cancel permission. The server is\n"
    "--server, else $STEWARD_SERVER, else http://127.0.0.1:8080; the API token is read from\n"
    "--token-file, else $STEWARD_TOKEN.\n";

constexpr std::string_view kRerunUsage =
    "Usage: steward rerun ID [--json] [--server URL] [--token-file F]\n"
    "\n"
    "Starts a new run repeating run ID on a running server: the same workflow definition and\n"
    "params, linked to run ID ('rerun of'). Prints the new run's id (--json: the server's\n"
    "answer). Needs the trigger permission on the run's workflow. The server is --server, else\n"
    "$STEWARD_SERVER, else http://127.0.0.1:8080; the API token is read from --token-file, else\n"
    "$STEWARD_TOKEN.\n";

// What `post_run_action` did: the exit status, and on success the server's answer.
struct ActionOutcome {
    int status = 2;
    std::optional<json::value> body;
    bool as_json = false;
};

// `steward COMMAND ID`: POSTs to /api/runs/ID/ACTION and expects `expected_status`; usage,
// help and failures are written here.
ActionOutcome post_run_action(std::span<const std::string_view> args, std::string_view command,
                              std::string_view usage, int expected_status, std::ostream& out,
                              std::ostream& err) {
    ActionOutcome outcome;
    if (wants_help(args)) {
        out << usage;
        outcome.status = 0;
        return outcome;
    }
    const auto a = parse_args(args, {"--server", "--token-file"}, {"--json"}, command, usage, err);
    if (!a)
        return outcome;
    if (a->positional.size() != 1) {
        err << "steward " << command << ": expected one run id\n" << usage;
        return outcome;
    }
    const std::string& id = a->positional.front();
    if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
        err << "steward " << command << ": the run id must be a number, got '" << id << "'\n";
        return outcome;
    }
    const auto headers = client_auth(*a, command, err);
    if (!headers)
        return outcome;
    outcome.as_json = a->flags.contains("--json");
    outcome.status = 1;
    const ApiReply reply = api_call(server_url(a->get("--server")), "POST",
                                    "/api/runs/" + id + "/" + std::string(command), {}, *headers);
    if (!reply.error.empty() || reply.status != expected_status) {
        err << "steward " << command << ": " << describe_failure(reply) << "\n";
        return outcome;
    }
    boost::system::error_code ec;
    json::value body = json::parse(reply.body, ec);
    if (ec || !body.is_object()) {
        err << "steward " << command << ": the server answered with invalid JSON\n";
        return outcome;
    }
    outcome.status = 0;
    outcome.body = std::move(body);
    return outcome;
}

}  // namespace

int cancel_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto outcome = post_run_action(args, "cancel", kCancelUsage, 202, out, err);
    if (!outcome.body)
        return outcome.status;
    const json::value& run = *outcome.body;
    if (outcome.as_json) {
        out << engine::json_text(run) << "\n";
        return 0;
    }
    out << "run " << display_field(run, "id") << " (" << display_field(run, "workflow")
        << ") is being cancelled; it is " << display_field(run, "state") << " now\n";
    return 0;
}

int rerun_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    const auto outcome = post_run_action(args, "rerun", kRerunUsage, 201, out, err);
    if (!outcome.body)
        return outcome.status;
    const json::value& run = *outcome.body;
    if (outcome.as_json) {
        out << engine::json_text(run) << "\n";
        return 0;
    }
    out << "run " << display_field(run, "id") << " started (" << display_field(run, "workflow")
        << "), a rerun of run " << display_field(run, "rerun_of") << "\n";
    return 0;
}

int run_cancel(std::span<const std::string_view> args) {
    return cancel_main(args, std::cout, std::cerr);
}
int run_rerun(std::span<const std::string_view> args) {
    return rerun_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
