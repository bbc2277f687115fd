#include "orchestrator/api/server.hpp"

#include "orchestrator/api/errors.hpp"
#include "orchestrator/api/router.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

namespace steward::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_nothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderLimit = 16 * 1024;

}  // namespace

struct Server::State {
    State(asio::any_io_executor ex, ServerSettings s, Context& c)
        : executor(std::move(ex)), settings(std::move(s)), context(c), acceptor(executor) {}

    asio::any_io_executor executor;
    ServerSettings settings;
    Context& context;
    tcp::acceptor acceptor;
    bool stopped = false;
    std::uint64_t next_session = 0;
    std::map<std::uint64_t, beast::tcp_stream*> sessions;
};

namespace {

std::shared_ptr<spdlog::logger> api_log() {
    return spdlog::get("api");
}

// Logs an exception that escaped a connection or the accept loop (co_spawn completion).
struct LogEscaped {
    const char* what;
    void operator()(const std::exception_ptr& error) const {
        if (!error) {
            return;
        }
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            if (auto log = api_log())
                log->error("{} ended by an exception: {}", what, e.what());
        } catch (...) {
            if (auto log = api_log())
                log->error("{} ended by a non-standard exception", what);
        }
    }
};

Request to_request(const http::request<http::string_body>& in, bool& target_ok) {
    Request request;
    request.method = std::string(in.method_string());
    target_ok = parse_target(in.target(), request.path, request.query);
    for (const auto& field : in) {
        std::string name(field.name_string());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        request.headers[name] = std::string(field.value());
    }
    request.body = in.body();
    return request;
}

http::response<http::string_body> to_http(const Response& response, unsigned version, bool keep_alive) {
    http::response<http::string_body> out{static_cast<http::status>(response.status), version};
    out.set(http::field::server, "steward");
    out.set(http::field::content_type, response.content_type);
    out.set(http::field::cache_control, "no-store");
    for (const auto& [name, value] : response.headers) {
        out.set(name, value);
    }
    out.keep_alive(keep_alive);
    out.body() = response.body;
    out.prepare_payload();
    return out;
}

// The response to a request that could not be read completely; empty status = just close.
std::optional<Response> read_failure_response(const boost::system::error_code& ec, std::size_t limit) {
    if (ec == http::error::body_limit) {
        return error_response(Errc::payload_too_large,
                              "the request body exceeds the limit of " + std::to_string(limit) + " bytes");
    }
    if (ec == http::error::header_limit) {
        return error_response(Errc::bad_request, "the request headers are too large");
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
        return error_response(Errc::bad_request, "malformed HTTP request: " + ec.message());
    }
    return std::nullopt;
}

asio::awaitable<void> run_session(std::shared_ptr<Server::State> state, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    const std::uint64_t id = state->next_session++;
    state->sessions.emplace(id, &stream);
    struct Unregister {
        Server::State& s;
        std::uint64_t id;
        ~Unregister() { s.sessions.erase(id); }
    } unregister{*state, id};

    beast::flat_buffer buffer;
    while (!state->stopped) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(state->settings.body_limit);
        parser.header_limit(kHeaderLimit);
        stream.expires_after(state->settings.read_timeout);
        auto [read_ec, read_bytes] = co_await http::async_read_header(stream, buffer, parser, use_nothrow);
        if (!read_ec && !parser.is_done()) {
            if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
                // curl and other clients wait for this before sending a larger body.
                http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
                stream.expires_after(state->settings.write_timeout);
                (void)co_await http::async_write(stream, go_on, use_nothrow);
                stream.expires_after(state->settings.read_timeout);
            }
            std::tie(read_ec, read_bytes) = co_await http::async_read(stream, buffer, parser, use_nothrow);
        }
        if (read_ec) {
            if (auto reply = read_failure_response(read_ec, state->settings.body_limit);
                reply && !state->stopped) {
                auto out = to_http(*reply, 11, false);
                stream.expires_after(state->settings.write_timeout);
                (void)co_await http::async_write(stream, out, use_nothrow);
                if (auto log = api_log())
                    log->info("- - {} (unreadable request: {})", reply->status, read_ec.message());
            }
            break;
        }
        const auto started = std::chrono::steady_clock::now();
        const auto& message = parser.get();
        bool target_ok = true;
        const Request request = to_request(message, target_ok);
        const Response response = target_ok ? dispatch(state->context, request)
                                            : error_response(Errc::bad_request, "malformed request target");
        const bool keep_alive = message.keep_alive() && !state->stopped;
        auto out = to_http(response, message.version(), keep_alive);
        const auto ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        if (auto log = api_log()) {
            log->info("{} {} {} {:.1f}ms", request.method, std::string(message.target()), response.status,
                      ms);
        }
        stream.expires_after(state->settings.write_timeout);
        auto [write_ec, written] = co_await http::async_write(stream, out, use_nothrow);
        if (write_ec || !keep_alive) {
            break;
        }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(std::shared_ptr<Server::State> state) {
    while (!state->stopped) {
        auto [ec, socket] = co_await state->acceptor.async_accept(use_nothrow);
        if (state->stopped || ec == asio::error::operation_aborted) {
            break;
        }
        if (ec) {
            // e.g. too many open files: log and back off briefly instead of spinning.
            if (auto log = api_log())
                log->warn("accept failed: {}", ec.message());
            asio::steady_timer pause(state->executor, std::chrono::milliseconds(100));
            (void)co_await pause.async_wait(use_nothrow);
            continue;
        }
        asio::co_spawn(state->executor, run_session(state, std::move(socket)),
                       LogEscaped{"an API connection"});
    }
}

}  // namespace

Server::Server(asio::any_io_executor executor, ServerSettings settings, Context& context)
    : state_(std::make_shared<State>(std::move(executor), std::move(settings), context)) {}

Server::~Server() {
    stop();
}

void Server::start() {
    const tcp::endpoint endpoint(asio::ip::make_address(state_->settings.address), state_->settings.port);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(asio::socket_base::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen(asio::socket_base::max_listen_connections);
    asio::co_spawn(state_->executor, accept_loop(state_), LogEscaped{"the API accept loop"});
}

void Server::stop() {
    if (state_->stopped) {
        return;
    }
    state_->stopped = true;
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    for (auto& [id, stream] : state_->sessions) {
        stream->cancel();
    }
}

unsigned short Server::port() const noexcept {
    boost::system::error_code ec;
    const auto endpoint = state_->acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

std::size_t Server::open_connections() const noexcept {
    return state_->sessions.size();
}

}  // namespace steward::api
