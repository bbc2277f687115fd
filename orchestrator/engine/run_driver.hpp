#pragma once

// Internal to orch_engine: the coroutine that drives one run from the store's state.

#include "orchestrator/engine/engine_context.hpp"

#include <boost/asio/awaitable.hpp>

namespace steward::engine::detail {

/// Drives `run` to a terminal state, resuming from whatever the store says (crash-only): a step
/// attempt still open is executed (re-attaching to its Livy objects, task or timers), a finished
/// one leads to the next step, a pending retry is awaited, and the run's end is committed.
/// Every transition is one transaction. Throws RunInterrupted (or asio's operation_aborted) when
/// the run is interrupted; store failures throw store::StoreError.
boost::asio::awaitable<void> drive_run(Services& services, ActiveRun& run);

/// Finishes a run whose cancellation was requested: deletes its Livy objects, closes its open
/// tasks and timers, ends its open step attempt and marks it cancelled, in one transition.
boost::asio::awaitable<void> finish_cancellation(Services& services, ActiveRun& run);

/// Ends the run as failed with `error` after an unexpected failure (best effort).
boost::asio::awaitable<void> fail_run(Services& services, ActiveRun& run, std::string error);

}  // namespace steward::engine::detail
