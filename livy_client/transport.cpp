#include "livy_client/transport.hpp"

#include "livy_client/connection.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/verb.hpp>

#include <openssl/evp.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <stdexcept>

namespace livy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

struct Transport::TlsHolder {
    asio::ssl::context context{asio::ssl::context::tls_client};
};

namespace {

std::string base64(std::string_view in) {
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

http::verb verb(Method m) {
    switch (m) {
        case Method::get: return http::verb::get;
        case Method::post: return http::verb::post;
        case Method::del: return http::verb::delete_;
    }
    return http::verb::get;
}

bool is_stale_connection_error(const error_code& ec) {
    return ec == http::error::end_of_stream || ec == asio::error::eof ||
           ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
           ec == asio::ssl::error::stream_truncated || ec == http::error::partial_message;
}

bool is_tls_error(const error_code& ec) {
    return ec.category() == asio::error::get_ssl_category() ||
           (ec.category() == asio::ssl::error::get_stream_category() &&
            ec != asio::ssl::error::stream_truncated);
}

Error transport_error(const error_code& ec, const HttpRequest& request, bool outcome_unknown,
                      std::string_view phase) {
    Error e;
    e.method = std::string(to_string(request.method));
    e.target = request.target;
    e.outcome_unknown = outcome_unknown;
    if (ec == asio::error::operation_aborted) {
        e.code = Errc::cancelled;
    } else if (ec == beast::error::timeout) {
        e.code = Errc::timeout;
    } else if (ec == http::error::body_limit) {
        e.code = Errc::bad_response;
    } else if (is_tls_error(ec)) {
        e.code = Errc::tls;
    } else {
        e.code = Errc::connection;
    }
    e.message = std::string(phase) + ": " + ec.message();
    return e;
}

}  // namespace

std::string_view to_string(Method m) noexcept {
    switch (m) {
        case Method::get: return "GET";
        case Method::post: return "POST";
        case Method::del: return "DELETE";
    }
    return "GET";
}

Transport::Transport(asio::any_io_executor executor, const ClientConfig& config, BaseUrl base,
                     ClientStats& stats, std::shared_ptr<spdlog::logger> logger)
    : executor_(std::move(executor)),
      config_(config),
      base_(std::move(base)),
      stats_(stats),
      logger_(std::move(logger)) {
    if (config_.auth) {
        authorization_ = "Basic " + base64(config_.auth->user + ":" + config_.auth->password);
    }
    if (base_.https) {
        tls_ = std::make_unique<TlsHolder>();
        auto& ctx = tls_->context;
        ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                        asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                        asio::ssl::context::no_tlsv1_1);
        if (config_.tls.verify_peer) {
            error_code ec;
            ctx.set_default_verify_paths(ec);
            if (config_.tls.ca_file) {
                ctx.load_verify_file(*config_.tls.ca_file, ec);
                if (ec) {
                    throw std::invalid_argument("livy tls.ca_file: cannot load '" + *config_.tls.ca_file +
                                                "': " + ec.message());
                }
            }
            ctx.set_verify_mode(asio::ssl::verify_peer);
        } else {
            ctx.set_verify_mode(asio::ssl::verify_none);
        }
    }
}

Transport::~Transport() {
    for (auto& c : idle_) {
        c->close();
    }
}

std::unique_ptr<Connection> Transport::take_idle() {
    const auto now = std::chrono::steady_clock::now();
    while (!idle_.empty()) {
        std::unique_ptr<Connection> c = std::move(idle_.back());
        idle_.pop_back();
        if (now - c->idle_since <= config_.max_idle_time && c->idle_and_open()) {
            c->reused = true;
            return c;
        }
        c->close();
    }
    return nullptr;
}

void Transport::give_back(std::unique_ptr<Connection> c) {
    if (idle_.size() >= config_.max_idle_connections) {
        c->close();
        return;
    }
    c->idle_since = std::chrono::steady_clock::now();
    idle_.push_back(std::move(c));
}

asio::awaitable<Result<HttpResponse>> Transport::send_on(const HttpRequest& request, bool& stale) {
    stale = false;
    std::unique_ptr<Connection> conn = take_idle();
    if (!conn) {
        conn = std::make_unique<Connection>(executor_, tls_ ? &tls_->context : nullptr);
        const error_code ec = co_await conn->connect(base_, config_.connect_timeout);
        if (ec) {
            conn->close();
            co_return transport_error(ec, request, false, "connect to " + base_.host_header);
        }
        ++stats_.connections_opened;
    }

    http::request<http::string_body> req{verb(request.method), request.target, 11};
    req.set(http::field::host, base_.host_header);
    req.set(http::field::user_agent, config_.user_agent);
    req.set(http::field::accept, "application/json");
    req.set(http::field::content_type, "application/json");
    req.set("X-Requested-By", config_.requested_by);
    if (!authorization_.empty()) {
        req.set(http::field::authorization, authorization_);
    }
    req.keep_alive(true);
    if (request.body) {
        req.body() = *request.body;
    }
    req.prepare_payload();

    Exchange ex = co_await conn->exchange(req, config_.request_timeout, config_.max_response_bytes);
    if (ex.ec) {
        const bool was_reused = conn->reused;
        conn->close();
        if (was_reused && !ex.got_bytes && is_stale_connection_error(ex.ec)) {
            stale = true;  // most likely the server closed the idle connection
        }
        co_return transport_error(ex.ec, request, true, ex.wrote ? "read response" : "send request");
    }
    if (ex.keep_alive) {
        give_back(std::move(conn));
    } else {
        conn->close();
    }
    co_return HttpResponse{ex.status, std::move(ex.body)};
}

asio::awaitable<Result<HttpResponse>> Transport::send(const HttpRequest& request, int attempt, bool& stale) {
    const auto start = std::chrono::steady_clock::now();
    ++stats_.total_attempts;
    Result<HttpResponse> result = co_await send_on(request, stale);
    const auto ms = std::chrono::duration_cast<Millis>(std::chrono::steady_clock::now() - start);
    AttemptEvent event{std::string(to_string(request.method)),
                       request.target,
                       attempt,
                       result ? result->status : 0,
                       result ? std::string() : result.error().message,
                       route_template(base_, request.target),
                       std::chrono::steady_clock::now() - start};
    if (logger_) {
        if (result) {
            logger_->debug("{} {} -> {} ({} ms, attempt {})", event.method, event.target, event.status,
                           ms.count(), attempt);
        } else {
            logger_->debug("{} {} failed: {} ({} ms, attempt {})", event.method, event.target, event.error,
                           ms.count(), attempt);
        }
    }
    if (config_.on_attempt) {
        config_.on_attempt(event);
    }
    co_return result;
}

}  // namespace livy
