#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward serve [--config FILE] [--listen HOST:PORT] [--ui-dir DIR]`: loads the config (FILE,
/// else $STEWARD_CONFIG, else ./steward.yaml) and runs the server (see `run_server`) with the web
/// UI built into the binary, or the one in directory DIR. Exit status: 0 after a clean shutdown,
/// 1 when the start fails (invalid workflow, database, listen address), 2 for a usage or config
/// error (one line `config FILE: key: message` on `err`; a missing DIR). Blocks until
/// SIGINT/SIGTERM. Never throws.
int serve_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// The `steward serve` entry point: `serve_main` on stdout/stderr.
int run_serve(std::span<const std::string_view> args);

}  // namespace steward::app
