#pragma once

#include "orchestrator/app/config.hpp"

#include <chrono>
#include <ostream>
#include <string>

namespace steward::api {
class AssetSource;
}

namespace steward::app {

/// Runs `steward serve` with a loaded config: opens the database, loads every *.yaml/*.yml file
/// of `workflows_dir` (sorted by name) through the validator, resumes unfinished runs, serves the
/// API, and prints `steward: listening on http://HOST:PORT` on `out` once it accepts connections.
/// Runs the engine and the API on one io_context on the calling thread until SIGINT or SIGTERM,
/// then shuts down in two phases: stop accepting and interrupt the runs, wait at most
/// `shutdown_grace`; if that is not enough (or a second signal arrives) the process exits at once
/// (crash-only: every state transition is already committed).
///
/// Returns the exit status: 0 after a clean shutdown; 1 when an invalid workflow file, the
/// database or the listen address stops the start (problems on `err`: the validator's
/// `FILE:LINE:COL: message` lines, or one line naming the cause); 2 for a config problem found at
/// start (`config FILE: key: message`). Never throws.
///
/// `ui`: the web UI's files, served on every path outside the API; null = no UI. It must outlive
/// the call.
int run_server(const Config& config, std::ostream& out, std::ostream& err,
               const api::AssetSource* ui = nullptr,
               std::chrono::milliseconds shutdown_grace = std::chrono::seconds(10));

}  // namespace steward::app
