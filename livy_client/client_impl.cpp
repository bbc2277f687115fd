#include "livy_client/client_impl.hpp"

#include "livy_client/error_body.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <stdexcept>

namespace livy {

namespace asio = boost::asio;

namespace {

std::shared_ptr<spdlog::logger> pick_logger(const ClientConfig& config) {
    return config.logger ? config.logger : spdlog::get("livy");
}

BaseUrl checked_base(const ClientConfig& config) {
    auto base = parse_base_url(config.base_url);
    if (!base) {
        throw std::invalid_argument("livy base_url: " + base.error().message);
    }
    const auto& r = config.retry;
    const auto& p = config.poll;
    auto require = [](bool ok, const char* what) {
        if (!ok) {
            throw std::invalid_argument(std::string("livy ") + what);
        }
    };
    require(r.max_attempts >= 1, "retry.max_attempts: must be at least 1");
    require(r.factor >= 1.0, "retry.factor: must be at least 1");
    require(r.jitter >= 0.0 && r.jitter <= 1.0, "retry.jitter: must be within [0, 1]");
    require(r.initial_delay.count() >= 0 && r.max_delay >= r.initial_delay,
            "retry delays: need 0 <= initial_delay <= max_delay");
    require(p.factor >= 1.0, "poll.factor: must be at least 1");
    require(p.initial.count() > 0 && p.max >= p.initial, "poll delays: need 0 < initial <= max");
    require(config.connect_timeout.count() > 0, "connect_timeout: must be positive");
    require(config.request_timeout.count() > 0, "request_timeout: must be positive");
    require(config.max_response_bytes > 0, "max_response_bytes: must be positive");
    return std::move(*base);
}

std::mt19937_64 make_rng(const RetryPolicy& policy) {
    if (policy.jitter_seed) {
        return std::mt19937_64(*policy.jitter_seed);
    }
    std::random_device rd;
    return std::mt19937_64((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
}

bool retryable_error(const Error& e) {
    return e.code == Errc::connection || e.code == Errc::timeout;
}

}  // namespace

Client::Impl::Impl(asio::any_io_executor ex, ClientConfig cfg)
    : executor(std::move(ex)),
      config(std::move(cfg)),
      base(checked_base(config)),
      logger(pick_logger(config)),
      rng(make_rng(config.retry)),
      transport(executor, config, base, stats, logger) {}

Client::Impl::Call::~Call() {
    impl_.stats.last_call_attempts = attempts_;
    ++impl_.stats.total_calls;
}

std::string Client::Impl::target(std::string_view path, const Query& query) const {
    return make_target(base, path, query);
}

void Client::Impl::warn_undecodable(const Error& error) const {
    if (logger) {
        logger->warn("{} {}: undecodable reply: {}", error.method, error.target, error.message);
    }
}

Millis Client::Impl::next_backoff(int retry) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    return backoff_delay(config.retry, retry, unit(rng));
}

asio::awaitable<bool> Client::Impl::pause(Millis delay) {
    try {
        asio::steady_timer timer(executor, delay);
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        co_return !ec;
    } catch (const boost::system::system_error& e) {
        // Raised by co_await once the coroutine has been cancelled (throw_if_cancelled).
        if (e.code() == asio::error::operation_aborted) {
            co_return false;
        }
        throw;
    }
}

asio::awaitable<Result<HttpResponse>> Client::Impl::execute(const HttpRequest& request, Retry retry,
                                                            Call& call) {
    const int max_attempts = retry == Retry::idempotent ? config.retry.max_attempts : 1;
    for (int attempt = 1;; ++attempt) {
        Result<HttpResponse> r = make_error(Errc::cancelled, "cancelled");
        bool stale = false;
        try {
            r = co_await transport.send(request, call.next_attempt(), stale);
        } catch (const boost::system::system_error& e) {
            if (e.code() != asio::error::operation_aborted) {
                throw;
            }
            Error err = make_error(Errc::cancelled, "cancelled");
            err.method = std::string(to_string(request.method));
            err.target = request.target;
            err.outcome_unknown = true;
            co_return err;
        }
        const bool transient = r ? is_retryable_status(r->status) : retryable_error(r.error());
        if (!transient || attempt >= max_attempts) {
            co_return r;
        }
        if (stale) {
            // A pooled connection the server closed while idle: reconnect at once, no backoff.
            ++stats.reconnects;
            if (logger) {
                logger->debug("{} {}: pooled connection closed by the server, reconnecting",
                              to_string(request.method), request.target);
            }
            continue;
        }
        const Millis delay = next_backoff(attempt);
        if (logger) {
            logger->warn("{} {}: {}; retry {}/{} in {} ms", to_string(request.method), request.target,
                         r ? "HTTP " + std::to_string(r->status) : r.error().message, attempt,
                         max_attempts - 1, delay.count());
        }
        if (!co_await pause(delay)) {
            Error err = make_error(Errc::cancelled, "cancelled while waiting to retry");
            err.method = std::string(to_string(request.method));
            err.target = request.target;
            co_return err;
        }
    }
}

asio::awaitable<Result<std::string>> Client::Impl::fetch(const HttpRequest& request, Retry retry,
                                                         Call& call) {
    Result<HttpResponse> r = co_await execute(request, retry, call);
    if (!r) {
        co_return r.error();
    }
    if (r->status < 200 || r->status >= 300) {
        co_return http_error(r->status, r->body, std::string(to_string(request.method)), request.target);
    }
    co_return std::move(r->body);
}

Query page_query(std::optional<std::int64_t> from, std::optional<std::int64_t> size) {
    Query q;
    if (from) {
        q.emplace_back("from", std::to_string(*from));
    }
    if (size) {
        q.emplace_back("size", std::to_string(*size));
    }
    return q;
}

}  // namespace livy
