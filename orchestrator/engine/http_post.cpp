#include "orchestrator/engine/http_post.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/url/parse.hpp>

#include <openssl/ssl.h>

namespace steward::engine {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kMaxReplyBytes = 64 * 1024;

struct Target {
    bool tls = false;
    std::string host;
    std::string port;
    std::string path;
};

boost::system::result<Target, std::string> parse_target(const std::string& url) {
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        return std::string("bad URL (") + parsed.error().message() + ")";
    }
    Target t;
    const auto scheme = parsed->scheme();
    if (scheme == "https") {
        t.tls = true;
    } else if (scheme != "http") {
        return std::string("unsupported scheme '") + std::string(scheme) + "' (use http or https)";
    }
    t.host = std::string(parsed->encoded_host());
    if (t.host.empty()) {
        return std::string("bad URL (no host)");
    }
    t.port = parsed->has_port() ? std::string(parsed->port()) : (t.tls ? "443" : "80");
    t.path = std::string(parsed->encoded_path());
    if (t.path.empty()) {
        t.path = "/";
    }
    if (parsed->has_query()) {
        t.path += "?" + std::string(parsed->encoded_query());
    }
    return t;
}

http::request<http::string_body> make_request(const Target& target, std::string body,
                                              const std::string& content_type,
                                              const std::map<std::string, std::string>& headers) {
    http::request<http::string_body> req{http::verb::post, target.path, 11};
    req.set(http::field::host, target.host);
    req.set(http::field::user_agent, "steward-engine");
    req.set(http::field::content_type, content_type);
    for (const auto& [name, value] : headers) {
        req.set(name, value);
    }
    req.body() = std::move(body);
    req.prepare_payload();
    return req;
}

/// Sends the request and reads the reply on an connected stream (plain or TLS).
template <class Stream>
asio::awaitable<boost::system::result<HttpReply, std::string>> exchange(
    Stream& stream, http::request<http::string_body>& req) {
    auto [wec, written] = co_await http::async_write(stream, req, kNothrow);
    (void)written;
    if (wec) {
        co_return std::string("sending the request failed: ") + wec.message();
    }
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxReplyBytes);
    auto [rec, read] = co_await http::async_read(stream, buffer, parser, kNothrow);
    (void)read;
    if (rec && rec != http::error::body_limit) {
        co_return std::string("reading the reply failed: ") + rec.message();
    }
    HttpReply reply;
    reply.status = parser.get().result_int();
    reply.body = std::move(parser.get().body());
    co_return reply;
}

/// The whole exchange, without a deadline of its own (the caller races it with a timer).
asio::awaitable<boost::system::result<HttpReply, std::string>> post_once(
    Target target, std::string body, std::string content_type, std::map<std::string, std::string> headers,
    HttpTls tls) {
    auto executor = co_await asio::this_coro::executor;
    asio::ip::tcp::resolver resolver(executor);
    auto [rec, endpoints] = co_await resolver.async_resolve(target.host, target.port, kNothrow);
    if (rec) {
        co_return "cannot resolve '" + target.host + "': " + rec.message();
    }
    beast::tcp_stream tcp(executor);
    auto [cec, endpoint] = co_await tcp.async_connect(endpoints, kNothrow);
    (void)endpoint;
    if (cec) {
        co_return "connect failed: " + cec.message();
    }
    auto req = make_request(target, std::move(body), content_type, headers);
    if (!target.tls) {
        co_return co_await exchange(tcp, req);
    }
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    boost::system::error_code ec;
    ctx.set_default_verify_paths(ec);
    if (!tls.ca_file.empty()) {
        ctx.load_verify_file(tls.ca_file, ec);
        if (ec) {
            co_return "cannot load CA file '" + tls.ca_file + "': " + ec.message();
        }
    }
    ctx.set_verify_mode(tls.verify ? asio::ssl::verify_peer : asio::ssl::verify_none);
    beast::ssl_stream<beast::tcp_stream> stream(std::move(tcp), ctx);
    if (tls.verify) {
        stream.set_verify_callback(asio::ssl::host_name_verification(target.host));
    }
    // SSL_set_tlsext_host_name is a macro with a C cast; call what it expands to.
    if (SSL_ctrl(stream.native_handle(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(target.host.c_str())) != 1) {
        co_return std::string("cannot set the TLS server name");
    }
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::client, kNothrow);
    if (hec) {
        co_return "TLS handshake failed: " + hec.message();
    }
    co_return co_await exchange(stream, req);
}

}  // namespace

asio::awaitable<boost::system::result<HttpReply, std::string>> http_post(
    std::string url, std::string body, std::string content_type, std::map<std::string, std::string> headers,
    std::chrono::milliseconds timeout, HttpTls tls) {
    using namespace asio::experimental::awaitable_operators;
    const std::string what = "POST " + url + ": ";
    auto target = parse_target(url);
    if (!target) {
        co_return what + target.error();
    }
    asio::steady_timer deadline(co_await asio::this_coro::executor, timeout);
    // Named operands: GCC 12 mishandles coroutine temporaries inside a co_await expression.
    auto exchange_op = post_once(std::move(*target), std::move(body), std::move(content_type),
                                 std::move(headers), std::move(tls));
    auto deadline_op = deadline.async_wait(asio::use_awaitable);
    auto raced = co_await (std::move(exchange_op) || std::move(deadline_op));
    if (raced.index() == 1) {
        co_return what + "timed out after " + std::to_string(timeout.count()) + " ms";
    }
    auto result = std::get<0>(std::move(raced));
    if (!result) {
        co_return what + result.error();
    }
    co_return result;
}

}  // namespace steward::engine
