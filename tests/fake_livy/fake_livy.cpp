#include "tests/fake_livy/fake_livy.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/serialize.hpp>

#include <exception>
#include <map>
#include <sstream>
#include <utility>

namespace steward::fake_livy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kUseNothrow = asio::as_tuple(asio::use_awaitable);
constexpr std::uint64_t kBodyLimit = 64ULL * 1024 * 1024;
constexpr std::chrono::seconds kWriteTimeout{30};

// A live connection's I/O objects, so stop() can close them and wake pending timers.
struct Connection {
    beast::tcp_stream* stream = nullptr;
    asio::steady_timer* timer = nullptr;
};

}  // namespace

struct FakeLivy::State {
    State(asio::io_context& io_context, FakeLivyOptions opts)
        : io(io_context),
          options(std::move(opts)),
          model(options.model),
          router(model, options.filters),
          acceptor(io_context) {}

    asio::io_context& io;
    FakeLivyOptions options;
    Model model;
    Router router;
    FaultPlan faults;
    std::vector<RecordedRequest> requests;
    std::uint64_t connections = 0;
    tcp::acceptor acceptor;
    unsigned short port = 0;
    bool stopped = false;
    std::uint64_t listens = 0;  ///< `start` calls; an accept loop of an earlier one ends
    std::map<std::uint64_t, Connection> live;
    std::map<std::string, std::uint64_t> routes;
};

namespace {

using State = FakeLivy::State;

// Removes a connection from the registry however its coroutine ends (also when the io_context is
// destroyed with the coroutine suspended: the frame owns a reference to the state).
class ConnectionGuard {
public:
    ConnectionGuard(std::shared_ptr<State> state, std::uint64_t id, Connection c)
        : state_(std::move(state)), id_(id) {
        state_->live.emplace(id_, c);
    }
    ~ConnectionGuard() { state_->live.erase(id_); }
    ConnectionGuard(const ConnectionGuard&) = delete;
    ConnectionGuard& operator=(const ConnectionGuard&) = delete;

private:
    std::shared_ptr<State> state_;
    std::uint64_t id_;
};

void log_failure(const std::exception_ptr& failure) {
    if (!failure) {
        return;
    }
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        spdlog::error("fake_livy: connection failed: {}", e.what());
    }
}

RecordedRequest record(const http::request<http::string_body>& req, std::uint64_t connection) {
    RecordedRequest out;
    out.connection = connection;
    out.method = std::string(req.method_string());
    out.target = std::string(req.target());
    for (const auto& field : req) {
        out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = req.body();
    return out;
}

// "GET /batches/{id}/state": the path with the object and statement ids replaced.
std::string route_of(const RecordedRequest& rec) {
    std::string out = rec.method + " ";
    const std::string path(rec.path());
    std::size_t index = 0;
    std::size_t pos = 0;
    while (pos < path.size()) {
        if (path[pos] == '/') {
            ++pos;
            continue;
        }
        const auto slash = path.find('/', pos);
        const auto seg = path.substr(pos, slash == std::string::npos ? std::string::npos : slash - pos);
        out += "/";
        out += index == 1 ? "{id}" : index == 3 ? "{sid}" : seg;
        ++index;
        pos = slash == std::string::npos ? path.size() : slash;
    }
    return index == 0 ? out + "/" : out;
}

Reply route_counts_reply(const State& st) {
    boost::json::object counts;
    for (const auto& [route, n] : st.routes) {
        counts[route] = n;
    }
    Reply r;
    r.status = 200;
    r.content_type = "application/json";
    r.body = boost::json::serialize(counts);
    return r;
}

http::response<http::string_body> to_beast(const Reply& reply, unsigned version, bool keep_alive) {
    http::response<http::string_body> res{static_cast<http::status>(reply.status), version};
    res.set(http::field::server, "Jetty(9.4.56.v20240826)");
    if (!reply.content_type.empty()) {
        res.set(http::field::content_type, reply.content_type);
    }
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "SAMEORIGIN");
    res.set("X-XSS-Protection", "1; mode=block");
    for (const auto& [name, value] : reply.headers) {
        res.set(name, value);
    }
    res.body() = reply.body;
    res.keep_alive(keep_alive);
    res.prepare_payload();
    return res;
}

void hard_close(beast::tcp_stream& stream) {
    boost::system::error_code ignored;
    stream.socket().set_option(asio::socket_base::linger(true, 0), ignored);
    stream.socket().close(ignored);
}

// Computes the reply for one request, applying the fault that matched it (if any). Returns
// nothing when the connection must be dropped without replying.
std::optional<Reply> answer(State& st, const RecordedRequest& rec, const std::optional<Fault>& fault) {
    if (fault && fault->action == FaultAction::drop_before_processing) {
        return std::nullopt;
    }
    if (fault && fault->action == FaultAction::reply) {
        Reply r;
        r.status = fault->status;
        r.body = fault->body;
        r.content_type = fault->content_type;
        return r;
    }
    if (fault && fault->action == FaultAction::collect_garbage) {
        st.model.collect_garbage();
    }
    auto reply = st.router.handle(rec);
    if (st.options.observer) {
        st.options.observer(rec, reply);
    }
    if (!fault) {
        return reply;
    }
    switch (fault->action) {
        case FaultAction::delay: reply.hold += fault->delay; break;
        case FaultAction::malformed_json:
            reply.body = reply.body.size() > 1 ? reply.body.substr(0, reply.body.size() / 2) : "{";
            break;
        case FaultAction::drop_after_processing: return std::nullopt;
        default: break;
    }
    return reply;
}

asio::awaitable<void> serve_connection(std::shared_ptr<State> st, tcp::socket socket, std::uint64_t id) {
    beast::tcp_stream stream(std::move(socket));
    asio::steady_timer timer(stream.get_executor());
    ConnectionGuard guard(st, id, Connection{&stream, &timer});
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(kBodyLimit);
        stream.expires_after(st->options.idle_timeout);
        auto [read_ec, read_n] = co_await http::async_read(stream, buffer, parser, kUseNothrow);
        if (read_ec || st->stopped) {
            break;  // end_of_stream is the client's normal close; other errors end the connection too
        }
        const auto& req = parser.get();
        auto rec = record(req, id);
        const bool introspection = rec.method == "GET" && rec.path() == "/_fake/requests";
        if (!introspection) {
            if (st->requests.size() < st->options.max_recorded_requests) {
                st->requests.push_back(rec);
            }
            ++st->routes[route_of(rec)];
        }
        const auto fault = introspection ? std::optional<Fault>{} : st->faults.match(rec.method, rec.path());
        auto reply = introspection ? std::optional<Reply>(route_counts_reply(*st)) : answer(*st, rec, fault);
        if (!reply) {
            hard_close(stream);
            co_return;
        }
        if (reply->hold.count() > 0) {
            timer.expires_after(reply->hold);
            co_await timer.async_wait(kUseNothrow);
            if (st->stopped) {
                co_return;
            }
        }
        const bool keep_alive = req.keep_alive();
        auto res = to_beast(*reply, req.version(), keep_alive);
        stream.expires_after(kWriteTimeout);
        if (fault && fault->action == FaultAction::reset_mid_reply) {
            std::ostringstream os;
            os << res;
            const auto wire = os.str();
            const auto n =
                fault->partial_bytes == 0 ? wire.size() / 2 : std::min(fault->partial_bytes, wire.size());
            co_await asio::async_write(stream, asio::buffer(wire.data(), n), kUseNothrow);
            hard_close(stream);
            co_return;
        }
        auto [write_ec, write_n] = co_await http::async_write(stream, res, kUseNothrow);
        if (write_ec || !keep_alive) {
            break;
        }
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> accept_loop(std::shared_ptr<State> st) {
    const std::uint64_t listen = st->listens;
    for (;;) {
        auto [ec, socket] = co_await st->acceptor.async_accept(kUseNothrow);
        if (st->stopped || !st->acceptor.is_open() || st->listens != listen) {
            co_return;
        }
        if (ec) {
            spdlog::warn("fake_livy: accept failed: {}", ec.message());
            continue;
        }
        const auto id = ++st->connections;
        asio::co_spawn(st->io, serve_connection(st, std::move(socket), id), log_failure);
    }
}

}  // namespace

FakeLivy::FakeLivy(asio::io_context& io, FakeLivyOptions options)
    : state_(std::make_shared<State>(io, std::move(options))) {}

FakeLivy::~FakeLivy() {
    stop();
}

void FakeLivy::start() {
    auto& st = *state_;
    // After a `stop`, listen on the port used before: clients find the server where it was.
    const tcp::endpoint endpoint(asio::ip::make_address(st.options.address),
                                 st.port != 0 ? st.port : st.options.port);
    st.acceptor.open(endpoint.protocol());
    st.acceptor.set_option(asio::socket_base::reuse_address(true));
    st.acceptor.bind(endpoint);
    st.acceptor.listen();
    st.port = st.acceptor.local_endpoint().port();
    st.stopped = false;
    ++st.listens;
    asio::co_spawn(st.io, accept_loop(state_), log_failure);
}

void FakeLivy::stop() {
    auto& st = *state_;
    st.stopped = true;
    boost::system::error_code ignored;
    st.acceptor.close(ignored);
    for (auto& [id, c] : st.live) {
        c.timer->cancel();
        c.stream->socket().close(ignored);
    }
}

unsigned short FakeLivy::port() const noexcept {
    return state_->port;
}

std::string FakeLivy::base_url() const {
    return "http://" + state_->options.address + ":" + std::to_string(state_->port);
}

Model& FakeLivy::model() noexcept {
    return state_->model;
}

RouterOptions& FakeLivy::filters() noexcept {
    return state_->options.filters;
}

void FakeLivy::add_fault(Fault fault) {
    state_->faults.add(std::move(fault));
}

void FakeLivy::clear_faults() noexcept {
    state_->faults.clear();
}

std::vector<unsigned> FakeLivy::faults_fired() const {
    return state_->faults.fired();
}

const std::vector<RecordedRequest>& FakeLivy::requests() const noexcept {
    return state_->requests;
}

void FakeLivy::clear_requests() noexcept {
    state_->requests.clear();
}

std::size_t FakeLivy::count_requests(std::string_view method, std::string_view path_pattern) const {
    std::size_t n = 0;
    for (const auto& r : state_->requests) {
        if ((method.empty() || r.method == method) && path_matches(path_pattern, r.path())) {
            ++n;
        }
    }
    return n;
}

std::map<std::string, std::uint64_t> FakeLivy::route_counts() const {
    return state_->routes;
}

std::uint64_t FakeLivy::route_count(std::string_view route) const {
    const auto it = state_->routes.find(std::string(route));
    return it == state_->routes.end() ? 0 : it->second;
}

void FakeLivy::clear_route_counts() noexcept {
    state_->routes.clear();
}

std::uint64_t FakeLivy::connections_accepted() const noexcept {
    return state_->connections;
}

}  // namespace steward::fake_livy
