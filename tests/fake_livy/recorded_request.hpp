#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::fake_livy {

/// One HTTP request as the fake received it (also the router's input). Plain data.
struct RecordedRequest {
    std::uint64_t connection = 0;  ///< 1-based number of the TCP connection it arrived on
    std::string method;            ///< "GET", "POST", ...
    std::string target;            ///< path and query, as sent
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    /// The first header called `name` (case-insensitive), if present.
    std::optional<std::string> header(std::string_view name) const;
    /// `target` without the query string.
    std::string_view path() const noexcept;
    /// The raw value of query parameter `key`, if present (no percent-decoding needed for the
    /// integer and word parameters Livy takes).
    std::optional<std::string> query(std::string_view key) const;
};

}  // namespace steward::fake_livy
