// fake_livy_server: the in-process fake Livy served standalone, for crash tests and benchmarks.
// Prints the bound port on the first line of stdout, then serves until SIGINT/SIGTERM.
#include "tests/fake_livy/fake_livy.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using steward::fake_livy::BatchOutcome;
using steward::fake_livy::FakeLivyOptions;
using steward::fake_livy::kNever;
using steward::fake_livy::Millis;

constexpr std::string_view kUsage =
    "usage: fake_livy_server [options]\n"
    "  --port N                     listen on 127.0.0.1:N (default 0: any free port)\n"
    "  --address A                  listen address (default 127.0.0.1)\n"
    "  --session-start-seconds S    starting -> idle (default 0.05)\n"
    "  --statement-seconds S        running -> available (default 0.02)\n"
    "  --batch-start-seconds S      starting -> running (default 0.01)\n"
    "  --batch-seconds S            running -> terminal (default 0.05; 'never' holds it running)\n"
    "  --batch-seconds-for PART=S   batches whose name contains PART run S instead (repeatable)\n"
    "  --batch-outcome success|dead|killed  (default success)\n"
    "  --delete-seconds S           a DELETE blocks this long (default 0)\n"
    "  --retain-seconds S           finished objects vanish after S (default: never)\n"
    "  --log-capacity N             lines kept per log section (default 200)\n"
    "  --list-page-cap N            GET /batches|/sessions return at most N entries a page\n"
    "  --list-ignores-from          GET /batches|/sessions always start at the first entry\n"
    "  --batch-log-seconds S        running batches append a stdout line every S (default: never)\n"
    "  --batch-log-every-nth N      only batches whose id is a multiple of N do (default 1)\n"
    "  --app-info                   batches and sessions report an appId, driverLogUrl and sparkUiUrl\n"
    "  --csrf                       require X-Requested-By on POST/DELETE\n"
    "  --string-ids                 GUID session/batch ids, like Fabric/Synapse-style gateways\n"
    "  --basic-auth USER:PASSWORD   require HTTP Basic credentials\n"
    "  --help\n";

struct UsageError {
    std::string message;
};

Millis parse_seconds(std::string_view flag, std::string_view text) {
    if (text == "never") {
        return kNever;
    }
    double seconds = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc{} || p != text.data() + text.size() || seconds < 0) {
        throw UsageError{std::string(flag) + ": expected seconds >= 0 or 'never', got '" + std::string(text) +
                         "'"};
    }
    return Millis(static_cast<long long>(seconds * 1000.0));
}

unsigned long parse_count(std::string_view flag, std::string_view text, unsigned long max) {
    unsigned long v = 0;
    const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || p != text.data() + text.size() || v > max) {
        throw UsageError{std::string(flag) + ": expected an integer 0.." + std::to_string(max) + ", got '" +
                         std::string(text) + "'"};
    }
    return v;
}

FakeLivyOptions parse_args(const std::vector<std::string_view>& args, bool& help) {
    FakeLivyOptions o;
    o.max_recorded_requests = 0;  // nobody reads them; keep memory flat in long runs
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto flag = args[i];
        if (flag == "--help" || flag == "-h") {
            help = true;
            return o;
        }
        if (flag == "--csrf") {
            o.filters.csrf = true;
            continue;
        }
        if (flag == "--app-info") {
            o.model.app = {"application_1700000000000_0001", "http://127.0.0.1:8042/node/containerlogs/livy",
                           "http://127.0.0.1:8088/proxy/application_1700000000000_0001/"};
            continue;
        }
        if (flag == "--list-ignores-from") {
            o.model.list_ignores_from = true;
            continue;
        }
        if (flag == "--string-ids") {
            o.model.string_ids = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            throw UsageError{std::string(flag) + ": unknown option or missing value"};
        }
        const auto value = args[++i];
        if (flag == "--port") {
            o.port = static_cast<unsigned short>(parse_count(flag, value, 65535));
        } else if (flag == "--address") {
            o.address = std::string(value);
        } else if (flag == "--session-start-seconds") {
            o.model.session_start = parse_seconds(flag, value);
        } else if (flag == "--statement-seconds") {
            o.model.statement_run = parse_seconds(flag, value);
        } else if (flag == "--batch-start-seconds") {
            o.model.batch_start = parse_seconds(flag, value);
        } else if (flag == "--batch-seconds") {
            o.model.batch_run = parse_seconds(flag, value);
        } else if (flag == "--batch-seconds-for") {
            const auto eq = value.find('=');
            if (eq == std::string_view::npos || eq == 0) {
                throw UsageError{"--batch-seconds-for: expected PART=SECONDS, got '" + std::string(value) +
                                 "'"};
            }
            o.model.batch_run_by_name_part.emplace_back(std::string(value.substr(0, eq)),
                                                        parse_seconds(flag, value.substr(eq + 1)));
        } else if (flag == "--delete-seconds") {
            o.model.delete_delay = parse_seconds(flag, value);
        } else if (flag == "--retain-seconds") {
            o.model.retain_finished = parse_seconds(flag, value);
        } else if (flag == "--list-page-cap") {
            o.model.list_page_cap = parse_count(flag, value, 1'000'000);
        } else if (flag == "--batch-log-seconds") {
            o.model.batch_log_every = parse_seconds(flag, value);
        } else if (flag == "--batch-log-every-nth") {
            o.model.batch_log_every_nth = static_cast<int>(parse_count(flag, value, 1'000'000));
        } else if (flag == "--log-capacity") {
            o.model.log_capacity = parse_count(flag, value, 1'000'000);
        } else if (flag == "--batch-outcome") {
            if (value == "success")
                o.model.batch_outcome = BatchOutcome::success;
            else if (value == "dead")
                o.model.batch_outcome = BatchOutcome::dead;
            else if (value == "killed")
                o.model.batch_outcome = BatchOutcome::killed;
            else
                throw UsageError{"--batch-outcome: expected success, dead or killed, got '" +
                                 std::string(value) + "'"};
        } else if (flag == "--basic-auth") {
            const auto colon = value.find(':');
            if (colon == std::string_view::npos) {
                throw UsageError{"--basic-auth: expected USER:PASSWORD"};
            }
            o.filters.basic_auth.emplace(std::string(value.substr(0, colon)),
                                         std::string(value.substr(colon + 1)));
        } else {
            throw UsageError{std::string(flag) + ": unknown option"};
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    FakeLivyOptions options;
    try {
        bool help = false;
        options = parse_args(args, help);
        if (help) {
            std::cout << kUsage;
            return 0;
        }
    } catch (const UsageError& e) {
        std::cerr << "fake_livy_server: " << e.message << "\n" << kUsage;
        return 2;
    }
    try {
        boost::asio::io_context io{1};
        steward::fake_livy::FakeLivy fake(io, options);
        fake.start();
        std::cout << fake.port() << std::endl;
        std::cerr << "fake_livy_server: listening on " << fake.base_url() << std::endl;
        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const boost::system::error_code& ec, int) {
            if (!ec) {
                fake.stop();
                io.stop();
            }
        });
        io.run();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "fake_livy_server: " << e.what() << "\n";
        return 1;
    }
}
