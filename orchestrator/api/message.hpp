#pragma once

// The API's view of an HTTP exchange, free of Beast so handlers and their tests need no sockets.

#include "orchestrator/core/access.hpp"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::api {

class StreamProducer;
class DeferredResponse;

/// An HTTP request as the handlers see it. Header names are lower-case.
struct Request {
    std::string method;                             ///< "GET", "POST", ... (upper-case)
    std::string path;                               ///< decoded path without the query ("/api/runs/3")
    std::multimap<std::string, std::string> query;  ///< decoded query parameters
    std::map<std::string, std::string> headers;     ///< lower-case names; the last value wins
    std::string body;
    /// The peer's IP address as text ("127.0.0.1", "::1"; an IPv4-mapped IPv6 peer is given as
    /// IPv4), set by the server; "" when unknown (requests built in tests).
    std::string remote_address;
    /// True when the request came over TLS (the server was configured with `http.tls`).
    bool tls = false;
    /// Lower-case names of the headers that appeared more than once, sorted, each once. `headers`
    /// keeps only the last value of such a header, so a check that must not be fooled by a
    /// second copy (an identity header) looks here first.
    std::vector<std::string> repeated_headers;
    std::optional<core::Principal> principal;  ///< who sent it; set by the gate before the handler

    /// The first value of query parameter `name`, or nullptr.
    [[nodiscard]] const std::string* query_param(std::string_view name) const;
    /// The header `lower_name`, or nullptr.
    [[nodiscard]] const std::string* header(std::string_view lower_name) const;
    /// True when header `lower_name` appeared more than once.
    [[nodiscard]] bool header_repeated(std::string_view lower_name) const;
    /// Adds a header as read from the wire: the name is lower-cased; a name seen before keeps
    /// the new value in `headers` and is listed (once, in order) in `repeated_headers`.
    void add_header(std::string_view name, std::string value);
};

/// An HTTP response to send. `body` is JSON unless `content_type` says otherwise. With a
/// `stream` (orchestrator/api/stream.hpp) `body` is ignored: the server writes the headers, then
/// whatever the producer writes, and closes the connection when it ends. With `deferred`
/// (orchestrator/api/read_offload.hpp) the rest is a placeholder: the server awaits `run()` and
/// sends the response it gives instead.
struct Response {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;  ///< extra headers (Location, Allow)
    std::shared_ptr<StreamProducer> stream;                    ///< a streaming body (SSE); null = `body`
    std::shared_ptr<DeferredResponse> deferred;                ///< computed later (off the io thread)
};

/// The named `{...}` segments of a matched route, e.g. {"id", "3"}.
using PathParams = std::map<std::string, std::string, std::less<>>;

/// Splits a request target into a decoded path and query parameters (percent-decoding, `+` as
/// space in the query). Returns false when the target is not an origin-form path ("/..."), or
/// contains an invalid escape. Pure.
bool parse_target(std::string_view target, std::string& path, std::multimap<std::string, std::string>& query);

}  // namespace steward::api
