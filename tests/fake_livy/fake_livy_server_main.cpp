// fake_livy_server: the in-process fake Livy served standalone, for crash tests and benchmarks.
// Prints the bound port on the first line of stdout, then serves until SIGINT/SIGTERM. For soak
// tests it can inject random faults (`--fault-rate`, `--seed`; SIGUSR1 turns them off) and log every
// create and delete it processed (`--record FILE`).
#include "tests/fake_livy/fake_livy.hpp"
#include "tests/fake_livy/random_faults.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

using steward::fake_livy::BatchOutcome;
using steward::fake_livy::FakeLivyOptions;
using steward::fake_livy::kNever;
using steward::fake_livy::Millis;
using steward::fake_livy::RecordedRequest;
using steward::fake_livy::Reply;

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
    "  --fault-rate P               random faults: about P of the GETs answered 503, P/2 delayed\n"
    "                               0.2-3 s; of the creates P/2 answered 503, P/4 processed but not\n"
    "                               answered; of the DELETEs P answered 503 (default 0; SIGUSR1 stops)\n"
    "  --seed N                     seed of the random faults (default 1)\n"
    "  --record FILE                append one JSON line per create and delete processed:\n"
    "                               "
    "{\"op\":\"create\"|\"delete\",\"kind\",\"status\",\"id\",\"name\"|\"ref\"}\n"
    "  --help\n";

struct UsageError {
    std::string message;
};

// What the standalone server does besides serving.
struct Extras {
    double fault_rate = 0;
    std::uint64_t seed = 1;
    std::string record_path;
};

// One JSON line for a create or a delete the model processed; nothing for other requests.
std::optional<std::string> record_line(const RecordedRequest& request, const Reply& reply) {
    const auto path = request.path();
    const bool create = request.method == "POST" && (path == "/batches" || path == "/sessions");
    const bool remove = request.method == "DELETE" &&
                        (path.starts_with("/batches/") || path.starts_with("/sessions/")) &&
                        path.find('/', 1) == path.rfind('/');
    if (!create && !remove) {
        return std::nullopt;
    }
    boost::json::object line{{"op", create ? "create" : "delete"},
                             {"kind", path.starts_with("/batches") ? "batch" : "session"},
                             {"status", reply.status}};
    boost::system::error_code ec;
    if (create) {
        const auto body = boost::json::parse(request.body, ec);
        const auto* name = !ec && body.is_object() ? body.as_object().if_contains("name") : nullptr;
        line["name"] = name && name->is_string() ? name->as_string() : boost::json::string();
        const auto answer = boost::json::parse(reply.body, ec);
        const auto* id = !ec && answer.is_object() ? answer.as_object().if_contains("id") : nullptr;
        line["id"] = !id               ? std::string()
                     : id->is_string() ? std::string(id->as_string())
                                       : boost::json::serialize(*id);
    } else {
        line["ref"] = std::string(path.substr(path.rfind('/') + 1));
    }
    return boost::json::serialize(line);
}

boost::asio::awaitable<void> tick_faults(steward::fake_livy::RandomFaults& faults) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
    for (;;) {
        timer.expires_after(std::chrono::milliseconds(5));
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        if (ec) {
            co_return;
        }
        faults.tick();
    }
}

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

FakeLivyOptions parse_args(const std::vector<std::string_view>& args, bool& help, Extras& extras) {
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
        } else if (flag == "--fault-rate") {
            double rate = -1;
            const auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), rate);
            if (ec != std::errc{} || p != value.data() + value.size() || rate < 0 || rate > 1) {
                throw UsageError{"--fault-rate: expected a fraction 0..1, got '" + std::string(value) + "'"};
            }
            extras.fault_rate = rate;
        } else if (flag == "--seed") {
            extras.seed = parse_count(flag, value, 4'294'967'295UL);
        } else if (flag == "--record") {
            extras.record_path = std::string(value);
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
    Extras extras;
    try {
        bool help = false;
        options = parse_args(args, help, extras);
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
        std::unique_ptr<std::ofstream> record;
        if (!extras.record_path.empty()) {
            record = std::make_unique<std::ofstream>(extras.record_path, std::ios::app);
            if (!*record) {
                std::cerr << "fake_livy_server: cannot open " << extras.record_path << "\n";
                return 1;
            }
            options.observer = [out = record.get()](const RecordedRequest& request, const Reply& reply) {
                if (auto line = record_line(request, reply)) {
                    *out << *line << std::endl;  // flushed: the reader may look before we stop
                }
            };
        }
        steward::fake_livy::FakeLivy fake(io, options);
        fake.start();
        steward::fake_livy::RandomFaults faults(fake, extras.fault_rate, extras.seed);
        if (extras.fault_rate > 0) {
            boost::asio::co_spawn(io, tick_faults(faults), boost::asio::detached);
        }
        boost::asio::signal_set stop_faults(io, SIGUSR1);
        stop_faults.async_wait([&](const boost::system::error_code& ec, int) {
            if (!ec) {
                std::cerr << "fake_livy_server: SIGUSR1: faults off after " << faults.injected()
                          << " injected" << std::endl;
                faults.disable();
            }
        });
        std::cout << fake.port() << std::endl;
        std::cerr << "fake_livy_server: listening on " << fake.base_url() << std::endl;
        boost::asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const boost::system::error_code& ec, int) {
            if (!ec) {
                std::cerr << "fake_livy_server: " << faults.injected() << " faults injected" << std::endl;
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
