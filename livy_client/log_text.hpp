#pragma once

// One spelling for a log line's section wherever a line is shown or stored as plain text:
// stdout lines as they are, the others prefixed "[stderr] ", "[yarn_diagnostics] ",
// "[k8s_diagnostics] " (the section names of `to_string(LogSection)`).

#include "livy_client/log_follower.hpp"

#include <string>
#include <string_view>

namespace livy {

/// The line as text: stdout (and section-less) lines unchanged, others "[<section>] text".
/// Never throws except on allocation.
std::string prefixed_text(const LogLine& line);

/// Inverse of `prefixed_text`: a "[stderr] ", "[yarn_diagnostics] " or "[k8s_diagnostics] "
/// prefix gives that section, anything else is a stdout line. Never throws except on allocation.
LogLine from_prefixed_text(std::string_view text);

}  // namespace livy
