#include "livy_client/config.hpp"

#include <algorithm>
#include <cmath>

namespace livy {
namespace {

// initial * factor^(n-1), capped at max_ms, computed in double to avoid overflow.
double capped_exponential(Millis initial, double factor, int n, Millis max) {
    const double max_ms = static_cast<double>(max.count());
    double delay = static_cast<double>(initial.count());
    for (int i = 1; i < n && delay < max_ms; ++i) {
        delay *= std::max(1.0, factor);
    }
    return std::min(delay, max_ms);
}

}  // namespace

Millis backoff_delay(const RetryPolicy& policy, int retry, double unit_random) noexcept {
    const double base =
        capped_exponential(policy.initial_delay, policy.factor, std::max(retry, 1), policy.max_delay);
    const double jitter = std::clamp(policy.jitter, 0.0, 1.0);
    const double u = std::clamp(unit_random, 0.0, 1.0);
    const double scaled = base * (1.0 - jitter + 2.0 * jitter * u);
    const double capped = std::clamp(scaled, 0.0, static_cast<double>(policy.max_delay.count()));
    return Millis(static_cast<Millis::rep>(std::llround(capped)));
}

Millis poll_delay(const PollPolicy& policy, int poll) noexcept {
    const double d = capped_exponential(policy.initial, policy.factor, std::max(poll, 1), policy.max);
    return Millis(static_cast<Millis::rep>(std::llround(d)));
}

}  // namespace livy
