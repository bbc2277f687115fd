#include "orchestrator/core/retry.hpp"

#include <algorithm>
#include <cmath>

namespace steward::core {

Duration RetryPolicy::delay_before(int retry, Duration delay_now, Duration max_delay_now) const noexcept {
    const double cap = static_cast<double>(std::max(max_delay_now, Duration::zero()).count());
    double wait = static_cast<double>(std::max(delay_now, Duration::zero()).count());
    for (int i = 1; i < retry && wait < cap; ++i) {
        wait *= std::max(factor, 1.0);
    }
    return Duration(static_cast<Duration::rep>(std::min(wait, cap)));
}

}  // namespace steward::core
