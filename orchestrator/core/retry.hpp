#pragma once

#include "orchestrator/core/duration.hpp"

namespace steward::core {

/// How a failed step is retried: up to `max` more attempts, waiting `delay` before the first
/// retry, multiplied by `factor` for each further one, capped at `max_delay`.
/// Defaults: no retries, 30s, factor 2, 1h cap.
struct RetryPolicy {
    int max = 0;
    Duration delay = std::chrono::seconds(30);
    double factor = 2.0;
    Duration max_delay = std::chrono::hours(1);

    /// The wait before retry number `retry` (1 = the first retry):
    /// min(delay * factor^(retry-1), max_delay). Never negative, never overflows. Pure.
    [[nodiscard]] Duration delay_before(int retry) const noexcept;

    bool operator==(const RetryPolicy&) const = default;
};

}  // namespace steward::core
