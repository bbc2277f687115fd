#include "orchestrator/engine/run_supervisor.hpp"

#include "orchestrator/engine/doubling_delay.hpp"
#include "orchestrator/engine/engine_impl.hpp"
#include "orchestrator/engine/run_driver.hpp"
#include "orchestrator/engine/run_lookup.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <tuple>

namespace steward::engine {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kRetrying = "retrying";
constexpr std::string_view kStuck = "stuck";

std::shared_ptr<spdlog::logger> logger() {
    auto named = spdlog::get("engine");
    return named ? named : spdlog::default_logger();
}

/// Sets the run's condition; false (logged) when the store refuses or fails.
bool set_condition(detail::Services& s, store::RowId run_id, std::string_view kind, std::string detail) {
    try {
        store::RunCondition condition{std::string(kind), std::move(detail), 0};
        return s.store.runs().set_condition(run_id, condition, s.clock.now()).has_value();
    } catch (const std::exception& e) {
        logger()->error("run_id={} cannot record its condition '{}': {}", run_id, kind, e.what());
        return false;
    }
}

/// Clears a `retrying` or `stuck` condition left by an earlier failure: a drive is going. Throws
/// store::StoreError.
void clear_own_condition(detail::Services& s, const detail::ActiveRun& run) {
    const auto record = s.store.runs().get_run(run.id);
    if (record && record->condition &&
        (record->condition->kind == kRetrying || record->condition->kind == kStuck)) {
        (void)s.store.runs().set_condition(run.id, std::nullopt, s.clock.now());
    }
}

/// Reloads the run's open Livy handles from the store: a transition that failed half-way may have
/// left the in-memory set behind. Throws store::StoreError.
void reload_handles(detail::Services& s, detail::ActiveRun& run) {
    run.open_handles.clear();
    for (const auto& handle : s.store.livy().handles_to_reattach()) {
        if (handle.run_id == run.id) {
            run.open_handles.insert(handle.id);
        }
    }
}

/// Waits `delay` of real time; false when the wait was cancelled (the run is being interrupted).
asio::awaitable<bool> pause_before_redrive(std::chrono::milliseconds delay) {
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    try {
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        co_return !ec;
    } catch (const boost::system::system_error&) {
        co_return false;  // raised once the coroutine's cancellation state is set
    }
}

/// Gives up on a run after `retries` re-drives: fails it with the error (its Livy objects
/// released), or, when that cannot be written either, marks it stuck for the supervisor.
asio::awaitable<void> give_up(detail::Services& s, detail::ActiveRun& run, const std::string& error,
                              int retries) {
    std::string reason = "internal error: " + error;
    if (retries > 0) {
        reason +=
            " (gave up after " + std::to_string(retries) + (retries == 1 ? " re-drive)" : " re-drives)");
    }
    std::string failure;
    try {
        logger()->error("run_id={} failed unexpectedly: {}", run.id, reason);
        co_await detail::fail_run(s, run, reason);
        co_return;
    } catch (const detail::RunInterrupted&) {
        co_return;
    } catch (const std::exception& e) {
        failure = e.what();
    }
    if (run.interrupted) {
        co_return;
    }
    logger()->error("run_id={} is stuck: it cannot be marked failed ({}); the supervisor tries again", run.id,
                    failure);
    (void)set_condition(s, run.id, kStuck,
                        reason + "; marking the run failed failed too (" + failure +
                            "); the supervisor re-drives it on its next pass");
}

}  // namespace

namespace detail {

std::chrono::milliseconds redrive_delay(const EngineSettings& settings, int retry) {
    return doubling_delay(std::max(settings.run_retry_delay, std::chrono::milliseconds(0)),
                          std::max(settings.run_retry_max_delay, std::chrono::milliseconds(0)), retry);
}

bool cancel_was_requested(store::Store& store, store::RowId run_id) {
    store::RowId after = 0;
    for (;;) {
        auto events = store.runs().list_events(run_id, after, 10000).value();
        for (const auto& event : events) {
            if (event.type == "run.cancel_requested") {
                return true;
            }
            after = event.id;
        }
        if (events.size() < 10000) {
            return false;
        }
    }
}

asio::awaitable<void> run_main(Services& s, ActiveRun& run, const bool& stopping) {
    int failures = 0;  // in a row, without a committed transition in between
    while (!run.cancel_requested && !stopping && !run.interrupted) {
        const std::uint64_t commits = run.commits;
        std::string error;
        try {
            if (failures > 0) {
                reload_handles(s, run);
            }
            clear_own_condition(s, run);
            co_await drive_run(s, run);
            break;
        } catch (const RunInterrupted&) {
            break;
        } catch (const std::exception& e) {
            error = e.what();
        }
        if (stopping || run.interrupted || run.cancel_requested) {
            break;
        }
        failures = run.commits == commits ? failures + 1 : 1;
        if (failures > s.settings.run_retry_limit) {
            co_await give_up(s, run, error, failures - 1);
            break;
        }
        const auto delay = redrive_delay(s.settings, failures);
        const std::string retry =
            "retry " + std::to_string(failures) + " of " + std::to_string(s.settings.run_retry_limit);
        logger()->warn(
            "run_id={} failed unexpectedly: {}; re-driving it from its last committed state in {} ms ({})",
            run.id, error, delay.count(), retry);
        std::string detail = "internal error: " + error;
        detail += "; re-driven from its last committed state at ";
        detail += iso_time(s.clock.now() + delay.count());
        detail += " (" + retry + ")";
        (void)set_condition(s, run.id, kRetrying, std::move(detail));
        if (!co_await pause_before_redrive(delay)) {
            break;
        }
    }
    if (run.cancel_requested && !stopping) {
        co_await asio::this_coro::reset_cancellation_state();
        run.interrupted = false;
        co_await finish_cancellation(s, run);
    }
}

}  // namespace detail

namespace {

/// Completion of the supervisor coroutine (a named type: no lambda handed to co_spawn).
struct SupervisorDone {
    Engine::Impl* impl;
    void operator()(const std::exception_ptr& error) const {
        impl->supervisor_running = false;
        impl->idle_wakeup.notify();
        if (error) {
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                logger()->error("run supervisor stopped: {}", e.what());
            }
        }
    }
};

}  // namespace

void Engine::Impl::redrive_orphans(bool at_start) {
    if (stopping) {
        return;
    }
    auto& store = services.store;
    std::map<store::RowId, std::unique_ptr<detail::ActiveRun>> adopted;
    for (const auto& record : store.runs().unfinished_runs()) {
        if (runs.contains(record.id)) {
            continue;
        }
        auto version = catalog.by_definition(record.workflow_def_id);
        if (!version) {
            detail::Transition t(services, nullptr);
            t.store()
                .runs()
                .set_run_state(record.id, store::RunState::failed, t.now(),
                               "cannot load its workflow definition: " + version.error().message)
                .value();
            t.event(record.id, std::nullopt, "", "run.failed", {{"error", version.error().message}});
            t.commit();
            continue;
        }
        auto run = std::make_unique<detail::ActiveRun>(executor, record.id, version->spec);
        run->state = record.state;
        run->cancel_requested = detail::cancel_was_requested(store, record.id);
        adopted.emplace(record.id, std::move(run));
    }
    if (adopted.empty()) {
        return;
    }
    for (const auto& handle : store.livy().handles_to_reattach()) {
        if (const auto it = adopted.find(handle.run_id); it != adopted.end()) {
            it->second->open_handles.insert(handle.id);
        }
    }
    for (auto& [id, run] : adopted) {
        if (at_start) {
            logger()->info("run_id={} resumed", id);
        } else {
            logger()->warn(
                "run_id={} is {} and no coroutine drives it: re-driving it from its last committed state", id,
                store::to_string(run->state));
        }
        spawn(std::move(run));
    }
}

asio::awaitable<void> Engine::Impl::supervise_loop() {
    asio::steady_timer timer(executor);
    for (;;) {
        timer.expires_after(settings.supervise_interval);
        boost::system::error_code ec;
        try {
            std::tie(ec) = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        } catch (const boost::system::system_error&) {
            co_return;  // cancelled by the shutdown
        }
        if (ec || stopping) {
            co_return;
        }
        try {
            redrive_orphans(false);
        } catch (const std::exception& e) {
            logger()->error("run supervisor: {}; trying again in {} ms", e.what(),
                            settings.supervise_interval.count());
        }
    }
}

void Engine::Impl::start_supervisor() {
    supervisor_running = true;
    asio::co_spawn(executor, supervise_loop(),
                   asio::bind_cancellation_slot(supervisor_signal.slot(), SupervisorDone{this}));
}

}  // namespace steward::engine
