#pragma once

// Internal to orch_engine: supervision of run coroutines (docs/engine.md, "Supervision"). A run
// whose coroutine fails unexpectedly is re-driven from its last committed state with backoff,
// then failed; a supervisor pass finds unfinished runs that no coroutine drives and re-drives them.

#include "orchestrator/engine/engine_context.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>

namespace steward::engine::detail {

/// The top-level coroutine of one run. Drives it (drive_run); when a cancel was requested,
/// finishes the cancellation. On an unexpected failure (anything but an interruption) it sets the
/// run's condition `retrying`, waits `redrive_delay` and re-drives the run from the store, up to
/// `EngineSettings::run_retry_limit` times in a row without a committed transition in between;
/// then it fails the run with the error, releasing its Livy objects. When even that cannot be
/// written it sets the condition `stuck` (if it can), logs an error and ends: the next supervisor
/// pass re-drives the run. Ends quietly when `stopping` is set or the run is interrupted.
boost::asio::awaitable<void> run_main(Services& services, ActiveRun& run, const bool& stopping);

/// The wait before re-drive number `retry` (1-based): `run_retry_delay` doubled with each further
/// retry, at most `run_retry_max_delay`. Pure.
[[nodiscard]] std::chrono::milliseconds redrive_delay(const EngineSettings& settings, int retry);

/// True when the run's history holds a `run.cancel_requested` event.
[[nodiscard]] bool cancel_was_requested(store::Store& store, store::RowId run_id);

}  // namespace steward::engine::detail
