#pragma once

// HTTP transport of livy::Client (internal): headers, keep-alive pool, deadlines, one attempt
// per call; pooled connections the server has closed are dropped before reuse.

#include "livy_client/client.hpp"
#include "livy_client/config.hpp"
#include "livy_client/error.hpp"
#include "livy_client/url.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spdlog {
class logger;
}

namespace livy {

class Connection;

enum class Method { get, post, del };

/// "GET", "POST", "DELETE".
std::string_view to_string(Method m) noexcept;

/// A request relative to the base URL; `target` already includes the prefix and query.
struct HttpRequest {
    Method method = Method::get;
    std::string target;
    std::optional<std::string> body;
};

/// Any HTTP response (2xx or not).
struct HttpResponse {
    int status = 0;
    std::string body;
};

/// Owns the TLS context and the connection pool. Not thread-safe (client executor only).
class Transport {
public:
    /// Throws std::invalid_argument when the CA file cannot be loaded.
    Transport(boost::asio::any_io_executor executor, const ClientConfig& config, BaseUrl base,
              ClientStats& stats, std::shared_ptr<spdlog::logger> logger);
    ~Transport();

    /// One attempt. On failure the Error says whether the request may have reached the server
    /// (`outcome_unknown`); `stale` is set when a reused pooled connection failed before any
    /// response byte arrived (most likely closed by the server while idle, but the server may
    /// also have processed the request: only idempotent requests may be re-sent at once).
    /// Reports `config.on_attempt` and bumps `stats`.
    boost::asio::awaitable<Result<HttpResponse>> send(const HttpRequest& request, int attempt, bool& stale);

    const BaseUrl& base() const noexcept { return base_; }
    spdlog::logger* logger() const noexcept { return logger_.get(); }

private:
    boost::asio::awaitable<Result<HttpResponse>> send_on(const HttpRequest& request, bool& stale);
    std::unique_ptr<Connection> take_idle();
    void give_back(std::unique_ptr<Connection> c);

    boost::asio::any_io_executor executor_;
    const ClientConfig& config_;
    BaseUrl base_;
    ClientStats& stats_;
    std::shared_ptr<spdlog::logger> logger_;
    std::string authorization_;
    struct TlsHolder;
    std::unique_ptr<TlsHolder> tls_;
    std::vector<std::unique_ptr<Connection>> idle_;
};

}  // namespace livy
