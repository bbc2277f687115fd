#pragma once

#include "orchestrator/reports/big_buffer.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace steward::reports {

/// How an input column is read and stored.
/// numeric: doubles, missing = NaN. binary: 0/1 labels stored as 0.0/1.0 doubles (also accepts
/// 0.0, 1.0, true, false), missing = NaN. categorical: dictionary codes, missing = kMissingCode.
enum class ColumnKind { numeric, binary, categorical };

/// Code of a missing value in a categorical column.
inline constexpr std::uint32_t kMissingCode = std::numeric_limits<std::uint32_t>::max();

/// One column a reader is asked for. A column that is not `required` and is absent from the
/// input is simply left out of the result.
struct ColumnRequest {
    std::string name;
    ColumnKind kind = ColumnKind::numeric;
    bool required = true;
};

/// One column of data, stored as a dense array of its own kind.
struct Column {
    std::string name;
    ColumnKind kind = ColumnKind::numeric;
    BigVector<double> numbers;            ///< numeric and binary columns; NaN = missing
    BigVector<std::uint32_t> codes;       ///< categorical: index into `categories`
    std::vector<std::string> categories;  ///< categorical: distinct values, first-seen order

    /// Number of rows.
    [[nodiscard]] std::size_t size() const {
        return kind == ColumnKind::categorical ? codes.size() : numbers.size();
    }
};

/// Column-oriented data read from one source. All columns have `rows` entries.
struct Table {
    std::string source;  ///< the path or URI it came from, for messages
    std::size_t rows = 0;
    std::vector<Column> columns;

    /// The column called `name`, or nullptr. Not thread-safe against concurrent mutation.
    [[nodiscard]] const Column* find(std::string_view name) const;
    /// Mutable overload of `find`.
    [[nodiscard]] Column* find(std::string_view name);
};

}  // namespace steward::reports
