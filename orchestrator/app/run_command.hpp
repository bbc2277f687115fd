#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward run WORKFLOW.yaml [--param k=v ...] [--config FILE] [--db FILE] [--livy URL]
/// [--listen HOST:PORT] [--logs]`: runs one workflow in the foreground with an in-process engine
/// (a temporary database unless --db) and prints one progress line per event on `out`
/// ("HH:MM:SS step train livy_batch running (batch 12)"), then a summary. With --listen, the API
/// is served too, so user tasks can be answered with `steward task complete`.
/// Exit status: 0 the run succeeded; 1 it failed or was cancelled (or the database/Livy client
/// could not be set up); 2 usage error, config error, invalid workflow or invalid params (messages
/// on `err`); 130 interrupted by SIGINT/SIGTERM (the run stays resumable in a --db database).
/// Blocks until the run ends. Never throws.
int run_workflow_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// The `steward run` entry point: `run_workflow_main` on stdout/stderr.
int run_run(std::span<const std::string_view> args);

}  // namespace steward::app
