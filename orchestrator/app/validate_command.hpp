#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward validate [--jobs-dir DIR] [--quiet] FILE...`: checks workflow files without running
/// them. Prints one line per problem, `FILE:LINE:COL: message`, on `out`, and `FILE: ok (...)`
/// for each valid file unless --quiet. Returns 0 when every file is valid, 1 when one is not (or
/// cannot be read), 2 on a usage error (message and usage on `err`). Never throws for bad input.
/// Blocking (reads the files); runs on the calling thread.
int validate_workflows(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// The `steward validate` entry point: `validate_workflows` on stdout/stderr.
int run_validate(std::span<const std::string_view> args);

}  // namespace steward::app
