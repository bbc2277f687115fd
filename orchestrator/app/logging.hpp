#pragma once

#include <string_view>

namespace steward::app {

/// Creates the named loggers `steward` (the default logger), `api`, `engine`, `livy` and `store`,
/// all writing to stderr with ISO-8601 local time, level and logger name. `level` is a config
/// level name (trace ... off); the SPDLOG_LEVEL environment variable overrides it, globally or
/// per logger ("info,engine=debug"). Replaces loggers of the same names made by an earlier call.
/// Call once at startup, before other threads log. Never throws for a bad level name (info).
void setup_logging(std::string_view level);

}  // namespace steward::app
