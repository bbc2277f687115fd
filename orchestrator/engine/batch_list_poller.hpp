#pragma once

// Internal to orch_engine: one paged `GET /batches` round per poll interval, shared by every
// tracked batch of one Livy server, instead of one `GET /batches/{id}/state` per batch.

#include "orchestrator/engine/settings.hpp"

#include "livy_client/types.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <memory>

namespace livy {
class Client;
}

namespace steward::engine::detail {

/// What one list round says about one batch.
struct BatchSighting {
    enum class Kind {
        listed,   ///< the list holds the batch: `batch` is its entry (state, appId, appInfo, log tail)
        missing,  ///< the list, as far as it could be read, does not hold it: GET it
        failed,   ///< the list could not be read this round: GET it
    };
    Kind kind = Kind::failed;
    livy::Batch batch;  ///< set when `listed`
};

/// Counters of a poller (tests, logs).
struct BatchListStats {
    std::uint64_t rounds = 0;         ///< rounds delivered to subscribers
    std::uint64_t list_requests = 0;  ///< `GET /batches` calls made
    std::uint64_t failed_rounds = 0;  ///< rounds whose list could not be read (or was skipped)
};

/// Lists the batches of one Livy server once per `EngineSettings::livy_poll_interval` while any
/// batch is subscribed, and tells every subscriber what the list says about its batch.
///
/// A round reads pages of `livy_list_page_size` (`from` advancing by the entries received, so a
/// server that returns fewer than asked still pages) until every subscribed id was seen, a page
/// is empty, `total` is reached, a page repeats ids already seen or echoes another `from` (a
/// server that ignores `from`), or `kMaxListPages` pages were read. Subscribers whose batch was
/// not seen get `missing`; when a page fails (error, or no reply within the call deadline:
/// the poll interval, at least 2 s and at most 30 s) every subscriber gets `failed` for that
/// round and falls back to its own GET. After 3 failed rounds in a row the list is not asked for
/// 2, 4, ... up to 32 rounds (every subscriber gets `failed` meanwhile), so a server that cannot
/// list never costs more than a request every few intervals.
///
/// Threading: the engine's io executor only. The poller's coroutine runs while there are
/// subscribers and ends after a round without any; destroying the poller cancels it (its state is
/// shared with the coroutine). The Client must outlive the poller.
class BatchListPoller {
public:
    struct State;       ///< shared with the poller's coroutine (batch_list_poller.cpp)
    struct Subscriber;  ///< one subscribed batch (batch_list_poller.cpp)

    /// At most this many pages are read in one round.
    static constexpr int kMaxListPages = 100;

    BatchListPoller(const boost::asio::any_io_executor& executor, livy::Client& client,
                    const EngineSettings& settings);
    ~BatchListPoller();
    BatchListPoller(const BatchListPoller&) = delete;
    BatchListPoller& operator=(const BatchListPoller&) = delete;

    /// One batch's place in the rounds; unsubscribes when destroyed. Move-only.
    class Subscription {
    public:
        Subscription(Subscription&&) noexcept = default;
        Subscription& operator=(Subscription&&) noexcept = default;
        ~Subscription();

        /// Waits for the next round completed after the one last returned (the first call: the
        /// next round that started after subscribing) and returns what it says about the batch.
        /// Throws boost::system::system_error (operation_aborted) when the awaiting coroutine is
        /// cancelled.
        boost::asio::awaitable<BatchSighting> next();

    private:
        friend class BatchListPoller;
        Subscription(std::shared_ptr<State> state, std::shared_ptr<Subscriber> subscriber)
            : state_(std::move(state)), subscriber_(std::move(subscriber)) {}
        std::shared_ptr<State> state_;
        std::shared_ptr<Subscriber> subscriber_;
    };

    /// Subscribes batch `id` (starting the poller's coroutine when it is not running).
    [[nodiscard]] Subscription subscribe(const livy::Id& id);

    /// Cancels the poller's coroutine (a list call in flight is cancelled) and completes when it
    /// has ended, so no Livy call of the poller outlives the engine's shutdown. A later
    /// `subscribe` starts it again.
    boost::asio::awaitable<void> stop();

    /// The counters so far.
    [[nodiscard]] const BatchListStats& stats() const noexcept;

private:
    std::shared_ptr<State> state_;
};

}  // namespace steward::engine::detail
