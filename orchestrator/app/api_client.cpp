#include "orchestrator/app/api_client.hpp"

#include "orchestrator/app/config.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>

#include <cctype>

namespace steward::app {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxResponse = std::size_t{16} * 1024 * 1024;

struct Target {
    std::string host;
    std::string port;
    std::string prefix;  // path prefix without the trailing slash
    bool https = false;
};

struct Exchange {
    std::string server;
    Target target;
    std::string method;
    std::string path;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds timeout;
};

// Writes the request and reads the response on a connected (and, for https, handshaken) stream.
template <class Stream>
asio::awaitable<ApiReply> request_response(Stream& stream, const Exchange& x) {
    ApiReply reply;
    http::request<http::string_body> request{http::string_to_verb(x.method), x.target.prefix + x.path, 11};
    request.set(http::field::host, x.target.host + ":" + x.target.port);
    request.set(http::field::user_agent, "steward-cli");
    request.set(http::field::accept, "application/json");
    if (!x.body.empty()) {
        request.set(http::field::content_type, "application/json");
    }
    for (const auto& [name, value] : x.headers) {
        request.set(name, value);
    }
    request.body() = x.body;
    request.keep_alive(false);
    request.prepare_payload();
    auto [write_ec, written] = co_await http::async_write(stream, request, kNothrow);
    if (write_ec) {
        reply.error = x.server + ": sending the request failed: " + write_ec.message();
        co_return reply;
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxResponse);
    auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, kNothrow);
    if (read_ec) {
        reply.error = x.server + ": no complete response: " +
                      (read_ec == beast::error::timeout ? std::string("timed out") : read_ec.message());
        co_return reply;
    }
    reply.status = static_cast<int>(parser.get().result_int());
    reply.body = std::move(parser.get().body());
    co_return reply;
}

// The client side of https: TLS 1.2+, the peer verified against the system roots (OpenSSL honours
// SSL_CERT_FILE and SSL_CERT_DIR, so a private CA can be trusted) and the URL's host.
asio::ssl::context client_tls_context() {
    asio::ssl::context context(asio::ssl::context::tls_client);
    context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1);
    boost::system::error_code ignored;  // no system roots: verification fails and says so
    context.set_default_verify_paths(ignored);
    context.set_verify_mode(asio::ssl::verify_peer);
    return context;
}

asio::awaitable<ApiReply> exchange(const Exchange& x) {
    ApiReply reply;
    const auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto [resolve_ec, endpoints] = co_await resolver.async_resolve(x.target.host, x.target.port, kNothrow);
    if (resolve_ec) {
        reply.error = "cannot resolve " + x.server + ": " + resolve_ec.message();
        reply.unreachable = true;
        co_return reply;
    }
    beast::tcp_stream stream(executor);
    stream.expires_after(x.timeout);
    auto [connect_ec, endpoint] = co_await stream.async_connect(endpoints, kNothrow);
    if (connect_ec) {
        reply.error = "cannot connect to " + x.server + ": " +
                      (connect_ec == beast::error::timeout ? std::string("timed out") : connect_ec.message());
        reply.unreachable = true;
        co_return reply;
    }
    boost::system::error_code ignored;
    if (!x.target.https) {
        reply = co_await request_response(stream, x);
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        co_return reply;
    }
    auto context = client_tls_context();
    beast::ssl_stream<beast::tcp_stream> tls(std::move(stream), context);
    tls.set_verify_callback(asio::ssl::host_name_verification(x.target.host));
    boost::system::error_code not_an_address;
    (void)asio::ip::make_address(x.target.host, not_an_address);
    // SNI carries names only, never an IP address (RFC 6066).
    if (not_an_address &&
        SSL_ctrl(tls.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(x.target.host.c_str())) != 1) {
        reply.error = x.server + ": cannot set the TLS server name";
        co_return reply;
    }
    auto [handshake_ec] = co_await tls.async_handshake(asio::ssl::stream_base::client, kNothrow);
    if (handshake_ec) {
        reply.error = x.server + ": TLS handshake failed: " + handshake_ec.message() +
                      " (trust a private CA with SSL_CERT_FILE=/path/to/ca.pem)";
        co_return reply;
    }
    reply = co_await request_response(tls, x);
    tls.next_layer().socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return reply;
}

// The whole exchange, resolve included, within the timeout.
asio::awaitable<ApiReply> bounded_exchange(const Exchange& x) {
    using namespace asio::experimental::awaitable_operators;
    asio::steady_timer timer(co_await asio::this_coro::executor, x.timeout);
    auto result = co_await (exchange(x) || timer.async_wait(kNothrow));
    if (result.index() == 0) {
        co_return std::get<0>(std::move(result));
    }
    ApiReply late;
    late.error = "no answer from " + x.server + " within " + std::to_string(x.timeout.count()) + " ms";
    co_return late;
}

struct KeepReply {
    ApiReply* out;
    void operator()(const std::exception_ptr& error, ApiReply reply) const {
        if (error) {
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                out->error = e.what();
            }
            return;
        }
        *out = std::move(reply);
    }
};

}  // namespace

std::string server_url(const std::optional<std::string>& flag) {
    if (flag && !flag->empty())
        return *flag;
    if (const auto env = process_env("STEWARD_SERVER"); env && !env->empty())
        return *env;
    return "http://127.0.0.1:8080";
}

ApiReply api_call(std::string_view server, std::string_view method, std::string_view target,
                  std::string_view body, const std::vector<std::pair<std::string, std::string>>& headers,
                  std::chrono::milliseconds timeout) {
    ApiReply reply;
    const auto url = boost::urls::parse_absolute_uri(server);
    if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->encoded_host().empty()) {
        reply.error = "the server URL must be http://HOST[:PORT] or https://HOST[:PORT], got '" +
                      std::string(server) + "'";
        return reply;
    }
    if (http::string_to_verb(method) == http::verb::unknown) {
        reply.error = "unknown HTTP method '" + std::string(method) + "'";
        return reply;
    }
    Exchange x;
    x.server = std::string(server);
    x.target.host = std::string(url->encoded_host());
    if (x.target.host.size() > 2 && x.target.host.front() == '[') {
        x.target.host = x.target.host.substr(1, x.target.host.size() - 2);
    }
    x.target.https = url->scheme() == "https";
    x.target.port = url->has_port() ? std::string(url->port()) : x.target.https ? "443" : "80";
    x.target.prefix = std::string(url->encoded_path());
    while (!x.target.prefix.empty() && x.target.prefix.back() == '/') x.target.prefix.pop_back();
    x.method = std::string(method);
    x.path = std::string(target);
    x.body = std::string(body);
    x.headers = headers;
    x.timeout = timeout;
    asio::io_context io{1};
    asio::co_spawn(io, bounded_exchange(x), KeepReply{&reply});
    io.run();
    return reply;
}

std::string describe_failure(const ApiReply& reply) {
    if (!reply.error.empty()) {
        return reply.unreachable
                   ? reply.error + "; is 'steward serve' running? set --server or STEWARD_SERVER"
                   : reply.error;
    }
    std::string line = "HTTP " + std::to_string(reply.status);
    boost::system::error_code ec;
    const auto body = boost::json::parse(reply.body, ec);
    if (!ec && body.is_object()) {
        const auto* error = body.as_object().if_contains("error");
        if (error && error->is_object()) {
            const auto& e = error->as_object();
            if (const auto* code = e.if_contains("code"); code && code->is_string()) {
                line += " " + std::string(code->as_string());
            }
            if (const auto* message = e.if_contains("message"); message && message->is_string()) {
                line += ": " + std::string(message->as_string());
            }
            if (reply.status == 401) {
                line +=
                    " (the client sends the API token from --token-file FILE or STEWARD_TOKEN; 'steward "
                    "token create' makes one)";
            }
            return line;
        }
    }
    std::string raw = reply.body.substr(0, 300);
    for (char& c : raw) {
        if (c == '\n' || c == '\r')
            c = ' ';
    }
    return raw.empty() ? line : line + ": " + raw;
}

std::string query_escape(std::string_view text) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

}  // namespace steward::app
