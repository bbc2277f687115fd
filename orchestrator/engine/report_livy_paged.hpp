#pragma once

// Internal to orch_engine: the paged Livy source of report steps. Spark loads the data with only
// the needed columns and pages rows back as `%json` statements; the pages become a reports::Table.

#include "orchestrator/engine/report_livy_session.hpp"
#include "orchestrator/reports/table.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace steward::engine::detail {

/// One input a report step reads through Livy.
struct LivyInput {
    std::string location;  ///< path or URI as Spark reads it (hdfs://, s3a://, a path on the cluster)
    std::string format;    ///< parquet, csv, json, orc; empty: from the extension, else parquet
    std::vector<reports::ColumnRequest> columns;
    std::string prefix;  ///< Python name prefix, unique per step and input ("_st_perf_scored")
};

/// The Spark reader format of `input`: its `format`, else .csv/.json/.jsonl/.ndjson/.orc/.parquet
/// by extension, else parquet. Pure.
[[nodiscard]] std::string spark_format(const LivyInput& input);

/// Python defining `_st_col(name)` (a column by its exact name) and `_st_load(path, format,
/// [(name, type)...])` (the data with those of the columns it has, cast). Pure.
[[nodiscard]] std::string python_loader();

/// The Python expression `_st_load(...)` that loads `input` with its columns (numeric and binary
/// as double, categorical as string). Pure.
[[nodiscard]] std::string load_call(const LivyInput& input);

/// Python that loads `input` as `<prefix>_df` with the requested columns present in the data
/// (numeric and binary cast to double, categorical to string) and ends with `%json` of
/// `{"columns": [...]}`. Pure.
[[nodiscard]] std::string load_code(const LivyInput& input);

/// Python that takes the next `page_size` rows of `<prefix>_df` (one local iterator, a partition
/// at a time on the driver) and ends with `%json` of `{"columns", "rows": [[...]], "done"}`;
/// non-finite floats become null. Pure.
[[nodiscard]] std::string page_code(const LivyInput& input, int page_size);

/// Appends the rows of one page to `jsonl` as JSON Lines and returns whether it was the last.
/// Errors: a page that is not {"columns": [strings], "rows": [[...]] of that width, "done": bool},
/// described in one sentence. Pure.
[[nodiscard]] std::variant<bool, std::string> append_page(const boost::json::value& page, std::string& jsonl,
                                                          std::size_t& rows);

/// Reads `input` through `session`: the load statement, then pages of `page_size` rows until the
/// last. Returns the rows as JSON Lines text (parse it with reports::parse_jsonl off the loop
/// thread), or the outcome that ends the step on a Livy error or a bad page (messages name the
/// location and page). Loop thread.
boost::asio::awaitable<std::variant<std::string, StepOutcome>> read_paged(ReportLivySession& session,
                                                                          const LivyInput& input,
                                                                          int page_size);

}  // namespace steward::engine::detail
