#pragma once

// Internal to orch_engine: opening the interactive session of a step (livy_session.cpp), shared by
// livy_session steps and the Livy source modes of report steps.

#include "orchestrator/engine/step_call.hpp"

#include <boost/asio/awaitable.hpp>

#include <variant>

namespace steward::engine::detail {

/// A session a step attempt may run statements on.
struct StepSession {
    store::LivyHandle handle;  ///< has a Livy id
    bool owned = false;        ///< opened by this attempt (not reused under a `session:` key)
};

/// Finds or opens the session of `body` (`body.kind`, `body.session` key, `body.livy`; its
/// statements are not used): reuses an open session under the key, re-attaches this attempt's
/// own session after a crash (by name when its id was never stored), else records the intent and
/// creates one. Returns the session with its Livy id, or the outcome that ends the step (Livy
/// refused it, a bad interpolated field). Transient Livy failures are retried every poll interval,
/// so the caller's deadline bounds it. Loop thread only.
boost::asio::awaitable<std::variant<StepSession, StepOutcome>> open_step_session(
    StepCall& call, const core::LivySessionStep& body);

}  // namespace steward::engine::detail
