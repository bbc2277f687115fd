#pragma once

// A small blocking HTTP client for the CLI commands that talk to a running server
// (`steward runs`, `steward tasks`, `steward task complete`).

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::app {

/// The reply to one API call. `error` is set (and `status` 0) when no complete response arrived.
struct ApiReply {
    int status = 0;
    std::string body;
    std::string error;
    bool unreachable = false;  // the server could not be resolved or connected to
};

/// The server URL for client commands: `flag` if given, else $STEWARD_SERVER, else
/// http://127.0.0.1:8080. Never throws but bad_alloc.
[[nodiscard]] std::string server_url(const std::optional<std::string>& flag);

/// Performs one HTTP/1.1 request against `server` (an http:// or https:// URL, optionally with a
/// path prefix) on a fresh connection; https verifies the server's certificate against the system
/// roots (or SSL_CERT_FILE / SSL_CERT_DIR) and the URL's host, with `timeout` for the whole exchange
/// (resolve, connect, write, read; at most 16 MiB of response). Failures to reach the server come back in
/// `error`, naming the server ("cannot connect to http://127.0.0.1:8080: Connection refused"). Blocking: runs
/// its own io_context on the calling thread. Never throws but bad_alloc.
[[nodiscard]] ApiReply api_call(std::string_view server, std::string_view method, std::string_view target,
                                std::string_view body = {},
                                const std::vector<std::pair<std::string, std::string>>& headers = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(30));

/// One line describing a failed call for the CLI: the transport error (when the server is
/// unreachable, with a hint: "is 'steward serve' running? set --server or STEWARD_SERVER"), or
/// "HTTP 409 task_closed: <message>" from the API's error body (the raw body when it is not one).
[[nodiscard]] std::string describe_failure(const ApiReply& reply);

/// Percent-encodes a query parameter value. Pure.
[[nodiscard]] std::string query_escape(std::string_view text);

}  // namespace steward::app
