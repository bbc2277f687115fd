#pragma once

// Output of `steward livy`: compact tables, or JSON with --json. Pure formatting; never throws
// except bad_alloc and stream errors.

#include "livy_client/log_follower.hpp"
#include "livy_client/types.hpp"

#include <ostream>
#include <vector>

namespace steward::app {

/// "Livy 0.9.0 (revision r, branch b, built d)" or the JSON object.
void print_version(std::ostream& out, const livy::Version& v, bool json);
/// A table ID KIND STATE NAME APP_ID plus a "N of TOTAL" footer, or a JSON list.
void print_sessions(std::ostream& out, const livy::SessionList& list, bool json);
/// A table ID STATE NAME APP_ID plus a footer, or a JSON list.
void print_batches(std::ostream& out, const livy::BatchList& list, bool json);
/// One session as an indented JSON object.
void print_session(std::ostream& out, const livy::Session& s);
/// One batch as an indented JSON object.
void print_batch(std::ostream& out, const livy::Batch& b);
/// Log lines; lines outside stdout are prefixed with their section ("[stderr] ...").
void print_log_lines(std::ostream& out, const std::vector<livy::LogLine>& lines);

}  // namespace steward::app
