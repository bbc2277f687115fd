#pragma once

#include "orchestrator/reports/report_error.hpp"
#include "orchestrator/reports/table.hpp"

#include <span>
#include <string>
#include <string_view>

namespace steward::reports {

/// Parses CSV text: a header row, ',' separators, optional '"' quoting ("" escapes a quote) within
/// one line, CRLF or LF line ends, blank lines skipped, an empty field = missing. Only the
/// requested columns are stored. Numbers are read with a correctly rounded parser
/// (from_chars-exact); the body is parsed in parallel stripes on `threads` threads.
/// Errors (as values; the message starts with `source` and, for a data problem, its line number):
/// empty input, no header, a required column missing from the header or named twice, no data
/// rows, a row with the wrong number of fields, a non-numeric value in a numeric column, a label
/// that is not 0/1, an unterminated quote. Thread-safe (no shared state).
Result<Table> parse_csv(std::string_view text, const std::string& source,
                        std::span<const ColumnRequest> columns, unsigned threads);

/// Memory-maps the file at `path` and parses it with `parse_csv` (source = path). Adds the
/// errors of `MappedFile::open`.
Result<Table> read_csv_file(const std::string& path, std::span<const ColumnRequest> columns,
                            unsigned threads);

}  // namespace steward::reports
