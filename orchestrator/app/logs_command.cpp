#include "orchestrator/app/api_client.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/run_client_commands.hpp"

#include <boost/json/parse.hpp>

#include <iostream>
#include <thread>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kLogsUsage =
    "Usage: steward logs RUN STEP [--attempt N] [--follow] [--interval SECONDS] [--server URL]\n"
    "                    [--token-file F]\n"
    "\n"
    "Prints the stored log of a step of a run on a running server: Livy batch logs, session\n"
    "statement outputs, shell output. The latest attempt unless --attempt N. --follow keeps\n"
    "printing new lines (asking every --interval seconds, default 1) until the step ends.\n"
    "The server is --server, else $STEWARD_SERVER, else http://127.0.0.1:8080; the API token is\n"
    "read from --token-file, else $STEWARD_TOKEN.\n";

constexpr int kPageLines = 5000;

bool is_number(std::string_view text) {
    return !text.empty() && text.size() <= 18 &&
           text.find_first_not_of("0123456789") == std::string_view::npos;
}

// One page of the log from line `from`.
std::optional<json::value> log_page(const LogRequest& request, std::int64_t from, std::ostream& err) {
    std::string target = "/api/runs/" + request.run_id + "/steps/" + query_escape(request.step) + "/log" +
                         query_string({{"attempt", request.attempt},
                                       {"from", std::to_string(from)},
                                       {"size", std::to_string(kPageLines)}});
    const ApiReply reply = api_call(request.server, "GET", target, {}, request.headers, request.timeout);
    if (!reply.error.empty() || reply.status != 200) {
        err << "steward " << request.command << ": " << describe_failure(reply) << "\n";
        return std::nullopt;
    }
    boost::system::error_code ec;
    json::value page = json::parse(reply.body, ec);
    if (ec || !page.is_object() || !page.as_object().contains("lines") || !page.at("lines").is_array() ||
        !page.at("next_from").is_int64()) {
        err << "steward " << request.command << ": the server answered with an unexpected log page\n";
        return std::nullopt;
    }
    return page;
}

}  // namespace

std::optional<json::value> print_step_log(const LogRequest& request, std::ostream& out, std::ostream& err) {
    LogRequest pinned = request;
    std::int64_t from = 0;
    while (true) {
        auto page = log_page(pinned, from, err);
        if (!page)
            return std::nullopt;
        // Follow the attempt first seen, even if a retry starts a newer one meanwhile.
        if (!pinned.attempt) {
            pinned.attempt = display_field(*page, "attempt");
        }
        for (const auto& line : page->at("lines").as_array()) {
            out << pinned.prefix << display_text(line) << "\n";
        }
        out.flush();
        const std::int64_t next = page->at("next_from").as_int64();
        const bool got_lines = next > from;
        from = next;
        const bool more_stored = page->at("total").is_int64() && from < page->at("total").as_int64();
        if (more_stored && got_lines) {
            continue;  // the rest of what is stored, at once
        }
        const bool running = page->at("running").is_bool() && page->at("running").as_bool();
        if (!pinned.follow || !running) {
            return page;
        }
        if (!got_lines) {
            std::this_thread::sleep_for(pinned.interval);
        }
    }
}

int logs_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kLogsUsage;
        return 0;
    }
    const auto a = parse_args(args, {"--server", "--token-file", "--attempt", "--interval"}, {"--follow"},
                              "logs", kLogsUsage, err);
    if (!a)
        return 2;
    if (a->positional.size() != 2) {
        err << "steward logs: expected RUN and STEP\n" << kLogsUsage;
        return 2;
    }
    if (!is_number(a->positional[0])) {
        err << "steward logs: the run id must be a number, got '" << a->positional[0] << "'\n";
        return 2;
    }
    const auto attempt = a->get("--attempt");
    if (attempt && !is_number(*attempt)) {
        err << "steward logs: --attempt must be a number, got '" << *attempt << "'\n";
        return 2;
    }
    LogRequest request;
    if (const auto interval = a->get("--interval")) {
        double seconds = 0;
        try {
            std::size_t used = 0;
            seconds = std::stod(*interval, &used);
            if (used != interval->size())
                seconds = -1;
        } catch (const std::exception&) {
            seconds = -1;
        }
        if (!(seconds >= 0.01 && seconds <= 3600)) {
            err << "steward logs: --interval must be a number of seconds from 0.01 to 3600, got '"
                << *interval << "'\n";
            return 2;
        }
        request.interval = std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
    }
    const auto headers = client_auth(*a, "logs", err);
    if (!headers)
        return 2;
    request.server = server_url(a->get("--server"));
    request.headers = *headers;
    request.run_id = a->positional[0];
    request.step = a->positional[1];
    request.attempt = attempt;
    request.follow = a->flags.contains("--follow");
    const auto last = print_step_log(request, out, err);
    if (!last)
        return 1;
    if (request.follow) {
        err << "steward logs: step '" << request.step << "' attempt " << display_field(*last, "attempt")
            << " ended " << display_field(*last, "state") << "\n";
    }
    return 0;
}

int run_logs(std::span<const std::string_view> args) {
    return logs_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
