#include "orchestrator/reports/jsonl_reader.hpp"

#include "orchestrator/reports/category_dict.hpp"
#include "orchestrator/reports/field_parse.hpp"

#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cmath>
#include <limits>

namespace steward::reports {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string place(const std::string& source, std::size_t line) {
    return source + ":" + std::to_string(line) + ": ";
}

// Converts one JSON value for column `col`; false with `error` (naming the column) and `detail`
// (quoting the value) set if it does not fit.
bool append_value(Column& col, CategoryDict& dict, const boost::json::value* v, std::string& error,
                  std::string& detail) {
    namespace json = boost::json;
    const bool missing = v == nullptr || v->is_null();
    switch (col.kind) {
        case ColumnKind::categorical: {
            if (missing) {
                col.codes.push_back(kMissingCode);
            } else if (v->is_string()) {
                const json::string& s = v->get_string();
                col.codes.push_back(s.empty() ? kMissingCode
                                              : dict.code(std::string_view{s.data(), s.size()}, true));
            } else {
                col.codes.push_back(dict.code(json::serialize(*v), true));
            }
            return true;
        }
        case ColumnKind::numeric:
        case ColumnKind::binary: {
            double x = kNaN;
            if (missing) {
                x = kNaN;
            } else if (v->is_number()) {
                x = v->to_number<double>();
            } else if (v->is_bool() && col.kind == ColumnKind::binary) {
                x = v->get_bool() ? 1.0 : 0.0;
            } else if (v->is_string()) {
                const std::string_view s{v->get_string().data(), v->get_string().size()};
                if (is_missing_token(s)) {
                    x = kNaN;
                } else if (!parse_number_field(s, x)) {
                    error = "column '" + col.name + "': the value is not a number";
                    detail = "the value is " + json::serialize(*v).substr(0, 40);
                    return false;
                }
            } else {
                error = "column '" + col.name + "': the value is not a number";
                detail = "the value is " + json::serialize(*v).substr(0, 40);
                return false;
            }
            if (col.kind == ColumnKind::binary && !std::isnan(x) && x != 0.0 && x != 1.0) {
                error = "column '" + col.name +
                        "': the label is not 0 or 1 (a numeric target needs --task regression)";
                detail = "the label is " + json::serialize(*v).substr(0, 40);
                return false;
            }
            col.numbers.push_back(x);
            return true;
        }
    }
    return true;
}

}  // namespace

Result<Table> parse_jsonl(std::string_view text, const std::string& source,
                          std::span<const ColumnRequest> columns) {
    namespace json = boost::json;
    Table table;
    table.source = source;
    std::vector<CategoryDict> dicts(columns.size());
    std::vector<bool> seen(columns.size(), false);
    for (const ColumnRequest& c : columns) {
        Column& col = table.columns.emplace_back();
        col.name = c.name;
        col.kind = c.kind;
    }
    json::parser parser;
    std::size_t line = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = std::min(text.find('\n', pos), text.size());
        const std::string_view raw = trim_blanks(text.substr(pos, nl - pos));
        pos = nl + 1;
        ++line;
        if (raw.empty()) {
            continue;
        }
        parser.reset();
        boost::system::error_code ec;
        parser.write(raw.data(), raw.size(), ec);  // the whole line must be one value
        if (ec) {
            return ReportError{place(source, line) + "not valid JSON (" + ec.message() + ")"};
        }
        const json::value record = parser.release();
        if (!record.is_object()) {
            return ReportError{place(source, line) + "expected a JSON object per line"};
        }
        const json::object& obj = record.get_object();
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const json::value* v = obj.if_contains(columns[c].name);
            seen[c] = seen[c] || v != nullptr;
            std::string error;
            std::string detail;
            if (!append_value(table.columns[c], dicts[c], v, error, detail)) {
                return ReportError{place(source, line) + error, std::move(detail)};
            }
        }
        ++table.rows;
    }
    if (table.rows == 0) {
        return ReportError{source + ": empty file (no JSON records)"};
    }
    std::vector<Column> kept;
    for (std::size_t c = 0; c < columns.size(); ++c) {
        if (!seen[c]) {
            if (columns[c].required) {
                return ReportError{source + ": column '" + columns[c].name + "' not found in any record"};
            }
            continue;
        }
        Column& col = table.columns[c];
        if (col.kind == ColumnKind::categorical) {
            col.categories.assign(dicts[c].values().begin(), dicts[c].values().end());
        }
        kept.push_back(std::move(col));
    }
    table.columns = std::move(kept);
    return table;
}

}  // namespace steward::reports
