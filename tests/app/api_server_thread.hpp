#pragma once

// An API server on its own thread over the access harness (authentication on), for the tests of
// the CLI client commands: tests talk to it over HTTP with tokens made before it started, and read
// or change its state through `on_server`. With the helpers those tests share to run a command.

#include "orchestrator/api/server.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <cstdlib>
#include <future>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace steward::app::test {

struct ApiServerThread {
    boost::asio::io_context io{1};
    api::test::AccessHarness harness;
    store::Store& db = harness.db;
    api::test::FakeCommands& commands = harness.commands;
    std::unique_ptr<api::Server> server;
    std::thread thread;

    ApiServerThread() = default;
    ApiServerThread(const ApiServerThread&) = delete;
    ApiServerThread& operator=(const ApiServerThread&) = delete;

    /// Starts listening on a free loopback port; make tokens and rows before.
    void start() {
        api::ServerSettings settings;
        settings.port = 0;
        server = std::make_unique<api::Server>(io.get_executor(), settings, harness.context);
        server->start();
        thread = std::thread([this] { io.run(); });
    }

    ~ApiServerThread() {  // NOLINT(bugprone-exception-escape): a failure here ends the test run anyway
        if (!thread.joinable()) {
            return;
        }
        boost::asio::post(io, [this] {
            server->stop();
            io.stop();
        });
        thread.join();
    }

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

    /// Runs `fn` on the server's thread and returns its result.
    template <class Fn>
    auto on_server(Fn fn) {
        std::packaged_task<decltype(fn())()> job(std::move(fn));
        auto result = job.get_future();
        boost::asio::post(io, [&job] { job(); });
        return result.get();
    }
};

/// Sets STEWARD_TOKEN for one test and restores "unset" after it.
struct TokenEnv {
    explicit TokenEnv(const std::string& token) { ::setenv("STEWARD_TOKEN", token.c_str(), 1); }
    ~TokenEnv() { ::unsetenv("STEWARD_TOKEN"); }
    TokenEnv(const TokenEnv&) = delete;
    TokenEnv& operator=(const TokenEnv&) = delete;
};

/// What a command printed and returned.
struct Outcome {
    int status;
    std::string out;
    std::string err;
};

/// Runs a command's main function with `args`, capturing its output.
template <class Main>
Outcome call(Main main, std::vector<std::string_view> args) {
    std::ostringstream out;
    std::ostringstream err;
    const int status = main(args, out, err);
    return {status, out.str(), err.str()};
}

}  // namespace steward::app::test
