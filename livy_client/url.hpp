#pragma once

// Base URL handling (internal to livy_client; unit-tested).

#include "livy_client/error.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace livy {

/// A parsed Livy base URL.
struct BaseUrl {
    bool https = false;
    std::string host;         ///< without IPv6 brackets, for resolving and SNI
    std::string port;         ///< always set: explicit, else "80" / "443"
    std::string prefix;       ///< path prefix without trailing '/', "" or e.g. "/livy"
    std::string host_header;  ///< Host header value: host (bracketed if IPv6) plus ":port" if explicit
};

/// Parses http[s]://host[:port][/prefix]. Errc::invalid_request naming the problem for another
/// scheme, a missing host, a bad port, a query/fragment or credentials in the URL. Pure.
Result<BaseUrl> parse_base_url(std::string_view url);

/// Percent-encodes one path segment (RFC 3986 unreserved characters stay as they are). Pure.
std::string encode_path_segment(std::string_view segment);

/// prefix + path + "?k=v&..." (values percent-encoded; an empty list adds no '?'). Pure.
std::string make_target(const BaseUrl& base, std::string_view path,
                        const std::vector<std::pair<std::string, std::string>>& query = {});

/// The route of a request target: `base.prefix` and the query dropped, and the segment after
/// `batches`, `sessions` or `statements` replaced by `{id}` ("/livy/batches/7/log?from=0" ->
/// "/batches/{id}/log"), so metrics label by route, never by object. Pure.
std::string route_template(const BaseUrl& base, std::string_view target);

}  // namespace livy
