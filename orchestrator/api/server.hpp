#pragma once

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/stream.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace steward::api {

/// How the HTTP server listens and treats connections.
struct ServerSettings {
    std::string address = "127.0.0.1";
    unsigned short port = 8080;  ///< 0: any free port (see `Server::port`)
    std::size_t body_limit = 1024 * 1024;
    std::chrono::milliseconds read_timeout{30'000};   ///< per request, including keep-alive idle time
    std::chrono::milliseconds write_timeout{30'000};  ///< per response
    /// `http.max_connections`: client connections served at once (event streams included). A
    /// connection beyond it takes the place of an idle keep-alive connection, or is refused at
    /// once: `503` with `Retry-After: 1` and `{"error":{"code":"too_many_connections",...}}`.
    std::size_t max_connections = 512;
    /// PEM certificate chain (leaf first) and its unencrypted PEM private key. When both are set
    /// the server speaks only HTTPS (TLS 1.2 or later); both empty: plain HTTP.
    std::string tls_cert_file;
    std::string tls_key_file;
    /// `http.allowed_hosts`: the names a request's Host header may carry (enforced by the access
    /// gate, not by the server); empty = no list configured.
    std::vector<std::string> allowed_hosts;
    /// Streaming responses (GET /api/events): how many at once, heartbeat, poll and write deadline.
    StreamSettings streams;
};

/// The API's HTTP/1.1 server (Beast, coroutines on the given executor's single thread): keep-alive
/// connections, a body size limit (413), a deadline on every read and write, one `info` line per
/// request on logger "api" (method, target, status, milliseconds, peer address), and every request routed
/// through `dispatch` (which turns unexpected exceptions into a 500). Each request carries the
/// peer's address, whether it came over TLS, and which headers it repeated.
///
/// With a certificate (`tls_cert_file`, `tls_key_file`) every connection must complete a TLS 1.2+
/// handshake within `read_timeout` (a plain-HTTP request fails it and the connection is closed
/// without an answer), and every response carries `Strict-Transport-Security`.
///
/// A response with a `stream` (Server-Sent Events) gets its headers (`Cache-Control: no-store`,
/// chunked on HTTP/1.1, `Connection: close`), then its producer runs without the read timeout:
/// each batch it writes has `streams.write_timeout`, and a client that does not take a batch in
/// time is disconnected (logged), so nothing is buffered without bound. Beyond
/// `streams.max_streams` open streams the answer is 503. `stop` ends every open stream.
///
/// Connections: at most `max_connections` are served at once; one beyond it is answered 503
/// (`too_many_connections`, `Retry-After: 1`) and closed, without reading more than its first
/// bytes (at most 64 such answers are in flight; beyond that, or when the process is
/// out of file descriptors, a new connection is closed at once). When accept fails for lack of
/// descriptors (EMFILE, ENFILE) the server frees a spare descriptor it keeps, takes the pending
/// connection and closes it, so the backlog drains instead of hanging and the loop never spins;
/// each such episode is logged once (warn when it starts, info when accepting works again).
/// Before refusing, the server closes the oldest keep-alive connection that waits for its next
/// request with nothing of it received, and serves the new one instead. Any connection that sends
/// nothing (a new one, or keep-alive between requests) is closed after `read_timeout`.
///
/// Threading: construct, start and stop on the io_context thread; the context must outlive every
/// connection (stop, then let the io_context finish or be destroyed). Errors: `start` throws
/// `boost::system::system_error` when it cannot listen, and `std::runtime_error` naming the file
/// when the certificate or key cannot be loaded (or do not match); nothing else throws but
/// bad_alloc.
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
    /// Connections refused since start (over `max_connections`, or shed for lack of descriptors).
    [[nodiscard]] std::uint64_t refused_connections() const noexcept;
    /// Streaming responses currently open.
    [[nodiscard]] std::size_t open_streams() const noexcept;
    /// Wakes every open stream's producer from its pause (e.g. the engine committed an event), so
    /// it looks for news now instead of at its next poll. Cheap; call on the io_context thread.
    void notify_streams();
    /// True when the server speaks HTTPS (a certificate is configured).
    [[nodiscard]] bool tls() const noexcept;

    struct State;

private:
    std::shared_ptr<State> state_;
};

}  // namespace steward::api
