#pragma once

#include <iosfwd>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward livy`: a debugging client for a Livy server (version, sessions, batches, one batch or
/// session, logs with --follow). Returns 0 on success, 1 when Livy or the connection fails (one
/// line on stderr), 2 on usage errors. Runs its own io_context on the calling thread; SIGINT and
/// SIGTERM stop --follow cleanly.
int run_livy(std::span<const std::string_view> args);

/// As above, printing results to `out` and error lines to `err` (tests capture them).
int run_livy(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

}  // namespace steward::app
