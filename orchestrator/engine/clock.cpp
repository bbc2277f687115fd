#include "orchestrator/engine/clock.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <vector>

namespace steward::engine {

namespace asio = boost::asio;

namespace {
constexpr Millis kSliceMs = 60'000;
}  // namespace

Millis SystemClock::now() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

asio::awaitable<bool> SystemClock::wait_until(Millis due) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    for (;;) {
        const Millis left = due - now();
        if (left <= 0) {
            co_return true;
        }
        timer.expires_after(std::chrono::milliseconds(std::min(left, kSliceMs)));
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec) {
            co_return now() >= due;
        }
    }
}

/// One waiting coroutine: its due time and the timer it sleeps on.
struct ManualClock::Waiter {
    Millis due;
    asio::steady_timer* timer;
};

namespace {

/// Registers a waiter for the lifetime of the waiting frame (also when the frame is destroyed
/// without resuming, e.g. with its io_context).
class Registration {
public:
    Registration(std::map<std::uint64_t, ManualClock::Waiter*>& waiters, std::uint64_t id,
                 ManualClock::Waiter* waiter)
        : waiters_(waiters), id_(id) {
        waiters_.emplace(id, waiter);
    }
    ~Registration() { waiters_.erase(id_); }
    Registration(const Registration&) = delete;
    Registration& operator=(const Registration&) = delete;

private:
    std::map<std::uint64_t, ManualClock::Waiter*>& waiters_;
    std::uint64_t id_;
};

}  // namespace

asio::awaitable<bool> ManualClock::wait_until(Millis due) {
    if (now_ >= due) {
        co_return true;
    }
    asio::steady_timer timer(co_await asio::this_coro::executor, asio::steady_timer::time_point::max());
    Waiter waiter{due, &timer};
    const Registration registration(waiters_, next_id_++, &waiter);
    auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
    // Woken either by `advance` (due reached) or by cancellation of the awaiting operation.
    (void)ec;
    co_return now_ >= due;
}

void ManualClock::advance(Millis by) {
    if (by > 0) {
        now_ += by;
    }
    wake_due();
}

void ManualClock::set_now(Millis at) {
    now_ = std::max(now_, at);
    wake_due();
}

Millis ManualClock::next_due() const noexcept {
    Millis best = -1;
    for (const auto& [id, waiter] : waiters_) {
        if (best < 0 || waiter->due < best) {
            best = waiter->due;
        }
    }
    return best;
}

void ManualClock::wake_due() {
    std::vector<asio::steady_timer*> due;
    for (const auto& [id, waiter] : waiters_) {
        if (waiter->due <= now_) {
            due.push_back(waiter->timer);
        }
    }
    for (auto* timer : due) {
        timer->cancel();
    }
}

}  // namespace steward::engine
