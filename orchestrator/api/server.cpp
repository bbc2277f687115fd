#include "orchestrator/api/server.hpp"

#include "orchestrator/api/errors.hpp"
#include "orchestrator/api/read_offload.hpp"
#include "orchestrator/api/router.hpp"
#include "orchestrator/api/security_headers.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <map>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <utility>

namespace steward::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kHeaderLimit = std::size_t{16} * 1024;
// One year, the usual value; no includeSubDomains (other services on the domain may not be ready).
constexpr const char* kStrictTransportSecurity = "max-age=31536000";
// Refusals (503 over the connection limit) being written at once; beyond it a new connection over
// the limit gets the 503 without waiting and is closed at once, so a flood costs no more than this
// many descriptors.
constexpr std::size_t kMaxRefusing = 64;
// How long a refused client has to send its request and take the 503.
constexpr std::chrono::milliseconds kRefusalDeadline{1'000};
// The pause after an accept failure the spare descriptor could not resolve.
constexpr std::chrono::milliseconds kAcceptBackoff{50};

// An open stream's wake-up: its producer pauses on `timer`; `wake` (new events, or stop) ends the
// pause, and one that comes while the producer is busy ends its next pause at once.
struct StreamSlot {
    explicit StreamSlot(const asio::any_io_executor& executor) : timer(executor) {}
    asio::steady_timer timer;
    bool woken = false;
    void wake() {
        woken = true;
        timer.cancel();
    }
};

// An open connection as the server tracks it.
struct SessionEntry {
    beast::tcp_stream* stream = nullptr;
    bool idle_keep_alive = false;  // served a request, waiting for the next with nothing received
};

}  // namespace

struct Server::State {
    State(asio::any_io_executor ex, ServerSettings s, Context& c)
        : executor(std::move(ex)), settings(std::move(s)), context(c), acceptor(executor) {}

    asio::any_io_executor executor;
    ServerSettings settings;
    Context& context;
    tcp::acceptor acceptor;
    std::optional<asio::ssl::context> tls;  // set by start() when a certificate is configured
    bool stopped = false;
    std::uint64_t next_session = 0;
    std::map<std::uint64_t, SessionEntry> sessions;
    std::uint64_t next_stream = 0;
    std::map<std::uint64_t, StreamSlot*> streams;  // open streaming responses
    std::uint64_t evicted = 0;                     // idle keep-alive connections closed to make room
    std::size_t refusing = 0;                      // 503s over the connection limit being written
    std::uint64_t refused = 0;                     // connections refused or shed since start
    bool at_limit = false;                         // refusing since the last logged "limit reached"
    bool out_of_descriptors = false;               // an accept failed since the last one that worked
    int spare_fd = -1;  // /dev/null, closed to take (and close) a connection when out of descriptors
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

// What a connection knows about its peer, copied into each of its requests.
struct Peer {
    std::string address;  // "" when the socket could not tell
    bool tls = false;
};

Peer peer_of(const tcp::socket& socket, bool tls) {
    boost::system::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec) {
        return Peer{"", tls};
    }
    auto address = endpoint.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped()) {
        address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    }
    return Peer{address.to_string(), tls};
}

Request to_request(const http::request<http::string_body>& in, const Peer& peer, bool& target_ok) {
    Request request;
    request.method = std::string(in.method_string());
    target_ok = parse_target(in.target(), request.path, request.query);
    for (const auto& field : in) {
        request.add_header(field.name_string(), std::string(field.value()));
    }
    request.body = in.body();
    request.remote_address = peer.address;
    request.tls = peer.tls;
    return request;
}

// The headers every response starts with; the response's own headers are set after them.
template <class Message>
void set_common_headers(Message& out, bool tls) {
    out.set(http::field::server, "steward");
    if (tls) {
        out.set(http::field::strict_transport_security, kStrictTransportSecurity);
    }
    for (const auto& [name, value] : kSecurityHeaders) {
        out.set(name, value);
    }
    out.set(http::field::cache_control, "no-store");
}

// The Beast message for `response`, whose body is moved. `head`: the answer to a HEAD request,
// which announces the body's length but does not carry it.
http::response<http::string_body> to_http(Response&& response, unsigned version, bool keep_alive, bool tls,
                                          bool head = false) {
    http::response<http::string_body> out{static_cast<http::status>(response.status), version};
    set_common_headers(out, tls);
    if (!response.content_type.empty()) {
        out.set(http::field::content_type, response.content_type);
    }
    for (const auto& [name, value] : response.headers) {
        out.set(name, value);
    }
    out.keep_alive(keep_alive);
    out.body() = std::move(response.body);
    out.prepare_payload();
    if (response.status == 204 || response.status == 304) {
        // Beast writes "Content-Length: 0"; RFC 9110 forbids it on 204 and, on a 304, it would
        // claim an empty representation.
        out.content_length(boost::none);
    } else if (head && out.has_content_length()) {
        const auto length = out.body().size();
        out.body().clear();
        out.content_length(length);
    }
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

// The 503 for a stream beyond the limit.
Response streams_exhausted(std::size_t limit) {
    Response busy;
    busy.status = 503;
    busy.body = R"({"error":{"code":"too_many_streams","message":"the server already serves )" +
                std::to_string(limit) + R"( event streams; try again later"}})";
    busy.headers.emplace_back("Retry-After", "5");
    return busy;
}

// The server's side of one streaming response: writes with a deadline (chunked on HTTP/1.1), pauses
// that stop() and notify_streams() cut short. Registered in State::streams while it exists.
template <class Stream>
class ConnectionSink final : public StreamSink {
public:
    ConnectionSink(Server::State& state, Stream& stream, bool chunked, Peer peer)
        : state_(state),
          stream_(stream),
          chunked_(chunked),
          peer_(std::move(peer)),
          slot_(state.executor),
          id_(state.next_stream++) {
        state_.streams.emplace(id_, &slot_);
    }
    ~ConnectionSink() override { state_.streams.erase(id_); }
    ConnectionSink(const ConnectionSink&) = delete;
    ConnectionSink& operator=(const ConnectionSink&) = delete;

    asio::awaitable<bool> write(std::string data) override {
        if (closed()) {
            co_return false;
        }
        if (data.empty()) {
            co_return true;
        }
        auto& lowest = beast::get_lowest_layer(stream_);
        lowest.expires_after(state_.settings.streams.write_timeout);
        boost::system::error_code ec;
        if (chunked_) {
            std::tie(ec, std::ignore) = co_await asio::async_write(
                stream_, http::make_chunk(asio::const_buffer(data.data(), data.size())), kNothrow);
        } else {
            std::tie(ec, std::ignore) =
                co_await asio::async_write(stream_, asio::const_buffer(data.data(), data.size()), kNothrow);
        }
        if (ec) {
            failed_ = true;
            if (auto log = api_log(); log && !state_.stopped) {
                if (ec == beast::error::timeout) {
                    log->warn("event stream to {} dropped: the client did not take {} bytes within {} ms",
                              peer_.address, data.size(), state_.settings.streams.write_timeout.count());
                } else {
                    log->info("event stream to {} closed: {}", peer_.address, ec.message());
                }
            }
            co_return false;
        }
        co_return !state_.stopped;
    }

    asio::awaitable<void> pause(std::chrono::milliseconds duration) override {
        if (!closed() && !slot_.woken) {
            slot_.timer.expires_after(duration);
            auto [ec] = co_await slot_.timer.async_wait(kNothrow);
            (void)ec;  // cancelled by wake()
        }
        slot_.woken = false;
    }

    [[nodiscard]] bool closed() const noexcept override { return failed_ || state_.stopped; }
    [[nodiscard]] const StreamSettings& settings() const noexcept override { return state_.settings.streams; }

    // Ends the body (the last chunk) when the stream ended on its own.
    asio::awaitable<void> finish() {
        if (closed() || !chunked_) {
            co_return;
        }
        beast::get_lowest_layer(stream_).expires_after(state_.settings.streams.write_timeout);
        (void)co_await asio::async_write(stream_, http::make_chunk_last(), kNothrow);
    }

private:
    Server::State& state_;
    Stream& stream_;
    bool chunked_;
    Peer peer_;
    StreamSlot slot_;
    std::uint64_t id_;
    bool failed_ = false;
};

// Writes a streaming response's headers, then runs its producer until it returns, the client fails
// or is too slow, or the server stops. The connection is closed afterwards (Connection: close).
template <class Stream>
asio::awaitable<void> serve_stream(Server::State& state, Stream& stream, unsigned version,
                                   const Response& response, const Peer& peer) {
    http::response<http::empty_body> head{static_cast<http::status>(response.status), version};
    set_common_headers(head, peer.tls);
    head.set(http::field::content_type, response.content_type);
    head.set("X-Accel-Buffering", "no");  // a proxy in front must not hold the events back
    for (const auto& [name, value] : response.headers) {
        head.set(name, value);
    }
    head.keep_alive(false);
    const bool chunked = version >= 11;
    head.chunked(chunked);
    // Registered before the headers go out, so that the stream limit counts this one at once.
    ConnectionSink<Stream> sink(state, stream, chunked, peer);
    http::response_serializer<http::empty_body> serializer{head};
    beast::get_lowest_layer(stream).expires_after(state.settings.write_timeout);
    auto [ec, written] = co_await http::async_write_header(stream, serializer, kNothrow);
    if (ec || state.stopped) {
        co_return;
    }
    const auto started = std::chrono::steady_clock::now();
    try {
        co_await response.stream->run(sink);
    } catch (const std::exception& e) {
        if (auto log = api_log())
            log->error("event stream to {} ended by an exception: {}", peer.address, e.what());
        co_return;
    }
    co_await sink.finish();
    if (auto log = api_log()) {
        const auto seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        log->info("event stream to {} ended after {:.1f}s", peer.address, seconds);
    }
}

// Serves requests on one connection (plain or TLS) until the peer closes, a read or write fails or
// times out, a response says close, or the server stops. The callers own the stream and close it.
template <class Stream>
asio::awaitable<void> serve_requests(Server::State& state, Stream& stream, const Peer& peer, bool& idle) {
    auto& lowest = beast::get_lowest_layer(stream);
    beast::flat_buffer buffer;
    bool served = false;
    while (!state.stopped) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(state.settings.body_limit);
        parser.header_limit(kHeaderLimit);
        lowest.expires_after(state.settings.read_timeout);
        // Between two requests with nothing of the next one read: the connection may be closed to
        // make room for a new one when the limit is reached (see admit()).
        idle = served && buffer.size() == 0;
        auto [read_ec, read_bytes] = co_await http::async_read_header(stream, buffer, parser, kNothrow);
        idle = false;
        if (!read_ec && !parser.is_done()) {
            if (beast::iequals(parser.get()[http::field::expect], "100-continue")) {
                // curl and other clients wait for this before sending a larger body.
                http::response<http::empty_body> go_on{http::status::continue_, parser.get().version()};
                lowest.expires_after(state.settings.write_timeout);
                (void)co_await http::async_write(stream, go_on, kNothrow);
                lowest.expires_after(state.settings.read_timeout);
            }
            std::tie(read_ec, read_bytes) = co_await http::async_read(stream, buffer, parser, kNothrow);
        }
        if (read_ec) {
            if (auto reply = read_failure_response(read_ec, state.settings.body_limit);
                reply && !state.stopped) {
                auto out = to_http(std::move(*reply), 11, false, peer.tls);
                lowest.expires_after(state.settings.write_timeout);
                (void)co_await http::async_write(stream, out, kNothrow);
                if (auto log = api_log())
                    log->info("- - {} (unreadable request: {})", reply->status, read_ec.message());
            }
            break;
        }
        const auto started = std::chrono::steady_clock::now();
        const auto& message = parser.get();
        bool target_ok = true;
        const Request request = to_request(message, peer, target_ok);
        Response response = target_ok ? dispatch(state.context, request)
                                      : error_response(Errc::bad_request, "malformed request target");
        if (response.deferred) {  // a list query on the read pool (read_offload.hpp)
            const auto deferred = std::move(response.deferred);
            response = co_await deferred->run();
        }
        if (response.stream && state.streams.size() >= state.settings.streams.max_streams) {
            response = streams_exhausted(state.settings.streams.max_streams);
        }
        const bool keep_alive = message.keep_alive() && !state.stopped && !response.stream;
        const auto ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
        if (auto log = api_log()) {
            log->info("{} {} {} {:.1f}ms peer={}{}{}", request.method, std::string(message.target()),
                      response.status, ms, request.remote_address, request.tls ? " tls" : "",
                      response.stream ? " stream" : "");
        }
        if (response.stream) {
            co_await serve_stream(state, stream, message.version(), response, peer);
            break;
        }
        auto out = to_http(std::move(response), message.version(), keep_alive, peer.tls,
                           message.method() == http::verb::head);
        lowest.expires_after(state.settings.write_timeout);
        auto [write_ec, written] = co_await http::async_write(stream, out, kNothrow);
        if (write_ec || !keep_alive) {
            break;
        }
        served = true;
    }
}

// Keeps a connection's TCP stream in State::sessions while it is open, so stop() can cancel it.
class Registration {
public:
    Registration(Server::State& state, beast::tcp_stream& stream)
        : state_(state),
          id_(state.next_session++),
          idle_(state_.sessions.emplace(id_, SessionEntry{&stream}).first->second.idle_keep_alive) {}
    ~Registration() { state_.sessions.erase(id_); }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;
    /// The connection's idle flag in State::sessions (set by serve_requests).
    [[nodiscard]] bool& idle() const noexcept { return idle_; }

private:
    Server::State& state_;
    std::uint64_t id_;
    bool& idle_;
};

asio::awaitable<void> run_plain_session(std::shared_ptr<Server::State> state, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    const Registration registration(*state, stream);
    co_await serve_requests(*state, stream, peer_of(stream.socket(), false), registration.idle());
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> run_tls_session(std::shared_ptr<Server::State> state, tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *state->tls);
    auto& tcp_layer = stream.next_layer();
    const Registration registration(*state, tcp_layer);
    const Peer peer = peer_of(tcp_layer.socket(), true);
    // A client that connects and says nothing, or speaks plain HTTP, must not hold the connection.
    tcp_layer.expires_after(state->settings.read_timeout);
    auto [handshake_ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNothrow);
    if (handshake_ec) {
        if (auto log = api_log(); log && !state->stopped)
            log->info("- - TLS handshake with {} failed: {}", peer.address, handshake_ec.message());
    } else {
        co_await serve_requests(*state, stream, peer, registration.idle());
        if (!state->stopped) {
            tcp_layer.expires_after(state->settings.write_timeout);
            (void)co_await stream.async_shutdown(kNothrow);
        }
    }
    boost::system::error_code ignored;
    tcp_layer.socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp_layer.socket().close(ignored);
}

// The answer to a connection over the limit, written raw (its request is not parsed).
std::string refusal_text(std::size_t limit) {
    const std::string body =
        R"({"error":{"code":"too_many_connections","message":"the server already serves )" +
        std::to_string(limit) + R"( connections; try again later"}})";
    std::string text = "HTTP/1.1 503 Service Unavailable\r\nServer: steward\r\n";
    for (const auto& [name, value] : kSecurityHeaders) {
        text.append(name).append(": ").append(value).append("\r\n");
    }
    return text +
           "Cache-Control: no-store\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
           "Connection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Closes an accepted descriptor at once, after a best-effort 503 and reading what the client has
// already sent (unread bytes would turn the close into a reset that can swallow the answer).
void refuse_now(int fd, const std::string& answer) {
    if (!answer.empty()) {
        (void)::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        (void)::shutdown(fd, SHUT_WR);
    }
    std::array<char, 4096> sink{};
    (void)::recv(fd, sink.data(), sink.size(), MSG_DONTWAIT);
    ::close(fd);
}

// Answers a connection over the limit with a 503 within kRefusalDeadline: reads the start of its
// request, writes the answer, half-closes, and reads until the client closes.
asio::awaitable<void> refuse_connection(std::shared_ptr<Server::State> state, tcp::socket socket) {
    ++state->refusing;
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(kRefusalDeadline);
    std::array<char, 4096> sink{};
    auto [read_ec, received] = co_await stream.async_read_some(asio::buffer(sink), kNothrow);
    if (!read_ec && !state->stopped) {
        const std::string answer = refusal_text(state->settings.max_connections);
        auto [write_ec, written] = co_await asio::async_write(stream, asio::buffer(answer), kNothrow);
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        for (std::size_t drained = 0; !write_ec && drained < 64 * sink.size() && !state->stopped;) {
            auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNothrow);
            if (ec) {
                break;
            }
            drained += n;
        }
    }
    boost::system::error_code ignored;
    stream.socket().close(ignored);
    --state->refusing;
}

// The process is out of descriptors: frees the spare one, takes a pending connection and closes
// it (with a best-effort 503 on plain HTTP), then takes the spare back. True when a connection was shed.
bool shed_pending_connection(Server::State& state) {
    if (state.spare_fd < 0) {
        state.spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        return false;
    }
    ::close(state.spare_fd);
    const int fd = ::accept4(state.acceptor.native_handle(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd >= 0) {
        // Over TLS a plain-text 503 means nothing to the client: just close.
        refuse_now(fd, state.tls ? std::string() : refusal_text(state.settings.max_connections));
        ++state.refused;
    }
    state.spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    return fd >= 0;
}

bool out_of_descriptors(const boost::system::error_code& ec) {
    return ec == asio::error::no_descriptors || ec == boost::system::errc::too_many_files_open_in_system ||
           ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

// At the limit: closes the oldest keep-alive connection that waits for its next request with
// nothing of it received (HTTP lets a server close an idle keep-alive connection at any time; a
// client retries on a new one). True when one was closed; it leaves State::sessions at its next turn.
bool evict_idle_keep_alive(Server::State& state) {
    for (auto& [id, session] : state.sessions) {
        boost::system::error_code ec;
        if (session.idle_keep_alive && session.stream->socket().available(ec) == 0 && !ec) {
            session.idle_keep_alive = false;
            session.stream->cancel();
            ++state.evicted;
            return true;
        }
    }
    return false;
}

// Takes a connection that could be served: a session (closing an idle keep-alive connection when
// the limit is reached), else a 503, or a close at once when kMaxRefusing refusals are already
// being written.
void admit(const std::shared_ptr<Server::State>& state, tcp::socket socket) {
    auto& s = *state;
    if (s.sessions.size() < s.settings.max_connections || evict_idle_keep_alive(s)) {
        if (s.at_limit) {
            s.at_limit = false;
            if (auto log = api_log())
                log->info("connections below the limit of {} again ({} refused since start)",
                          s.settings.max_connections, s.refused);
        }
        asio::co_spawn(
            s.executor,
            s.tls ? run_tls_session(state, std::move(socket)) : run_plain_session(state, std::move(socket)),
            LogEscaped{"an API connection"});
        return;
    }
    ++s.refused;
    if (!s.at_limit) {
        s.at_limit = true;
        if (auto log = api_log())
            log->warn(
                "connection limit reached ({} open, http.max_connections {}): refusing new connections "
                "with 503 until one closes",
                s.sessions.size(), s.settings.max_connections);
    }
    if (s.refusing < kMaxRefusing && !s.tls) {
        asio::co_spawn(s.executor, refuse_connection(state, std::move(socket)), LogEscaped{"a refusal"});
        return;
    }
    // Over TLS a plain-text 503 means nothing to the client; close at once instead.
    boost::system::error_code ec;
    const int fd = socket.release(ec);
    if (!ec) {
        refuse_now(fd, s.tls ? std::string() : refusal_text(s.settings.max_connections));
    }
}

asio::awaitable<void> accept_loop(std::shared_ptr<Server::State> state) {
    while (!state->stopped) {
        auto [ec, socket] = co_await state->acceptor.async_accept(kNothrow);
        if (state->stopped || ec == asio::error::operation_aborted) {
            break;
        }
        if (ec) {
            // Logged once per episode; never a busy loop: either a pending connection is shed
            // (the backlog drains) or the loop pauses briefly.
            const bool descriptors = out_of_descriptors(ec);
            if (!state->out_of_descriptors) {
                state->out_of_descriptors = true;
                if (auto log = api_log())
                    log->warn("accept failed: {} ({} connections open, http.max_connections {}){}",
                              ec.message(), state->sessions.size(), state->settings.max_connections,
                              descriptors
                                  ? "; closing new connections until descriptors free up (raise the "
                                    "limit: ulimit -n, systemd LimitNOFILE=; or lower http.max_connections)"
                                  : "");
            }
            if (descriptors && shed_pending_connection(*state)) {
                continue;
            }
            asio::steady_timer pause(state->executor, kAcceptBackoff);
            (void)co_await pause.async_wait(kNothrow);
            continue;
        }
        if (state->out_of_descriptors) {
            state->out_of_descriptors = false;
            if (auto log = api_log())
                log->info("accepting connections again ({} open, {} refused since start)",
                          state->sessions.size(), state->refused);
        }
        admit(state, std::move(socket));
    }
}

// The server's TLS settings: TLS 1.2 and later only, the configured certificate chain and key.
// Throws std::runtime_error naming the file (never its contents) when either cannot be used.
asio::ssl::context tls_context(const ServerSettings& settings) {
    if (settings.tls_cert_file.empty() || settings.tls_key_file.empty()) {
        throw std::runtime_error("TLS needs both a certificate file and a key file");
    }
    asio::ssl::context context(asio::ssl::context::tls_server);
    context.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1 | asio::ssl::context::no_compression |
                        asio::ssl::context::single_dh_use);
    // An encrypted key would make OpenSSL prompt on the terminal; refuse it instead.
    context.set_password_callback(
        [](std::size_t, asio::ssl::context::password_purpose) { return std::string(); });
    boost::system::error_code ec;
    context.use_certificate_chain_file(settings.tls_cert_file, ec);
    if (ec) {
        throw std::runtime_error("cannot load the TLS certificate chain '" + settings.tls_cert_file +
                                 "': " + ec.message());
    }
    context.use_private_key_file(settings.tls_key_file, asio::ssl::context::pem, ec);
    if (ec) {
        throw std::runtime_error("cannot load the TLS private key '" + settings.tls_key_file + "' (for '" +
                                 settings.tls_cert_file + "'): " + ec.message());
    }
    return context;
}

}  // namespace

Server::Server(asio::any_io_executor executor, ServerSettings settings, Context& context)
    : state_(std::make_shared<State>(std::move(executor), std::move(settings), context)) {}

Server::~Server() {
    stop();
    if (state_->spare_fd >= 0) {
        ::close(state_->spare_fd);
        state_->spare_fd = -1;
    }
}

void Server::start() {
    if (!state_->settings.tls_cert_file.empty() || !state_->settings.tls_key_file.empty()) {
        state_->tls.emplace(tls_context(state_->settings));
    }
    const tcp::endpoint endpoint(asio::ip::make_address(state_->settings.address), state_->settings.port);
    state_->acceptor.open(endpoint.protocol());
    state_->acceptor.set_option(asio::socket_base::reuse_address(true));
    state_->acceptor.bind(endpoint);
    state_->acceptor.listen(asio::socket_base::max_listen_connections);
    if (state_->spare_fd < 0) {
        state_->spare_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    }
    asio::co_spawn(state_->executor, accept_loop(state_), LogEscaped{"the API accept loop"});
}

void Server::stop() {
    if (state_->stopped) {
        return;
    }
    state_->stopped = true;
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    for (auto& [id, session] : state_->sessions) {
        session.stream->cancel();
    }
    for (auto& [id, slot] : state_->streams) {
        slot->wake();
    }
}

std::uint64_t Server::refused_connections() const noexcept {
    return state_->refused;
}

std::size_t Server::open_streams() const noexcept {
    return state_->streams.size();
}

void Server::notify_streams() {
    for (auto& [id, slot] : state_->streams) {
        slot->wake();
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

bool Server::tls() const noexcept {
    return state_->tls.has_value();
}

}  // namespace steward::api
