#include "orchestrator/app/run_command.hpp"

#include "orchestrator/api/engine_commands.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/server.hpp"
#include "orchestrator/app/api_access.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/config.hpp"
#include "orchestrator/app/config_mapping.hpp"
#include "orchestrator/app/instance_lock.hpp"
#include "orchestrator/app/logging.hpp"
#include "orchestrator/app/progress_printer.hpp"
#include "orchestrator/core/diagnostic.hpp"
#include "orchestrator/engine/engine.hpp"
#include "orchestrator/store/store.hpp"
#include "orchestrator/workflow/loader.hpp"

#include "livy_client/client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <unistd.h>

#include <csignal>
#include <iostream>
#include <map>
#include <optional>
#include <random>

namespace steward::app {
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto kUseNothrow = asio::as_tuple(asio::use_awaitable);

constexpr std::string_view kUsage =
    "Usage: steward run WORKFLOW.yaml [--param NAME=VALUE ...] [options]\n"
    "\n"
    "Runs one workflow in the foreground and prints its progress; the exit status is the run's\n"
    "outcome: 0 succeeded, 1 failed or cancelled, 2 usage/config/workflow/params error, 130\n"
    "interrupted.\n"
    "\n"
    "Options:\n"
    "  --param NAME=VALUE  a run parameter (repeatable); typed by the workflow's params\n"
    "  --config FILE       server config for Livy, channels, users, jobs_dir, data_roots\n"
    "                      (docs/configuration.md; without it, local data is read only below the\n"
    "                      working directory)\n"
    "  --jobs-dir DIR      where jobs/... paths are (overrides jobs_dir; default without --config:\n"
    "                      the nearest jobs/ above the workflow file, else ./jobs)\n"
    "  --db FILE           keep the run in this database (default: a temporary one, deleted)\n"
    "  --livy URL          overrides livy.url\n"
    "  --listen HOST:PORT  also serve the HTTP API (answer user tasks with 'steward task complete')\n"
    "  --logs              print the steps' log lines too\n"
    "  -h, --help          show this help\n";

struct Options {
    std::string workflow_file;
    std::map<std::string, std::string> params;
    std::optional<std::string> config_file;
    std::optional<std::string> jobs_dir;
    std::optional<std::string> db;
    std::optional<std::string> livy_url;
    std::optional<std::string> listen;
    bool logs = false;
};

std::optional<Options> parse_options(std::span<const std::string_view> args, std::ostream& err) {
    Options o;
    auto usage_error = [&](const std::string& message) {
        err << "steward run: " << message << "\n" << kUsage;
        return std::nullopt;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        const bool has_value = i + 1 < args.size();
        auto value = [&]() { return std::string(args[++i]); };
        if (arg == "--param" && has_value) {
            const std::string kv = value();
            const auto eq = kv.find('=');
            if (eq == std::string::npos || eq == 0) {
                return usage_error("--param expects NAME=VALUE, got '" + kv + "'");
            }
            o.params[kv.substr(0, eq)] = kv.substr(eq + 1);
        } else if (arg == "--config" && has_value) {
            o.config_file = value();
        } else if (arg == "--jobs-dir" && has_value) {
            o.jobs_dir = value();
        } else if (arg == "--db" && has_value) {
            o.db = value();
        } else if (arg == "--livy" && has_value) {
            o.livy_url = value();
        } else if (arg == "--listen" && has_value) {
            o.listen = value();
        } else if (arg == "--logs") {
            o.logs = true;
        } else if (!arg.empty() && arg.front() != '-' && o.workflow_file.empty()) {
            o.workflow_file = std::string(arg);
        } else if (!arg.empty() && arg.front() == '-') {
            if (arg == "--param" || arg == "--config" || arg == "--jobs-dir" || arg == "--db" ||
                arg == "--livy" || arg == "--listen") {
                return usage_error("missing value for '" + std::string(arg) + "'");
            }
            return usage_error(unknown_option(
                arg, {"--param", "--config", "--jobs-dir", "--db", "--livy", "--listen", "--logs"}));
        } else {
            return usage_error("only one workflow file may be given ('" + std::string(arg) + "')");
        }
    }
    if (o.workflow_file.empty()) {
        return usage_error("no workflow file given");
    }
    return o;
}

// Why `file` cannot be a workflow file to run, or "" when it exists and is not a directory.
std::string workflow_file_problem(const std::string& file) {
    std::error_code ec;
    const fs::file_status status = fs::status(file, ec);
    if (fs::is_directory(status)) {
        return "'" + file + "' is a directory; give a workflow file (.yaml)";
    }
    if (fs::exists(status)) {
        return {};
    }
    std::string problem = "the workflow file '" + file + "' does not exist";
    if (looks_like_run_id(file)) {
        problem += " ('steward run' takes a workflow file and starts a new run; to look at run " + file +
                   " of a server, use 'steward runs')";
    }
    return problem;
}

fs::path temp_db_path() {
    std::random_device random;
    return fs::temp_directory_path() /
           ("steward-run-" + std::to_string(::getpid()) + "-" + std::to_string(random() % 1000000) + ".db");
}

void remove_db(const fs::path& path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", ".lock"}) {
        fs::remove(path.string() + suffix, ignored);
    }
}

struct Outcome {
    bool finished = false;
    bool interrupted = false;
};

asio::awaitable<void> await_run(asio::io_context& io, engine::Engine& engine, store::RowId run_id,
                                api::Server* server, Outcome& outcome) {
    // The engine also ends the wait when it shuts down (a signal) with the run still open: that
    // is an interruption, reported by await_signal, not a finished run.
    const store::RunState state = co_await engine.wait_for_run(run_id);
    if (!store::is_terminal(state)) {
        co_return;
    }
    outcome.finished = true;
    if (server)
        server->stop();
    co_await engine.shutdown();
    io.stop();
}

asio::awaitable<void> await_signal(asio::io_context& io, engine::Engine& engine, api::Server* server,
                                   Outcome& outcome) {
    asio::signal_set signals(io, SIGINT, SIGTERM);
    auto [ec, number] = co_await signals.async_wait(kUseNothrow);
    if (ec) {
        co_return;
    }
    outcome.interrupted = true;
    if (server)
        server->stop();
    asio::steady_timer grace(io, std::chrono::seconds(5));
    co_await (engine.shutdown() || grace.async_wait(kUseNothrow));
    io.stop();
}

struct Ignore {
    void operator()(const std::exception_ptr&) const {}
};

// Runs the workflow with the settings resolved; the database at `db_path` exists for the call.
int execute(const Options& options, const Config& config, const fs::path& db_path, std::ostream& out,
            std::ostream& err) {
    asio::io_context io{1};
    store::Store db(db_path.string());
    std::unique_ptr<livy::Client> livy;
    try {
        livy = std::make_unique<livy::Client>(io.get_executor(), livy_client_config(config));
    } catch (const std::invalid_argument& e) {
        err << "steward run: " << e.what() << "\n";
        return 2;
    }
    engine::SystemClock clock;
    ProgressPrinter printer(out, options.logs);
    engine::Engine engine(io.get_executor(), db, *livy, clock, engine_settings(config), &printer);

    auto version = engine.add_workflow_file(options.workflow_file);
    if (!version) {
        err << version.error().message << (version.error().message.ends_with('\n') ? "" : "\n");
        return 2;
    }
    printer.add_workflow(*version->spec);
    auto values = engine::params_from_text(*version->spec, options.params);
    if (!values) {
        err << "steward run: " << values.error().message << "\n";
        return 2;
    }
    auto run_id = engine.start_run(version->spec->name, *values, "cli");
    if (!run_id) {
        err << "steward run: " << run_id.error().message << "\n";
        return run_id.error().code == engine::Errc::invalid_params ? 2 : 1;
    }

    api::EngineCommands commands(engine);
    ApiAccess access(db, config);
    api::Context context{db, commands, access.auth, access.access};
    std::unique_ptr<api::Server> server;
    if (options.listen) {
        HttpSettings http = config.http;
        if (const auto problem = parse_listen_address(*options.listen, http); !problem.empty()) {
            err << "steward run: --listen: " << problem << "\n";
            return 2;
        }
        Config with_listen = config;
        with_listen.http = http;
        server = std::make_unique<api::Server>(io.get_executor(), server_settings(with_listen), context);
        try {
            server->start();
        } catch (const boost::system::system_error& e) {
            err << "steward run: cannot listen on " << *options.listen << ": " << e.code().message() << "\n";
            return 1;
        }
        out << "steward: API listening on http://" << http.address << ":" << server->port() << std::endl;
    }

    Outcome outcome;
    asio::co_spawn(io, await_run(io, engine, *run_id, server.get(), outcome), Ignore{});
    asio::co_spawn(io, await_signal(io, engine, server.get(), outcome), Ignore{});
    io.run();

    const store::Run run = db.runs().get_run(*run_id).value();
    if (outcome.interrupted && !outcome.finished) {
        out << "run " << *run_id << " interrupted in step " << run.current_step.value_or("-");
        out << (options.db ? "; resume it with 'steward serve' on database " + *options.db : std::string())
            << "\n";
        return 130;
    }
    const double seconds = run.finished_at && run.started_at
                               ? static_cast<double>(*run.finished_at - *run.started_at) / 1000.0
                               : 0.0;
    out << "run " << *run_id << " " << store::to_string(run.state) << " after " << seconds << " s";
    if (run.error)
        out << ": " << *run.error;
    out << "\n";
    for (const store::StepExecution& exec : db.runs().list_steps(*run_id)) {
        if (exec.outputs_json && *exec.outputs_json != "{}" && exec.state == store::StepState::succeeded) {
            out << "  " << exec.step_id << " outputs: " << *exec.outputs_json << "\n";
        }
    }
    return run.state == store::RunState::succeeded ? 0 : 1;
}

}  // namespace

int run_workflow_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kUsage;
        return 0;
    }
    const auto options = parse_options(args, err);
    if (!options) {
        return 2;
    }
    if (const std::string problem = workflow_file_problem(options->workflow_file); !problem.empty()) {
        err << "steward run: " << problem << "\n";
        return 2;
    }
    Config config;
    if (options->config_file) {
        try {
            config = load_config(*options->config_file);
        } catch (const ConfigError& e) {
            err << e.what() << "\n";
            return 2;
        }
    } else {
        config.jobs_dir = workflow::default_jobs_dir(options->workflow_file);
        // Without a config, local data may be read below the working directory (data_roots).
        config.data_roots = {fs::current_path()};
        config.log_level = "warn";
    }
    if (options->jobs_dir) {
        config.jobs_dir = *options->jobs_dir;
    }
    if (options->livy_url) {
        config.livy.url = *options->livy_url;
    }
    {
        // Checked here first to say how to choose the jobs directory when a jobs/ file is missing.
        workflow::LoadOptions load;
        load.jobs_dir = config.jobs_dir;
        if (!options->jobs_dir) {
            load.jobs_dir_hint =
                options->config_file
                    ? "the jobs directory is jobs_dir in " + *options->config_file +
                          "; give another with --jobs-dir DIR"
                    : "the jobs directory is the nearest jobs/ above the workflow file, else ./jobs; "
                      "give another with --jobs-dir DIR";
        }
        const workflow::LoadResult loaded = workflow::load_workflow_file(options->workflow_file, load);
        if (!loaded.ok()) {
            err << core::format_diagnostics(loaded.diagnostics);
            return 2;
        }
    }
    setup_logging(config.log_level);
    const fs::path db_path = options->db ? fs::path(*options->db) : temp_db_path();
    std::string lock_error;
    const auto lock = InstanceLock::acquire(db_path, lock_error);
    if (!lock) {
        err << "steward run: " << lock_error << "\n";
        return 1;
    }
    try {
        const int status = execute(*options, config, db_path, out, err);
        if (!options->db)
            remove_db(db_path);
        return status;
    } catch (const store::StoreError& e) {
        err << "steward run: database " << db_path.string() << ": " << e.what() << "\n";
    } catch (const std::exception& e) {
        err << "steward run: " << e.what() << "\n";
    }
    if (!options->db)
        remove_db(db_path);
    return 1;
}

int run_run(std::span<const std::string_view> args) {
    return run_workflow_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
