#pragma once

// Configuration of livy::Client. Plain value types; copy freely. All durations are configurable so
// integration tests can run with millisecond delays.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace spdlog {
class logger;
}

namespace livy {

using Millis = std::chrono::milliseconds;

/// Retry policy for idempotent requests (GET, DELETE, statement cancel) and for resolving creates
/// whose outcome is unknown. The delay before retry n (n = 1 for the first retry) is
/// `min(max_delay, initial_delay * factor^(n-1))`, then scaled by a jitter factor drawn uniformly
/// from [1 - jitter, 1 + jitter] and clamped to max_delay (see `backoff_delay`).
struct RetryPolicy {
    int max_attempts = 4;  ///< total attempts per call including the first (>= 1)
    Millis initial_delay{200};
    double factor = 2.0;  ///< >= 1
    Millis max_delay{5000};
    double jitter = 0.2;  ///< 0 .. 1; 0 disables jitter
    /// Seed of the client's jitter generator; unset = seeded from std::random_device.
    std::optional<std::uint64_t> jitter_seed;
};

/// Poll backoff of the waiting helpers: first delay `initial`, multiplied by `factor` after each
/// poll, capped at `max` (no jitter).
struct PollPolicy {
    Millis initial{200};
    double factor = 1.5;  ///< >= 1
    Millis max{5000};
};

/// HTTP Basic credentials (Livy `auth.type = ldap`). The password is never logged.
struct BasicAuth {
    std::string user;
    std::string password;
};

/// TLS settings for https base URLs. Verification (chain + hostname, with SNI) is on by default.
struct TlsConfig {
    bool verify_peer = true;
    /// PEM CA bundle to trust in addition to the system default paths.
    std::optional<std::string> ca_file;
};

/// Reported to `ClientConfig::on_attempt` after every HTTP attempt (one HTTP exchange), including retries,
/// immediate reconnects after a stale pooled connection and the name lookups of a create. `status` is 0 when
/// no response arrived; `error` is empty on a response. Called on the client's executor.
struct AttemptEvent {
    std::string method;
    std::string target;  ///< path and query, including the base URL prefix
    int attempt = 1;     ///< 1-based attempt number within the call
    int status = 0;
    std::string error;  ///< local failure text (timeout, connection refused, ...)
    /// `target` without the base URL prefix and the query, each id replaced by `{id}`
    /// ("/batches/{id}/log"): a bounded label for metrics. See `route_template`.
    std::string route;
    std::chrono::steady_clock::duration elapsed{};  ///< from sending the request to the outcome
};

/// Configuration of `livy::Client`.
struct ClientConfig {
    /// http[s]://host[:port][/prefix]; default ports 80/443; a path prefix (e.g. https://gw/livy)
    /// is prepended to every request path.
    std::string base_url = "http://127.0.0.1:8998";
    std::string requested_by = "steward";  ///< X-Requested-By (Livy CSRF protection)
    std::string user_agent = "steward-livy-client/0.1";
    std::optional<BasicAuth> auth;
    TlsConfig tls;

    Millis connect_timeout{10'000};        ///< resolve + TCP connect + TLS handshake
    Millis request_timeout{60'000};        ///< write request + read response, per attempt
    std::size_t max_idle_connections = 4;  ///< keep-alive pool size per client
    Millis max_idle_time{15'000};          ///< pooled connections idle longer are closed, not reused
    std::size_t max_response_bytes = 64 * 1024 * 1024;

    RetryPolicy retry;
    PollPolicy poll;

    /// Logger for call summaries (debug) and retries (warn). Unset: `spdlog::get("livy")`, and if
    /// that does not exist, logging is off.
    std::shared_ptr<spdlog::logger> logger;
    /// Optional hook for tests and metrics; see AttemptEvent.
    std::function<void(const AttemptEvent&)> on_attempt;
};

/// Delay before retry number `retry` (1-based) under `policy`, with `unit_random` in [0, 1)
/// selecting the jitter (0.5 = no jitter). Pure; never throws.
Millis backoff_delay(const RetryPolicy& policy, int retry, double unit_random) noexcept;

/// Delay before poll number `poll` (1-based) under `policy`. Pure; never throws.
Millis poll_delay(const PollPolicy& policy, int poll) noexcept;

}  // namespace livy
