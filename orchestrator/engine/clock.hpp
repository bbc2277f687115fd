#pragma once

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <map>

namespace steward::engine {

/// Engine time: milliseconds since the Unix epoch (the store's `Millis`).
using Millis = std::int64_t;

/// The engine's only source of time, injected so tests can move it by hand.
///
/// `wait_until` completes once `now() >= due`: with `true` when the time came, with `false` when
/// the awaiting operation was cancelled first (asio per-operation cancellation: the losing side of
/// `||`, or a cancellation slot bound to the coroutine). A due time already passed completes at
/// once. Threading: use from the io_context thread that runs the engine; `wait_until` must be
/// awaited on that thread's executor. Never throws except bad_alloc and asio's cancellation
/// exception when the awaiting coroutine was cancelled before it began waiting.
class Clock {
public:
    virtual ~Clock() = default;
    /// The current time.
    [[nodiscard]] virtual Millis now() const = 0;
    /// Waits until `now() >= due` (see class comment).
    virtual boost::asio::awaitable<bool> wait_until(Millis due) = 0;
};

/// Production clock: the system clock for `now()`, a steady_timer for waiting. Long waits are
/// split into slices of at most a minute and re-checked against the system clock, so a clock
/// that is set forward or back is noticed within a minute. Stateless; one instance may serve any
/// number of waiters on one io_context.
class SystemClock final : public Clock {
public:
    [[nodiscard]] Millis now() const override;
    boost::asio::awaitable<bool> wait_until(Millis due) override;
};

/// Test clock: time stands still until `advance` or `set_now` moves it, which wakes every waiter
/// whose due time has come (no real time passes; waiters sleep on timers that never expire by
/// themselves and are woken by cancellation). The clock must outlive its waiters' coroutine
/// frames. Threading: the io_context thread only (tests call `advance` between `run_one` calls).
class ManualClock final : public Clock {
public:
    explicit ManualClock(Millis start) noexcept : now_(start) {}

    [[nodiscard]] Millis now() const override { return now_; }
    boost::asio::awaitable<bool> wait_until(Millis due) override;

    /// Moves time forward by `by` (>= 0; negative is ignored) and wakes the waiters now due.
    void advance(Millis by);
    /// Sets the time (never backwards) and wakes the waiters now due.
    void set_now(Millis at);
    /// How many coroutines are waiting.
    [[nodiscard]] std::size_t waiting() const noexcept { return waiters_.size(); }
    /// The earliest due time of a waiter, or -1 when none waits.
    [[nodiscard]] Millis next_due() const noexcept;

    struct Waiter;

private:
    void wake_due();

    Millis now_;
    std::uint64_t next_id_ = 0;
    std::map<std::uint64_t, Waiter*> waiters_;
};

}  // namespace steward::engine
