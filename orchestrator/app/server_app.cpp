#include "orchestrator/app/server_app.hpp"

#include "orchestrator/api/engine_commands.hpp"
#include "orchestrator/api/server.hpp"
#include "orchestrator/app/api_access.hpp"
#include "orchestrator/app/config_mapping.hpp"
#include "orchestrator/app/fd_limit.hpp"
#include "orchestrator/app/instance_lock.hpp"
#include "orchestrator/app/logging.hpp"
#include "orchestrator/app/server_metrics.hpp"
#include "orchestrator/engine/engine.hpp"
#include "orchestrator/store/read_pool.hpp"
#include "orchestrator/store/store.hpp"

#include "livy_client/client.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <map>
#include <vector>

namespace steward::app {
namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);

std::shared_ptr<spdlog::logger> log() {
    return spdlog::get("steward");
}

// The workflow files of a directory, sorted by name.
std::vector<fs::path> workflow_files(const fs::path& dir) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Loads every workflow file; prints each problem and returns false if any file is invalid.
bool load_workflows(engine::Engine& engine, const fs::path& dir, std::ostream& err) {
    bool ok = true;
    std::map<std::string, fs::path> seen;
    for (const auto& file : workflow_files(dir)) {
        auto added = engine.add_workflow_file(file);
        if (!added) {
            err << added.error().message << (added.error().message.ends_with('\n') ? "" : "\n");
            ok = false;
            continue;
        }
        const std::string& name = added->spec->name;
        if (const auto [it, fresh] = seen.emplace(name, file); !fresh) {
            err << file.string() << ":1:1: workflow '" << name << "' is also defined in "
                << it->second.string() << "\n";
            ok = false;
            continue;
        }
        log()->info("workflow {} loaded from {} (definition {})", name, file.string(), added->definition_id);
    }
    if (ok && seen.empty()) {
        log()->warn("no workflow files (*.yaml) in {}", dir.string());
    }
    return ok;
}

// One line on how callers are authenticated; a loud warning when they are not.
void log_access_mode(const Config& config, std::ostream& out) {
    switch (config.auth.mode) {
        case AuthMode::none:
            log()->warn(
                "AUTHENTICATION IS OFF (auth.mode none): anyone who can reach {} may do anything; "
                "loopback only, for a single developer",
                config.http.address);
            out << "steward: WARNING: authentication is off (auth.mode none); loopback only" << std::endl;
            break;
        case AuthMode::proxy:
            log()->info(
                "authentication: single sign-on proxy ({} from {} trusted address(es)) and API tokens",
                config.auth.proxy.user_header, config.auth.proxy.trusted_addresses.size());
            break;
        case AuthMode::local:
            log()->info("authentication: local accounts (sessions) and API tokens; {} configured user(s)",
                        config.users.size());
            break;
    }
}

// Wakes the API's event streams (GET /api/events) when the engine commits an event, so they read
// the store now rather than at their next poll.
struct StreamWaker final : engine::EngineObserver {
    api::Server* server = nullptr;
    void on_event(const engine::EngineEvent& /*event*/) override {
        if (server != nullptr) {
            server->notify_streams();
        }
    }
};

// Everything the server runs, in construction order; destroyed in reverse, before the io_context.
struct Running {
    Running(asio::io_context& io, const Config& config, const api::AssetSource* ui)
        : store(config.store.path.string()),
          reads(config.store.path.string(), store::ReadPoolSettings{}),
          livy(io.get_executor(), instrument_livy(livy_client_config(config), metrics)),
          engine(io.get_executor(), store, livy, clock, instrument_engine(engine_settings(config), metrics),
                 &waker),
          commands(engine),
          access(store, config),
          context{store, commands, access.auth, access.access, &metrics, ui},
          server(io.get_executor(), server_settings(config), context) {
        waker.server = &server;
        context.reads = &reads;  // the list queries' read-only connections (docs/store.md)
        instrument_store(store, metrics);
        add_process_metrics(metrics);
    }
    ~Running() { waker.server = nullptr; }
    Running(const Running&) = delete;
    Running& operator=(const Running&) = delete;

    core::metrics::Registry metrics;  // first: everything below records into it
    StreamWaker waker;
    store::Store store;
    store::ReadPool reads;  // after store: opens the file the store created and migrated
    engine::SystemClock clock;
    livy::Client livy;
    engine::Engine engine;
    api::EngineCommands commands;
    ApiAccess access;
    api::Context context;
    api::Server server;
};

struct ShutdownState {
    bool requested = false;
    bool completed = false;
};

asio::awaitable<void> shut_down(asio::io_context& io, Running& running, ShutdownState& state,
                                std::chrono::milliseconds grace) {
    running.server.stop();
    asio::steady_timer timer(io, grace);
    const auto finished = co_await (running.engine.shutdown() || timer.async_wait(kNothrow));
    state.completed = finished.index() == 0;
    if (!state.completed) {
        log()->warn("runs did not stop within {} ms; exiting anyway (their state is committed)",
                    grace.count());
    }
    io.stop();
}

struct ShutdownDone {
    asio::io_context* io;
    void operator()(const std::exception_ptr& error) const {
        if (error) {
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                log()->error("shutdown failed: {}", e.what());
            }
            io->stop();
        }
    }
};

asio::awaitable<void> handle_signals(asio::io_context& io, asio::signal_set& signals, Running& running,
                                     ShutdownState& state, std::chrono::milliseconds grace) {
    auto [ec, number] = co_await signals.async_wait(kNothrow);
    if (ec) {
        co_return;
    }
    log()->info("signal {} received: stopping (a second signal exits at once)", number);
    state.requested = true;
    asio::co_spawn(io, shut_down(io, running, state, grace), ShutdownDone{&io});
    auto [ec2, again] = co_await signals.async_wait(kNothrow);
    if (!ec2) {
        log()->warn("signal {} received again: exiting at once", again);
        io.stop();
    }
}

struct SignalsDone {
    void operator()(const std::exception_ptr&) const {}
};

}  // namespace

int run_server(const Config& config, std::ostream& out, std::ostream& err, const api::AssetSource* ui,
               std::chrono::milliseconds shutdown_grace) {
    std::error_code fs_error;
    if (!fs::is_directory(config.workflows_dir, fs_error)) {
        err << ConfigError(config.file.string(), "workflows_dir",
                           "not a directory: '" + config.workflows_dir.string() + "'")
                   .what()
            << "\n";
        return 2;
    }
    setup_logging(config.log_level);
    if (const auto descriptors = check_descriptor_limit(config); descriptors.warning.empty()) {
        log()->info("{}", descriptors.summary);
    } else {
        log()->warn("{}", descriptors.warning);
    }
    asio::io_context io{1};
    if (const auto parent = config.store.path.parent_path(); !parent.empty()) {
        fs::create_directories(parent, fs_error);
    }
    std::string lock_error;
    const auto lock = InstanceLock::acquire(config.store.path, lock_error);
    if (!lock) {
        err << "steward serve: " << lock_error << "\n";
        return 1;
    }
    std::unique_ptr<Running> running;
    try {
        running = std::make_unique<Running>(io, config, ui);
    } catch (const store::StoreError& e) {
        err << "steward serve: cannot open the database: " << e.what() << "\n";
        return 1;
    } catch (const std::invalid_argument& e) {
        err << ConfigError(config.file.string(), "livy", e.what()).what() << "\n";
        return 2;
    }
    try {
        if (!load_workflows(running->engine, config.workflows_dir, err)) {
            err << "steward serve: invalid workflow files in " << config.workflows_dir.string()
                << "; not starting\n";
            return 1;
        }
        // Listen first: a server that cannot serve must not resume (and submit) anything.
        running->server.start();
        running->engine.start();
    } catch (const boost::system::system_error& e) {
        err << "steward serve: cannot listen on " << config.http.address << ":" << config.http.port << ": "
            << e.code().message() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "steward serve: cannot start: " << e.what() << "\n";
        return 1;
    }
    // Catch the signals before saying "listening": a SIGTERM sent as soon as that line appears must
    // stop the server gracefully, not kill it by the default action.
    asio::signal_set signals(io, SIGINT, SIGTERM);
    const std::string url =
        (running->server.tls() ? "https://" : "http://") +
        (config.http.address.find(':') != std::string::npos ? "[" + config.http.address + "]"
                                                            : config.http.address) +
        ":" + std::to_string(running->server.port());
    log()->info("listening on {} (database {}, Livy {}, {} unfinished runs resumed)", url,
                config.store.path.string(), config.livy.url, running->engine.active_runs());
    out << "steward: listening on " << url << std::endl;
    if (ui != nullptr) {
        log()->info("web UI at {}/", url);
    }
    log_access_mode(config, out);

    ShutdownState state;
    asio::co_spawn(io, handle_signals(io, signals, *running, state, shutdown_grace), SignalsDone{});
    try {
        io.run();
    } catch (const std::exception& e) {
        log()->critical("the event loop failed: {}; exiting (state is committed)", e.what());
        spdlog::shutdown();
        std::_Exit(1);
    }
    if (!state.completed) {
        // Abandoned mid-shutdown: exit without destroying objects that coroutines still reference.
        spdlog::shutdown();
        std::_Exit(state.requested ? 0 : 1);
    }
    log()->info("stopped");
    return 0;
}

}  // namespace steward::app
