#include "orchestrator/app/livy_command.hpp"

#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/livy_command_output.hpp"

#include "livy_client/client.hpp"
#include "livy_client/log_follower.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace steward::app {
namespace {

namespace asio = boost::asio;

constexpr std::string_view kUsage =
    "Usage: steward livy [options] COMMAND\n"
    "\n"
    "Talks to a Livy server, for debugging what Steward sees.\n"
    "\n"
    "Commands:\n"
    "  version                        server version\n"
    "  sessions [--from N] [--size N] list interactive sessions\n"
    "  batches [--from N] [--size N]  list batches\n"
    "  session ID                     one session (ID as Livy gives it: 3, or a GUID)\n"
    "  batch ID                       one batch (ID as Livy gives it: 3, or a GUID)\n"
    "  log batch|session ID [--follow] [--interval SECONDS]\n"
    "                                 the whole log; --follow prints new lines until the\n"
    "                                 batch/session finishes (Ctrl-C stops)\n"
    "\n"
    "Options:\n"
    "  --url URL             Livy base URL (default $STEWARD_LIVY_URL or http://127.0.0.1:8998)\n"
    "  --user U              HTTP basic auth user; the password comes from --password-env\n"
    "  --password-env VAR    name of the environment variable holding the password\n"
    "  --ca-file F           PEM CA bundle for https (in addition to the system store)\n"
    "  --insecure            do not verify the server certificate\n"
    "  --timeout SECONDS     per-request deadline (default 30)\n"
    "  --json                print JSON instead of tables\n"
    "  -v, --verbose         log every HTTP call to stderr\n"
    "  -h, --help            show this help\n"
    "\n"
    "Exit status: 0 success, 1 Livy or connection error, 2 usage error.\n";

struct Options {
    livy::ClientConfig config;
    bool json = false;
    bool verbose = false;
    bool follow = false;
    double interval_s = 2.0;
    std::optional<std::int64_t> from;
    std::optional<std::int64_t> size;
    std::vector<std::string_view> words;  // the command and its positional arguments
};

struct UsageError {
    std::string message;
};

std::int64_t parse_int(std::string_view flag, std::string_view text) {
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || ptr != text.data() + text.size()) {
        throw UsageError{std::string(flag) + " expects an integer, got '" + std::string(text) + "'"};
    }
    return v;
}

double parse_seconds(std::string_view flag, std::string_view text) {
    const std::string s(text);
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size() || !(v > 0.0) || v > 86400.0) {
        throw UsageError{std::string(flag) + " expects seconds in (0, 86400], got '" + s + "'"};
    }
    return v;
}

Options parse_options(std::span<const std::string_view> args) {
    Options o;
    const char* env_url = std::getenv("STEWARD_LIVY_URL");
    o.config.base_url = env_url != nullptr && *env_url != '\0' ? env_url : "http://127.0.0.1:8998";
    o.config.request_timeout = std::chrono::seconds(30);
    std::optional<std::string> user;
    std::optional<std::string> password_env;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= args.size()) {
                throw UsageError{std::string(a) + " needs a value"};
            }
            return args[++i];
        };
        if (a == "--url") {
            o.config.base_url = std::string(value());
        } else if (a == "--user") {
            user = std::string(value());
        } else if (a == "--password-env") {
            password_env = std::string(value());
        } else if (a == "--ca-file") {
            o.config.tls.ca_file = std::string(value());
        } else if (a == "--insecure") {
            o.config.tls.verify_peer = false;
        } else if (a == "--timeout") {
            o.config.request_timeout =
                std::chrono::milliseconds(static_cast<std::int64_t>(parse_seconds(a, value()) * 1000));
        } else if (a == "--json") {
            o.json = true;
        } else if (a == "-v" || a == "--verbose") {
            o.verbose = true;
        } else if (a == "--follow" || a == "-f") {
            o.follow = true;
        } else if (a == "--interval") {
            o.interval_s = parse_seconds(a, value());
        } else if (a == "--from") {
            o.from = parse_int(a, value());
        } else if (a == "--size") {
            o.size = parse_int(a, value());
        } else if (a.size() > 1 && a.front() == '-' && a != "-") {
            throw UsageError{unknown_option(
                a, {"--url", "--user", "--password-env", "--ca-file", "--insecure", "--timeout", "--json",
                    "--verbose", "--follow", "--interval", "--from", "--size"})};
        } else {
            o.words.push_back(a);
        }
    }
    if (password_env && !user) {
        throw UsageError{"--password-env needs --user"};
    }
    if (user) {
        std::string password;
        if (password_env) {
            const char* p = std::getenv(password_env->c_str());
            if (p == nullptr) {
                throw UsageError{"environment variable " + *password_env + " (--password-env) is not set"};
            }
            password = p;
        }
        o.config.auth = livy::BasicAuth{*user, std::move(password)};
    }
    if (o.words.empty()) {
        throw UsageError{"missing command"};
    }
    return o;
}

// Livy ids are opaque: Apache Livy's integers, GUIDs of Fabric/Synapse-style gateways, UUIDs of
// Lighter. Anything but an empty word is passed on (percent-encoded by the client).
std::string parse_id(std::string_view what, std::string_view text) {
    if (text.empty()) {
        throw UsageError{std::string(what) + " ID must not be empty"};
    }
    return std::string(text);
}

void expect_words(const Options& o, std::size_t n, std::string_view shape) {
    if (o.words.size() != n) {
        throw UsageError{"expected '" + std::string(shape) + "'"};
    }
}

// Prints an error line and gives exit status 1; an unreachable Livy adds how to point at another.
int fail(std::ostream& err, const livy::Error& e) {
    err << "steward livy: " << e.describe()
        << (e.code == livy::Errc::connection ? "; is Livy running there? set --url or STEWARD_LIVY_URL" : "")
        << '\n';
    return 1;
}

/// Where a command prints: results to `out`, errors and notes to `err`.
struct Streams {
    std::ostream& out;
    std::ostream& err;
};

asio::awaitable<int> follow_log(livy::Client& client, const Options& o, Streams io, bool batch, livy::Id id) {
    livy::LogFollower follower(client, batch ? livy::LogSource::batch : livy::LogSource::session, id);
    const auto interval = std::chrono::milliseconds(static_cast<std::int64_t>(o.interval_s * 1000));
    for (;;) {
        // Read the state first so that lines written just before the end are still fetched.
        // No co_await inside ?: (GCC 12 miscompiles the temporaries' lifetimes there).
        livy::Result<livy::StateInfo> state = livy::make_error(livy::Errc::cancelled, "");
        if (batch) {
            state = co_await client.batch_state(id);
        } else {
            state = co_await client.session_state(id);
        }
        if (!state) {
            co_return fail(io.err, state.error());
        }
        auto lines = co_await follower.poll();
        if (!lines) {
            co_return fail(io.err, lines.error());
        }
        print_log_lines(io.out, *lines);
        io.out.flush();
        const bool done =
            batch ? livy::is_terminal_batch(state->state) : livy::is_terminal_session(state->state);
        if (!o.follow || done) {
            if (o.follow) {
                io.err << "steward livy: " << (batch ? "batch " : "session ") << id << " is "
                       << state->state_text << '\n';
            }
            co_return 0;
        }
        asio::steady_timer timer(client.get_executor(), interval);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            co_return 0;  // interrupted (Ctrl-C)
        }
    }
}

asio::awaitable<int> run_command(livy::Client& client, const Options& o, Streams io) {
    const std::string_view cmd = o.words.front();
    if (cmd == "version") {
        expect_words(o, 1, "version");
        auto v = co_await client.version();
        if (!v) {
            co_return fail(io.err, v.error());
        }
        print_version(io.out, *v, o.json);
    } else if (cmd == "sessions") {
        expect_words(o, 1, "sessions [--from N] [--size N]");
        auto list = co_await client.list_sessions(livy::Page{o.from, o.size});
        if (!list) {
            co_return fail(io.err, list.error());
        }
        print_sessions(io.out, *list, o.json);
    } else if (cmd == "batches") {
        expect_words(o, 1, "batches [--from N] [--size N]");
        auto list = co_await client.list_batches(livy::Page{o.from, o.size});
        if (!list) {
            co_return fail(io.err, list.error());
        }
        print_batches(io.out, *list, o.json);
    } else if (cmd == "session") {
        expect_words(o, 2, "session ID");
        auto s = co_await client.get_session(parse_id("session", o.words[1]));
        if (!s) {
            co_return fail(io.err, s.error());
        }
        print_session(io.out, *s);
    } else if (cmd == "batch") {
        expect_words(o, 2, "batch ID");
        auto b = co_await client.get_batch(parse_id("batch", o.words[1]));
        if (!b) {
            co_return fail(io.err, b.error());
        }
        print_batch(io.out, *b);
    } else if (cmd == "log") {
        expect_words(o, 3, "log batch|session ID");
        const std::string_view kind = o.words[1];
        if (kind != "batch" && kind != "session") {
            throw UsageError{"log expects 'batch' or 'session', got '" + std::string(kind) + "'"};
        }
        co_return co_await follow_log(client, o, io, kind == "batch", parse_id(kind, o.words[2]));
    } else {
        throw UsageError{"unknown command '" + std::string(cmd) + "'"};
    }
    co_return 0;
}

}  // namespace

int run_livy(std::span<const std::string_view> args) {
    return run_livy(args, std::cout, std::cerr);
}

int run_livy(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kUsage;
        return 0;
    }
    try {
        Options options = parse_options(args);
        if (options.verbose) {
            auto logger = spdlog::stderr_color_mt("livy");
            logger->set_level(spdlog::level::debug);
            options.config.logger = logger;
        }
        asio::io_context ioc{1};
        std::optional<livy::Client> client;
        try {
            client.emplace(ioc.get_executor(), options.config);
        } catch (const std::invalid_argument& e) {
            err << "steward livy: " << e.what() << '\n';
            return 2;
        }
        asio::cancellation_signal stop;
        asio::signal_set signals(ioc, SIGINT, SIGTERM);
        signals.async_wait([&stop](const boost::system::error_code& ec, int) {
            if (!ec) {
                stop.emit(asio::cancellation_type::terminal);
            }
        });
        int status = 1;
        std::exception_ptr failure;
        auto on_done = [&](std::exception_ptr e, int rc) {
            failure = e;
            status = rc;
            signals.cancel();
        };
        asio::co_spawn(ioc, run_command(*client, options, Streams{out, err}),
                       asio::bind_cancellation_slot(stop.slot(), on_done));
        ioc.run();
        if (failure) {
            std::rethrow_exception(failure);
        }
        return status;
    } catch (const UsageError& e) {
        err << "steward livy: " << e.message << " (see 'steward livy --help')\n";
        return 2;
    } catch (const boost::system::system_error& e) {
        if (e.code() == asio::error::operation_aborted) {
            return 0;  // interrupted by Ctrl-C between operations
        }
        throw;
    }
}

}  // namespace steward::app
