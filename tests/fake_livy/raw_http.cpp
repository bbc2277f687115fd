#include "tests/fake_livy/raw_http.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cctype>

namespace steward::fake_livy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string RawResponse::header(const std::string& name) const {
    for (const auto& [k, v] : headers) {
        if (k.size() == name.size() && std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
                return std::tolower(static_cast<unsigned char>(a)) ==
                       std::tolower(static_cast<unsigned char>(b));
            })) {
            return v;
        }
    }
    return {};
}

asio::awaitable<RawResponse> raw_request(unsigned short port, std::string method, std::string target,
                                         std::string body,
                                         std::vector<std::pair<std::string, std::string>> headers) {
    constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
    RawResponse out;
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(std::chrono::seconds(5));
    const asio::ip::tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
    auto [connect_ec] = co_await stream.async_connect(endpoint, use_nothrow);
    if (connect_ec) {
        out.error = connect_ec.message();
        co_return out;
    }
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) {
        req.set(k, v);
    }
    req.body() = std::move(body);
    req.prepare_payload();
    auto [write_ec, written] = co_await http::async_write(stream, req, use_nothrow);
    if (write_ec) {
        out.error = write_ec.message();
        co_return out;
    }
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    auto [read_ec, read] = co_await http::async_read(stream, buffer, res, use_nothrow);
    if (read_ec) {
        out.error = read_ec.message();
        co_return out;
    }
    out.status = res.result_int();
    out.body = res.body();
    for (const auto& field : res) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    co_return out;
}

}  // namespace steward::fake_livy
