#include "livy_client/connection.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <openssl/ssl.h>

#include <tuple>
#include <variant>

namespace livy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);

Millis remaining(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
    return left.count() > 0 ? left : Millis(1);
}

}  // namespace

Connection::Connection(asio::any_io_executor executor, asio::ssl::context* tls) {
    if (tls != nullptr) {
        tls_.emplace(executor, *tls);
    } else {
        plain_.emplace(executor);
    }
}

beast::tcp_stream& Connection::tcp() {
    return tls_ ? tls_->next_layer() : *plain_;
}

asio::ip::tcp::socket& Connection::socket() {
    return tcp().socket();
}

asio::awaitable<error_code> Connection::connect(const BaseUrl& url, Millis timeout) {
    using namespace asio::experimental::awaitable_operators;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const auto executor = co_await asio::this_coro::executor;

    asio::ip::tcp::resolver resolver(executor);
    asio::steady_timer timer(executor, timeout);
    auto raced =
        co_await (resolver.async_resolve(url.host, url.port, kNothrow) || timer.async_wait(kNothrow));
    if (raced.index() == 1) {
        const auto [timer_ec] = std::get<1>(raced);
        co_return timer_ec == asio::error::operation_aborted ? error_code(asio::error::operation_aborted)
                                                             : error_code(beast::error::timeout);
    }
    auto [resolve_ec, endpoints] = std::get<0>(std::move(raced));
    if (resolve_ec) {
        co_return resolve_ec;
    }

    // One endpoint at a time, the socket opened here: asio's range connect reports a socket it
    // could not open (EMFILE, ENFILE: the process is out of file descriptors) as operation_aborted,
    // which callers would take for a cancellation instead of the connection failure it is.
    error_code connect_ec = asio::error::host_not_found;
    for (const auto& entry : endpoints) {
        socket().close(connect_ec);
        socket().open(entry.endpoint().protocol(), connect_ec);
        if (connect_ec) {
            co_return connect_ec;
        }
        tcp().expires_after(remaining(deadline));
        std::tie(connect_ec) = co_await tcp().async_connect(entry.endpoint(), kNothrow);
        if (!connect_ec || connect_ec == asio::error::operation_aborted ||
            connect_ec == beast::error::timeout) {
            break;
        }
    }
    if (connect_ec) {
        co_return connect_ec;
    }
    error_code opt_ec;  // best effort: a failure only costs latency
    socket().set_option(asio::ip::tcp::no_delay(true), opt_ec);
    if (tls_) {
        // SNI must carry a host name, never an IP literal.
        error_code addr_ec;
        (void)asio::ip::make_address(url.host, addr_ec);
        if (addr_ec && SSL_ctrl(tls_->native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME,
                                TLSEXT_NAMETYPE_host_name, const_cast<char*>(url.host.c_str())) != 1) {
            co_return error_code(static_cast<int>(::ERR_get_error()), asio::error::get_ssl_category());
        }
        tls_->set_verify_callback(asio::ssl::host_name_verification(url.host));
        tcp().expires_after(remaining(deadline));
        auto [hs_ec] = co_await tls_->async_handshake(asio::ssl::stream_base::client, kNothrow);
        if (hs_ec) {
            co_return hs_ec;
        }
    }
    tcp().expires_never();
    co_return error_code{};
}

asio::awaitable<Exchange> Connection::exchange(const http::request<http::string_body>& request,
                                               Millis timeout, std::size_t body_limit) {
    Exchange out;
    tcp().expires_after(timeout);
    error_code ec;
    if (tls_) {
        std::tie(ec, std::ignore) = co_await http::async_write(*tls_, request, kNothrow);
    } else {
        std::tie(ec, std::ignore) = co_await http::async_write(*plain_, request, kNothrow);
    }
    if (ec) {
        out.ec = ec;
        co_return out;
    }
    out.wrote = true;
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(body_limit);
    if (tls_) {
        std::tie(ec, std::ignore) = co_await http::async_read(*tls_, buffer, parser, kNothrow);
    } else {
        std::tie(ec, std::ignore) = co_await http::async_read(*plain_, buffer, parser, kNothrow);
    }
    tcp().expires_never();
    out.got_bytes = parser.got_some() || buffer.size() > 0;
    if (ec) {
        out.ec = ec;
        co_return out;
    }
    auto response = parser.release();
    out.status = static_cast<int>(response.result_int());
    out.keep_alive = response.keep_alive();
    out.body = std::move(response.body());
    co_return out;
}

bool Connection::idle_and_open() {
    auto& s = socket();
    if (!s.is_open()) {
        return false;
    }
    error_code ec;
    s.non_blocking(true, ec);
    if (ec) {
        return false;
    }
    char probe = 0;
    const std::size_t n = s.receive(asio::buffer(&probe, 1), asio::socket_base::message_peek, ec);
    error_code restore_ec;
    s.non_blocking(false, restore_ec);
    // would_block: nothing pending, the peer has not closed. Data or EOF: not reusable.
    return n == 0 && ec == asio::error::would_block && !restore_ec;
}

void Connection::close() noexcept {
    error_code ec;
    socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket().close(ec);
}

}  // namespace livy
