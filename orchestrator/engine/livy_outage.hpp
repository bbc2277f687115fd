#pragma once

// Internal to orch_engine: how a step's Livy poll loop waits out a Livy that does not answer.

#include "orchestrator/engine/step_call.hpp"

#include "livy_client/error.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string_view>

namespace steward::engine::detail {

/// Kind of the run condition set while Livy does not answer (docs/engine.md, "Run conditions").
inline constexpr std::string_view kLivyUnreachable = "livy_unreachable";

/// True when `error` says Livy was not reached or did not answer usefully (no connection, no
/// reply in time, a 5xx): worth waiting for, never a reason to fail the step.
[[nodiscard]] bool is_outage(const livy::Error& error) noexcept;

/// The delay before try `failures + 1` after `failures` failed tries in a row: the poll interval
/// doubled per failure, at most `EngineSettings::livy_outage_max_backoff` (never below the poll
/// interval). Pure; never throws.
[[nodiscard]] std::chrono::milliseconds outage_delay(const EngineSettings& settings, int failures) noexcept;

/// One poll loop's view of Livy's availability. While its calls fail with an outage
/// (`is_outage`), `wait` puts the condition `livy_unreachable` on the run (what failed, and when
/// the next try is; its `since` stays the first failure's) and waits with backoff
/// (`outage_delay`); `answered` clears the condition once Livy answers again. Waiting never fails
/// the step nor uses one of its retries; the step's deadline and a cancel still interrupt it (the
/// wait throws then, like every cancelled wait). Not thread-safe; one per loop.
class LivyOutage {
public:
    /// Records failed call `error` (one more failure in a row), updates the run's condition and
    /// waits (real time) before the caller's next try: `outage_delay`, or with `backoff` false one
    /// poll interval (callers whose tries are counted against a bound keep their pace).
    boost::asio::awaitable<void> wait(StepCall& call, const livy::Error& error, bool backoff = true);
    /// Livy answered: clears the run's `livy_unreachable` condition if this loop set it.
    void answered(StepCall& call);
    /// Failed tries in a row so far.
    [[nodiscard]] int failures() const noexcept { return failures_; }

private:
    int failures_ = 0;
};

}  // namespace steward::engine::detail
