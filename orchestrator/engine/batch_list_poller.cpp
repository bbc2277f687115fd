#include "orchestrator/engine/batch_list_poller.hpp"

#include "livy_client/client.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace steward::engine::detail {

namespace asio = boost::asio;

namespace {

constexpr auto kUseNothrow = asio::as_tuple(asio::use_awaitable);
constexpr int kFailuresBeforeBackoff = 3;
constexpr int kMaxSkippedRounds = 32;

std::shared_ptr<spdlog::logger> engine_logger() {
    auto named = spdlog::get("engine");
    return named ? named : spdlog::default_logger();
}

}  // namespace

struct BatchListPoller::Subscriber {
    Subscriber(const asio::any_io_executor& executor, livy::Id batch_id)
        : id(std::move(batch_id)), timer(executor, asio::steady_timer::time_point::max()) {}

    livy::Id id;
    bool active = true;
    std::uint64_t consumed = 0;  ///< the round last returned by `next`
    std::uint64_t round = 0;     ///< the round `sighting` comes from
    BatchSighting sighting;
    asio::steady_timer timer;  ///< `next` waits on it; cancelled when a round is delivered
};

struct BatchListPoller::State {
    State(const asio::any_io_executor& ex, livy::Client& livy_client, EngineSettings engine_settings)
        : executor(ex),
          client(&livy_client),
          settings(std::move(engine_settings)),
          sleep(ex),
          deadline(ex),
          ended(ex, asio::steady_timer::time_point::max()) {}

    asio::any_io_executor executor;
    livy::Client* client;
    EngineSettings settings;
    std::vector<std::shared_ptr<Subscriber>> subscribers;
    bool running = false;
    bool stopped = false;
    std::uint64_t round = 0;
    int failures_in_a_row = 0;
    int skip_rounds = 0;
    std::uint64_t call_seq = 0;
    bool in_call = false;
    asio::steady_timer sleep;
    asio::steady_timer deadline;
    asio::steady_timer ended;  ///< cancelled when the coroutine ends (`stop` waits on it)
    asio::cancellation_signal cancel;
    BatchListStats stats;

    [[nodiscard]] std::chrono::milliseconds call_deadline() const {
        return std::clamp<std::chrono::milliseconds>(settings.livy_poll_interval, std::chrono::seconds(2),
                                                     std::chrono::seconds(30));
    }
};

namespace {

using State = BatchListPoller::State;

// One `GET /batches` page under the call deadline (the deadline cancels the call).
asio::awaitable<livy::Result<livy::BatchList>> list_page(const std::shared_ptr<State>& st,
                                                         std::int64_t from) {
    const auto seq = ++st->call_seq;
    st->in_call = true;
    st->deadline.expires_after(st->call_deadline());
    st->deadline.async_wait([weak = std::weak_ptr<State>(st), seq](const boost::system::error_code& ec) {
        auto s = weak.lock();
        if (!ec && s && s->in_call && s->call_seq == seq) {
            s->cancel.emit(asio::cancellation_type::terminal);
        }
    });
    ++st->stats.list_requests;
    auto page = co_await st->client->list_batches(
        livy::Page{from, static_cast<std::int64_t>(st->settings.livy_list_page_size)});
    st->in_call = false;
    st->deadline.cancel();
    co_await asio::this_coro::reset_cancellation_state();
    co_return page;
}

// Reads the list for `wanted`; the entries found, or nothing when a page failed.
asio::awaitable<std::optional<std::unordered_map<livy::Id, livy::Batch>>> read_list(
    const std::shared_ptr<State>& st, const std::unordered_set<livy::Id>& wanted) {
    std::unordered_map<livy::Id, livy::Batch> found;
    std::unordered_set<livy::Id> seen;
    std::int64_t from = 0;
    for (int pages = 0; pages < BatchListPoller::kMaxListPages && found.size() < wanted.size(); ++pages) {
        auto page = co_await list_page(st, from);
        if (st->stopped) {
            co_return std::nullopt;
        }
        if (!page) {
            if (st->failures_in_a_row == 0) {
                engine_logger()->warn(
                    "livy: listing batches (from={}) failed: {}; polling each batch instead", from,
                    page.error().describe());
            }
            co_return std::nullopt;
        }
        if (page->from != from && pages > 0) {
            break;  // the server pages its own way (ignores `from`): the rest is fetched one by one
        }
        bool repeated = false;
        for (auto& batch : page->batches) {
            if (!seen.insert(batch.id).second) {
                repeated = true;
                continue;
            }
            if (wanted.contains(batch.id)) {
                found.emplace(batch.id, std::move(batch));
            }
        }
        from += static_cast<std::int64_t>(page->batches.size());
        if (repeated || page->batches.empty() || from >= page->total) {
            break;
        }
    }
    co_return found;
}

void deliver(State& st, const std::vector<std::shared_ptr<BatchListPoller::Subscriber>>& targets,
             std::unordered_map<livy::Id, livy::Batch>* found) {
    ++st.round;
    ++st.stats.rounds;
    for (const auto& sub : targets) {
        if (!sub->active) {
            continue;
        }
        sub->round = st.round;
        if (found == nullptr) {
            sub->sighting = BatchSighting{BatchSighting::Kind::failed, {}};
        } else if (auto it = found->find(sub->id); it != found->end()) {
            sub->sighting = BatchSighting{BatchSighting::Kind::listed, it->second};
        } else {
            sub->sighting = BatchSighting{BatchSighting::Kind::missing, {}};
        }
        sub->timer.cancel();
    }
}

asio::awaitable<void> poll_loop(std::shared_ptr<State> st) {
    co_await asio::this_coro::throw_if_cancelled(false);
    while (!st->stopped && !st->subscribers.empty()) {
        const auto targets = st->subscribers;
        if (st->skip_rounds > 0) {
            --st->skip_rounds;
            ++st->stats.failed_rounds;
            deliver(*st, targets, nullptr);
        } else {
            std::unordered_set<livy::Id> wanted;
            for (const auto& sub : targets) {
                wanted.insert(sub->id);
            }
            auto found = co_await read_list(st, wanted);
            if (st->stopped) {
                break;
            }
            if (found) {
                st->failures_in_a_row = 0;
                deliver(*st, targets, &*found);
            } else {
                ++st->stats.failed_rounds;
                if (++st->failures_in_a_row >= kFailuresBeforeBackoff) {
                    st->skip_rounds =
                        std::min(kMaxSkippedRounds,
                                 1 << std::min(st->failures_in_a_row - kFailuresBeforeBackoff + 1, 5));
                }
                deliver(*st, targets, nullptr);
            }
        }
        st->sleep.expires_after(st->settings.livy_poll_interval);
        co_await st->sleep.async_wait(kUseNothrow);
        co_await asio::this_coro::reset_cancellation_state();
    }
    st->running = false;
    st->ended.cancel();
}

}  // namespace

BatchListPoller::BatchListPoller(const asio::any_io_executor& executor, livy::Client& client,
                                 const EngineSettings& settings)
    : state_(std::make_shared<State>(executor, client, settings)) {}

BatchListPoller::~BatchListPoller() {
    state_->stopped = true;
    state_->cancel.emit(asio::cancellation_type::terminal);
    state_->sleep.cancel();
    state_->deadline.cancel();
}

BatchListPoller::Subscription BatchListPoller::subscribe(const livy::Id& id) {
    auto sub = std::make_shared<Subscriber>(state_->executor, id);
    sub->consumed = state_->round;
    sub->round = state_->round;
    state_->subscribers.push_back(sub);
    if (!state_->running && !state_->stopped) {
        state_->running = true;
        asio::co_spawn(state_->executor, poll_loop(state_),
                       asio::bind_cancellation_slot(state_->cancel.slot(), asio::detached));
    }
    return {state_, std::move(sub)};
}

asio::awaitable<void> BatchListPoller::stop() {
    const auto st = state_;
    if (!st->running) {
        co_return;
    }
    st->stopped = true;
    st->cancel.emit(asio::cancellation_type::terminal);
    st->sleep.cancel();
    st->deadline.cancel();
    while (st->running) {
        st->ended.expires_at(asio::steady_timer::time_point::max());
        auto [ec] = co_await st->ended.async_wait(kUseNothrow);
        (void)ec;  // cancelled when the coroutine ends
    }
    st->stopped = false;
}

const BatchListStats& BatchListPoller::stats() const noexcept {
    return state_->stats;
}

BatchListPoller::Subscription::~Subscription() {
    if (!subscriber_) {
        return;
    }
    subscriber_->active = false;
    std::erase(state_->subscribers, subscriber_);
}

asio::awaitable<BatchSighting> BatchListPoller::Subscription::next() {
    auto& sub = *subscriber_;
    while (sub.round <= sub.consumed) {
        sub.timer.expires_at(asio::steady_timer::time_point::max());
        auto [ec] = co_await sub.timer.async_wait(kUseNothrow);
        (void)ec;  // cancelled by a delivery or by the awaiting coroutine's cancellation
        if (sub.round <= sub.consumed) {
            // Not a delivery: the awaiting coroutine is being cancelled.
            throw boost::system::system_error(asio::error::operation_aborted, "batch list wait cancelled");
        }
    }
    sub.consumed = sub.round;
    co_return sub.sighting;
}

}  // namespace steward::engine::detail
