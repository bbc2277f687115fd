#pragma once

#include "orchestrator/core/duration_field.hpp"

namespace steward::core {

/// How a failed step is retried: up to `max` more attempts, waiting `delay` before the first
/// retry, multiplied by `factor` for each further one, capped at `max_delay`.
/// Defaults: no retries, 30s, factor 2, 1h cap. `delay` and `max_delay` may be interpolated; the
/// engine resolves them (`resolve_duration`) when it schedules a retry.
struct RetryPolicy {
    int max = 0;
    DurationField delay = Duration(std::chrono::seconds(30));
    double factor = 2.0;
    DurationField max_delay = Duration(std::chrono::hours(1));

    /// The wait before retry number `retry` (1 = the first retry), given the policy's `delay` and
    /// `max_delay` resolved: min(delay * factor^(retry-1), max_delay). Never negative, never
    /// overflows. Pure.
    [[nodiscard]] Duration delay_before(int retry, Duration delay_now, Duration max_delay_now) const noexcept;

    bool operator==(const RetryPolicy&) const = default;
};

}  // namespace steward::core
