#include "tests/engine/http_sink.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace steward::engine_tests {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> serve(std::shared_ptr<HttpSink::State> state, asio::ip::tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> request;
        auto [ec, n] = co_await http::async_read(stream, buffer, request, kNothrow);
        (void)n;
        if (ec) {
            co_return;
        }
        {
            const std::lock_guard lock(state->mutex);
            state->requests.push_back(HttpSink::Request{std::string(request.method_string()),
                                                        std::string(request.target()),
                                                        std::string(request[http::field::content_type]),
                                                        request.body(), std::string(request["X-Token"])});
        }
        http::response<http::string_body> response{static_cast<http::status>(state->status), 11};
        response.set(http::field::content_type, "text/plain");
        response.body() = state->status < 300 ? "ok" : "sink says no";
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        auto [wec, written] = co_await http::async_write(stream, response, kNothrow);
        (void)written;
        if (wec || !request.keep_alive()) {
            co_return;
        }
    }
}

asio::awaitable<void> accept_loop(std::shared_ptr<HttpSink::State> state) {
    for (;;) {
        auto [ec, socket] = co_await state->acceptor.async_accept(kNothrow);
        if (ec) {
            co_return;
        }
        asio::co_spawn(state->acceptor.get_executor(), serve(state, std::move(socket)), asio::detached);
    }
}

}  // namespace

HttpSink::HttpSink(unsigned status)
    : state_(std::make_shared<State>(asio::ip::tcp::acceptor(io_, {asio::ip::make_address("127.0.0.1"), 0}),
                                     status)) {
    asio::co_spawn(io_, accept_loop(state_), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
}

HttpSink::~HttpSink() {
    asio::post(io_, [state = state_] {
        boost::system::error_code ignored;
        state->acceptor.close(ignored);
    });
    io_.stop();
    thread_.join();
}

std::string HttpSink::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(state_->acceptor.local_endpoint().port()) + path;
}

std::vector<HttpSink::Request> HttpSink::requests() const {
    const std::lock_guard lock(state_->mutex);
    return state_->requests;
}

}  // namespace steward::engine_tests
