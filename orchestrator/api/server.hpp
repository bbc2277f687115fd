#pragma once

#include "orchestrator/api/context.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace steward::api {

/// How the HTTP server listens and treats connections.
struct ServerSettings {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;  ///< 0: any free port (see `Server::port`)
    std::size_t body_limit = 1024 * 1024;
    std::chrono::milliseconds read_timeout{30'000};   ///< per request, including keep-alive idle time
    std::chrono::milliseconds write_timeout{30'000};  ///< per response
};

/// The API's HTTP/1.1 server (Beast, coroutines on the given executor's single thread): keep-alive
/// connections, a body size limit (413), a deadline on every read and write, one `info` line per
/// request on logger "api" (method, target, status, milliseconds), and every request routed
/// through `dispatch` (which turns unexpected exceptions into a 500).
///
/// Threading: construct, start and stop on the io_context thread; the context must outlive every
/// connection (stop, then let the io_context finish or be destroyed). Errors: `start` throws
/// `boost::system::system_error` when it cannot listen; nothing else throws but bad_alloc.
class Server {
public:
    Server(boost::asio::any_io_executor executor, ServerSettings settings, Context& context);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds, listens and starts accepting (when the io_context runs).
    void start();
    /// Stops accepting and cancels every open connection (a response being written is cut off).
    /// Idempotent.
    void stop();
    /// The bound port (after `start`).
    [[nodiscard]] unsigned short port() const noexcept;
    /// Connections currently open.
    [[nodiscard]] std::size_t open_connections() const noexcept;

    struct State;

private:
    std::shared_ptr<State> state_;
};

}  // namespace steward::api
