// Paged Livy source of report steps: generated pyspark statements and page assembly.

#include "orchestrator/engine/report_livy_paged.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

/// A Python string literal (JSON's escapes are valid in Python).
std::string py(std::string_view text) {
    return json::serialize(json::string(text));
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string spark_format(const LivyInput& input) {
    if (!input.format.empty()) {
        return input.format;
    }
    std::string path = input.location;
    while (!path.empty() && path.back() == '/') {
        path.pop_back();
    }
    for (const char* ext : {".csv", ".orc", ".parquet"}) {
        if (ends_with(path, ext)) {
            return std::string(ext + 1);
        }
    }
    for (const char* ext : {".json", ".jsonl", ".ndjson"}) {
        if (ends_with(path, ext)) {
            return "json";
        }
    }
    return "parquet";
}

std::string python_loader() {
    return R"py(from pyspark.sql import functions as _st_F
def _st_col(c):
    return _st_F.col("`" + c.replace("`", "``") + "`")
def _st_load(path, fmt, want):
    r = spark.read.format(fmt)
    if fmt == "csv":
        r = r.option("header", "true").option("inferSchema", "true")
    df = r.load(path)
    return df.select([_st_col(c).cast(t).alias(c) for c, t in want if c in df.columns])
)py";
}

std::string load_call(const LivyInput& input) {
    std::string want;
    for (const auto& column : input.columns) {
        want += (want.empty() ? "" : ", ") + std::string("(") + py(column.name) + ", " +
                (column.kind == reports::ColumnKind::categorical ? "\"string\"" : "\"double\"") + ")";
    }
    return "_st_load(" + py(input.location) + ", " + py(spark_format(input)) + ", [" + want + "])";
}

std::string load_code(const LivyInput& input) {
    const std::string& p = input.prefix;
    std::string code = python_loader();
    code += p + "_df = " + load_call(input) + "\n";
    code += p + "_cols = " + p + "_df.columns\n";
    code += p + "_iter = None\n";
    code += p + "_info = {\"columns\": " + p + "_cols}\n";
    code += "%json " + p + "_info";
    return code;
}

std::string page_code(const LivyInput& input, int page_size) {
    const std::string& p = input.prefix;
    const std::string n = std::to_string(page_size);
    std::string code = "import itertools as _st_itertools, math as _st_math\n";
    code += "if " + p + "_iter is None:\n    " + p + "_iter = " + p + "_df.toLocalIterator()\n";
    code += p +
            "_rows = [[None if isinstance(v, float) and not _st_math.isfinite(v) else v for v in r] for r in "
            "_st_itertools.islice(" +
            p + "_iter, " + n + ")]\n";
    code += p + "_page = {\"columns\": " + p + "_cols, \"rows\": " + p + "_rows, \"done\": len(" + p +
            "_rows) < " + n + "}\n";
    code += "%json " + p + "_page";
    return code;
}

std::variant<bool, std::string> append_page(const json::value& page, std::string& jsonl, std::size_t& rows) {
    const auto* object = page.if_object();
    const json::value* columns = object != nullptr ? object->if_contains("columns") : nullptr;
    const json::value* data = object != nullptr ? object->if_contains("rows") : nullptr;
    const json::value* done = object != nullptr ? object->if_contains("done") : nullptr;
    if (columns == nullptr || !columns->is_array() || data == nullptr || !data->is_array() ||
        done == nullptr || !done->is_bool()) {
        return std::string("the page is not {\"columns\": [...], \"rows\": [[...]], \"done\": true|false}");
    }
    std::vector<std::string> keys;
    for (const auto& name : columns->get_array()) {
        if (!name.is_string()) {
            return std::string("a column name of the page is not a string");
        }
        keys.push_back(json::serialize(name) + ":");
    }
    for (const auto& row : data->get_array()) {
        const auto* cells = row.if_array();
        if (cells == nullptr || cells->size() != keys.size()) {
            return "row " + std::to_string(rows + 1) + " of the page does not have " +
                   std::to_string(keys.size()) + " values";
        }
        jsonl += '{';
        for (std::size_t i = 0; i < keys.size(); ++i) {
            jsonl += (i == 0 ? "" : ",") + keys[i];
            jsonl += json::serialize((*cells)[i]);
        }
        jsonl += "}\n";
        ++rows;
    }
    return done->get_bool();
}

asio::awaitable<std::variant<std::string, StepOutcome>> read_paged(ReportLivySession& session,
                                                                   const LivyInput& input, int page_size) {
    auto loaded = co_await session.run_json(load_code(input), "loading '" + input.location + "'");
    if (auto* outcome = std::get_if<StepOutcome>(&loaded)) {
        co_return std::move(*outcome);
    }
    std::string jsonl;
    std::size_t rows = 0;
    for (int page = 1;; ++page) {
        const std::string what = "page " + std::to_string(page) + " of '" + input.location + "'";
        auto got = co_await session.run_json(page_code(input, page_size), what);
        if (auto* outcome = std::get_if<StepOutcome>(&got)) {
            co_return std::move(*outcome);
        }
        auto appended = append_page(std::get<json::value>(got), jsonl, rows);
        if (auto* error = std::get_if<std::string>(&appended)) {
            co_return failed(session.subject() + ": " + what + ": " + *error, false);
        }
        if (std::get<bool>(appended)) {
            co_return jsonl;
        }
    }
}

}  // namespace steward::engine::detail
