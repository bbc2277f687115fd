#pragma once

// Times in query parameters (`GET /api/runs?since=...&until=...`). Pure.

#include "orchestrator/api/errors.hpp"
#include "orchestrator/api/message.hpp"
#include "orchestrator/store/records.hpp"

#include <optional>
#include <string_view>

namespace steward::api {

/// Milliseconds since the epoch of an ISO-8601 / RFC 3339 time: `2026-12-07T14:00:00Z`, with
/// optional fractional seconds (milliseconds kept, the rest dropped) and `Z` or a `+HH:MM` /
/// `-HH:MM` offset (`t`/`z` in lower case and a space for `T` are accepted too), or a date
/// alone, `2026-12-07`, meaning its midnight UTC. Years 0000..9999. nullopt for anything else,
/// such as an impossible date (`2026-02-30`). Pure.
[[nodiscard]] std::optional<store::Millis> parse_iso_time(std::string_view text) noexcept;

/// Query parameter `name` as such a time; nullopt when absent or empty. Errors:
/// Errc::invalid_param "query parameter 'since' must be an ISO-8601 time such as
/// 2026-12-07T14:00:00Z or a date such as 2026-12-07, got 'x'".
[[nodiscard]] ApiResult<std::optional<store::Millis>> time_query(const Request& request,
                                                                 std::string_view name);

}  // namespace steward::api
