#pragma once

#include "orchestrator/reports/report_error.hpp"
#include "orchestrator/reports/table.hpp"

#include <span>
#include <string>
#include <string_view>

namespace steward::reports {

/// Input formats a local source can have.
enum class InputFormat { csv, jsonl };

/// The local file path named by `location`: a plain path, or a file:// URI (host empty or
/// "localhost", percent-escapes decoded). Errors: another scheme (remote data is read through the
/// Livy source modes, see docs/reports.md), a file URI with a remote host or a bad escape.
Result<std::string> local_path(std::string_view location);

/// The format implied by a path: .jsonl, .ndjson and .json are JSON Lines, anything else CSV.
InputFormat format_of(std::string_view path);

/// Reads the requested columns from a local path or file:// URI (CSV through the parallel mmap
/// parser, JSON Lines through Boost.JSON). Errors: those of `local_path`, `read_csv_file` and
/// `parse_jsonl`; messages name the location. Reentrant.
Result<Table> read_table(std::string_view location, std::span<const ColumnRequest> columns, unsigned threads);

}  // namespace steward::reports
