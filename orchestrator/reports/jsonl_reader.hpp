#pragma once

#include "orchestrator/reports/report_error.hpp"
#include "orchestrator/reports/table.hpp"

#include <span>
#include <string>
#include <string_view>

namespace steward::reports {

/// Parses JSON Lines: one JSON object per line (blank lines skipped), as Spark's
/// `df.toJSON()` / `to_json` write them. A requested key that is absent or null is a missing
/// value (Spark omits nulls); numbers may also be given as numeric strings; binary labels may be
/// booleans; categorical values are strings (numbers and booleans use their JSON text).
/// Errors (as values; the message starts with `source` and, for a record, its line number):
/// empty input, a line that is not a JSON object, a value of the wrong type, a label that is not
/// 0/1, a required column that no record carries. Single-threaded; reentrant.
Result<Table> parse_jsonl(std::string_view text, const std::string& source,
                          std::span<const ColumnRequest> columns);

}  // namespace steward::reports
