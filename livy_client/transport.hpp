#pragma once

// HTTP transport of livy::Client (internal): headers, keep-alive pool, deadlines, one attempt
// per call with a transparent resend when a pooled connection turns out to be stale.

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

    /// One attempt (plus at most one transparent resend on a stale pooled connection). On
    /// failure the Error says whether the request may have reached the server
    /// (`outcome_unknown`). Reports `config.on_attempt` and bumps `stats`.
    boost::asio::awaitable<Result<HttpResponse>> send(const HttpRequest& request, int attempt);

    const BaseUrl& base() const noexcept { return base_; }
    spdlog::logger* logger() const noexcept { return logger_.get(); }

private:
    struct Acquired;
    boost::asio::awaitable<Result<HttpResponse>> send_on(const HttpRequest& request,
                                                         bool allow_stale_retry, bool& stale);
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
