#pragma once

// Private state of livy::Client and the shared request machinery (internal).

#include "livy_client/client.hpp"
#include "livy_client/transport.hpp"
#include "livy_client/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace livy {

/// How a request may be repeated.
enum class Retry {
    idempotent,  ///< GET, DELETE, statement cancel: retried on transient failures
    once,        ///< POSTs: never repeated by the generic machinery
};

using Query = std::vector<std::pair<std::string, std::string>>;

/// Attaches method/target to a parse error.
template <class T>
Result<T> with_request(Result<T> r, const HttpRequest& request) {
    if (!r && r.error().target.empty()) {
        Error e = r.error();
        e.method = std::string(to_string(request.method));
        e.target = request.target;
        return e;
    }
    return r;
}

class Client::Impl {
public:
    Impl(boost::asio::any_io_executor executor, ClientConfig config);

    /// Counts the HTTP attempts of one public call; stores them in stats when destroyed.
    class Call {
    public:
        explicit Call(Impl& impl) : impl_(impl) {}
        ~Call();
        Call(const Call&) = delete;
        Call& operator=(const Call&) = delete;
        int next_attempt() { return ++attempts_; }
        int attempts() const { return attempts_; }

    private:
        Impl& impl_;
        int attempts_ = 0;
    };

    /// Sends `request`; for Retry::idempotent, retries connection errors, timeouts and
    /// 502/503/504 with backoff up to retry.max_attempts. Returns any HTTP response (2xx or not)
    /// or the last transport error. Cancellation -> Errc::cancelled.
    boost::asio::awaitable<Result<HttpResponse>> execute(const HttpRequest& request, Retry retry, Call& call);

    /// `execute`, then: 2xx -> the body; otherwise the decoded http error (404 -> not_found).
    boost::asio::awaitable<Result<std::string>> fetch(const HttpRequest& request, Retry retry, Call& call);

    /// Waits `delay` on a steady_timer; false when cancelled.
    boost::asio::awaitable<bool> pause(Millis delay);

    /// Delay before retry `retry` (1-based), with jitter from the client's generator.
    Millis next_backoff(int retry);

    /// prefix + path + query.
    std::string target(std::string_view path, const Query& query = {}) const;

    /// `with_request`, and a warn line naming the route when the reply could not be decoded.
    template <class T>
    Result<T> decoded(Result<T> r, const HttpRequest& request) const {
        r = with_request(std::move(r), request);
        if (!r && r.error().code == Errc::bad_response) {
            warn_undecodable(r.error());
        }
        return r;
    }
    /// Logs an undecodable reply at warn ("GET /batches/x: undecodable reply: ...").
    void warn_undecodable(const Error& error) const;

    boost::asio::any_io_executor executor;
    ClientConfig config;
    BaseUrl base;
    ClientStats stats;
    std::shared_ptr<spdlog::logger> logger;
    std::mt19937_64 rng;
    Transport transport;
};

/// Query parameters for a Page/LogRange (only set fields).
Query page_query(std::optional<std::int64_t> from, std::optional<std::int64_t> size);

}  // namespace livy
