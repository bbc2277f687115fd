#pragma once

// Internals of the CSV reader: the per-chunk row parser that threads run in parallel.

#include "orchestrator/reports/category_dict.hpp"
#include "orchestrator/reports/table.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace steward::reports::csv_detail {

/// What to do with one header field: skip it, or store it into requested column `column`.
struct FieldSlot {
    bool used = false;
    ColumnKind kind = ColumnKind::numeric;
    std::size_t column = 0;
};

/// Where each requested column's values go (full-length arrays; a chunk writes its own rows).
struct ColumnSink {
    ColumnKind kind = ColumnKind::numeric;
    std::string name;
    double* numbers = nullptr;
    std::uint32_t* codes = nullptr;
};

/// What one chunk produced. On error, `error_at` points at the offending field or line and
/// `error` holds the message without the place; parsing of the chunk stopped there.
struct ChunkOutput {
    std::size_t rows = 0;
    const char* error_at = nullptr;
    std::string error;                ///< names the column, never the field's text
    std::string detail;               ///< the offending field's text, for ReportError::detail
    std::vector<CategoryDict> dicts;  ///< one per requested column (used by categorical ones)
};

/// Parses the whole lines in `chunk` (which starts at a line start and ends after a newline or
/// at the end of the input) and writes row values at indexes first_row, first_row + 1, ...
/// Blank lines are skipped. Categorical codes are local to `out.dicts`. Never throws on bad
/// input (reports it in `out`); safe to run concurrently on disjoint chunks and rows.
void parse_chunk(std::string_view chunk, const std::vector<FieldSlot>& slots,
                 const std::vector<ColumnSink>& sinks, std::size_t first_row, ChunkOutput& out);

/// Splits one header line into field names (quotes honoured, "" unescaped, blanks trimmed).
/// Returns false with `error` set on an unterminated quote.
bool split_header(std::string_view line, std::vector<std::string>& names, std::string& error);

}  // namespace steward::reports::csv_detail
