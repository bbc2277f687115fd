#pragma once

// Internal to orch_engine: the one backoff shape of the engine's own waits (a run's re-drive, a
// step waiting for Livy to answer again).

#include <algorithm>
#include <chrono>

namespace steward::engine::detail {

/// The wait before try `n` (>= 1) of a doubling backoff: `first` doubled `n - 1` times, at most
/// `cap`. Pure.
[[nodiscard]] inline std::chrono::milliseconds doubling_delay(std::chrono::milliseconds first,
                                                              std::chrono::milliseconds cap, int n) noexcept {
    auto delay = first;
    for (int i = 1; i < n && delay < cap; ++i) {
        delay *= 2;
    }
    return std::min(delay, cap);
}

}  // namespace steward::engine::detail
