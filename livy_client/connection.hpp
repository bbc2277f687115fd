#pragma once

// One keep-alive HTTP(S) connection to Livy (internal to livy_client). Beast stays out of the
// public headers: only transport.cpp includes this file.

#include "livy_client/config.hpp"
#include "livy_client/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace livy {

/// The outcome of one request/response exchange on a connection.
struct Exchange {
    boost::system::error_code ec;  ///< empty on success
    bool wrote = false;            ///< the request was completely written
    bool got_bytes = false;        ///< some response bytes arrived before a failure
    int status = 0;
    std::string body;
    bool keep_alive = false;
};

/// A plain or TLS stream with its own deadlines. Not thread-safe; one exchange at a time.
class Connection {
public:
    /// `tls` is null for http; otherwise it must outlive the connection.
    Connection(boost::asio::any_io_executor executor, boost::asio::ssl::context* tls);

    /// Resolves, connects and (for https) performs the TLS handshake with SNI and hostname
    /// verification (when the context verifies peers), all within `timeout`. Returns
    /// beast::error::timeout on expiry, operation_aborted when cancelled.
    boost::asio::awaitable<boost::system::error_code> connect(const BaseUrl& url, Millis timeout);

    /// Writes `request` and reads the whole response within `timeout`.
    boost::asio::awaitable<Exchange> exchange(
        const boost::beast::http::request<boost::beast::http::string_body>& request, Millis timeout,
        std::size_t body_limit);

    /// False when the peer has closed the connection or sent unexpected bytes while idle
    /// (a non-blocking peek), so it must not be reused.
    bool idle_and_open();

    /// Closes the socket; never throws.
    void close() noexcept;

    std::chrono::steady_clock::time_point idle_since{};
    bool reused = false;

private:
    boost::asio::ip::tcp::socket& socket();
    boost::beast::tcp_stream& tcp();

    std::optional<boost::beast::tcp_stream> plain_;
    std::optional<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
};

}  // namespace livy
