#include "orchestrator/reports/csv_reader.hpp"

#include "orchestrator/reports/csv_chunk.hpp"
#include "orchestrator/reports/field_parse.hpp"
#include "orchestrator/reports/mapped_file.hpp"
#include "orchestrator/reports/parallel.hpp"

#include <algorithm>
#include <cstring>

namespace steward::reports {
namespace {

using csv_detail::ChunkOutput;
using csv_detail::ColumnSink;
using csv_detail::FieldSlot;

constexpr std::size_t kMinChunkBytes = std::size_t{1} << 20U;
constexpr std::size_t kListedColumns = 20;

std::string header_list(const std::vector<std::string>& names) {
    std::string s;
    for (std::size_t i = 0; i < names.size() && i < kListedColumns; ++i) {
        s += (i == 0 ? "" : ", ") + names[i];
    }
    if (names.size() > kListedColumns) {
        s += ", ... (" + std::to_string(names.size()) + " columns)";
    }
    return s;
}

std::size_t line_of(std::string_view text, const char* at) {
    return 1 + count_byte(text.substr(0, static_cast<std::size_t>(at - text.data())), '\n');
}

// Maps requested columns to header positions.
Result<std::vector<FieldSlot>> plan_fields(const std::vector<std::string>& header,
                                           std::span<const ColumnRequest> columns, const std::string& source,
                                           std::vector<std::size_t>& present) {
    std::vector<FieldSlot> slots(header.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const ColumnRequest& want = columns[c];
        const auto hits = std::count(header.begin(), header.end(), want.name);
        if (hits > 1) {
            return ReportError{source + ": column '" + want.name + "' appears more than once in the header"};
        }
        if (hits == 0) {
            if (want.required) {
                return ReportError{source + ": column '" + want.name + "' not found in the header",
                                   "the header has: " + header_list(header)};
            }
            continue;
        }
        const auto at =
            static_cast<std::size_t>(std::find(header.begin(), header.end(), want.name) - header.begin());
        if (slots[at].used) {
            return ReportError{source + ": column '" + want.name + "' requested twice"};
        }
        slots[at] = FieldSlot{true, want.kind, present.size()};
        present.push_back(c);
    }
    return slots;
}

// Chunk boundaries: each starts at a line start; `bounds` has parts + 1 entries.
std::vector<std::size_t> split_body(std::string_view body, std::size_t parts) {
    std::vector<std::size_t> bounds{0};
    for (std::size_t i = 1; i < parts; ++i) {
        std::size_t at = std::max(body.size() * i / parts, bounds.back());
        const std::size_t nl = body.find('\n', at);
        at = nl == std::string_view::npos ? body.size() : nl + 1;
        bounds.push_back(at);
    }
    bounds.push_back(body.size());
    return bounds;
}

// Moves each chunk's rows down so that the columns are dense, then trims them.
void compact(Table& table, const std::vector<std::size_t>& offsets, const std::vector<ChunkOutput>& outputs) {
    std::size_t cursor = 0;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const std::size_t n = outputs[i].rows;
        if (offsets[i] != cursor) {
            for (Column& col : table.columns) {
                if (col.kind == ColumnKind::categorical) {
                    std::memmove(col.codes.data() + cursor, col.codes.data() + offsets[i],
                                 n * sizeof(std::uint32_t));
                } else {
                    std::memmove(col.numbers.data() + cursor, col.numbers.data() + offsets[i],
                                 n * sizeof(double));
                }
            }
        }
        cursor += n;
    }
    table.rows = cursor;
    for (Column& col : table.columns) {
        col.kind == ColumnKind::categorical ? col.codes.resize(cursor) : col.numbers.resize(cursor);
    }
}

// Replaces chunk-local category codes by codes of one dictionary, in first-seen order.
void merge_categories(Table& table, std::size_t column, const std::vector<std::size_t>& offsets,
                      const std::vector<ChunkOutput>& outputs, unsigned threads) {
    Column& col = table.columns[column];
    CategoryDict global;
    std::vector<std::vector<std::uint32_t>> remap(outputs.size());
    bool identity = true;
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const auto& local = outputs[i].dicts[column].values();
        for (std::size_t k = 0; k < local.size(); ++k) {
            const std::uint32_t code = global.code(local[k], true);
            remap[i].push_back(code);
            identity = identity && code == k;
        }
    }
    col.categories.assign(global.values().begin(), global.values().end());
    if (identity) {
        return;
    }
    parallel_for(outputs.size(), threads, [&](std::size_t i) {
        const auto& map = remap[i];
        std::uint32_t* codes = col.codes.data() + offsets[i];
        for (std::size_t r = 0; r < outputs[i].rows; ++r) {
            if (codes[r] != kMissingCode) {
                codes[r] = map[codes[r]];
            }
        }
    });
}

}  // namespace

Result<Table> parse_csv(std::string_view text, const std::string& source,
                        std::span<const ColumnRequest> columns, unsigned threads) {
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    if (trim_blanks(text).find_first_not_of('\n') == std::string_view::npos) {
        return ReportError{source + ": empty file (expected a header row and data rows)"};
    }
    const std::size_t header_end = std::min(text.find('\n'), text.size());
    std::vector<std::string> header;
    std::string error;
    if (!csv_detail::split_header(text.substr(0, header_end), header, error)) {
        return ReportError{source + ":1: " + error};
    }
    std::vector<std::size_t> present;  // requested column index of each stored column
    auto slots = plan_fields(header, columns, source, present);
    if (!slots) {
        return slots.error();
    }
    const std::string_view body = text.substr(std::min(header_end + 1, text.size()));
    if (trim_blanks(body).find_first_not_of('\n') == std::string_view::npos) {
        return ReportError{source + ": no data rows after the header"};
    }

    const std::size_t parts =
        std::clamp<std::size_t>(body.size() / kMinChunkBytes, 1, std::size_t{2} * std::max(threads, 1U));
    const std::vector<std::size_t> bounds = split_body(body, parts);
    std::vector<std::size_t> capacity(parts);
    parallel_for(parts, threads, [&](std::size_t i) {
        const std::string_view chunk = body.substr(bounds[i], bounds[i + 1] - bounds[i]);
        capacity[i] = count_byte(chunk, '\n') + (!chunk.empty() && chunk.back() != '\n' ? 1 : 0);
    });
    std::vector<std::size_t> offsets(parts + 1, 0);
    for (std::size_t i = 0; i < parts; ++i) {
        offsets[i + 1] = offsets[i] + capacity[i];
    }

    Table table;
    table.source = source;
    std::vector<ColumnSink> sinks;
    for (const std::size_t c : present) {
        Column& col = table.columns.emplace_back();
        col.name = columns[c].name;
        col.kind = columns[c].kind;
        col.kind == ColumnKind::categorical ? col.codes.resize(offsets[parts])
                                            : col.numbers.resize(offsets[parts]);
    }
    for (Column& col : table.columns) {
        sinks.push_back(ColumnSink{col.kind, col.name, col.numbers.data(), col.codes.data()});
    }

    std::vector<ChunkOutput> outputs(parts);
    parallel_for(parts, threads, [&](std::size_t i) {
        csv_detail::parse_chunk(body.substr(bounds[i], bounds[i + 1] - bounds[i]), *slots, sinks, offsets[i],
                                outputs[i]);
    });
    for (const ChunkOutput& out : outputs) {
        if (out.error_at != nullptr) {
            return ReportError{source + ":" + std::to_string(line_of(text, out.error_at)) + ": " + out.error,
                               out.detail};
        }
    }
    compact(table, offsets, outputs);
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        if (table.columns[c].kind == ColumnKind::categorical) {
            merge_categories(table, c, offsets, outputs, threads);
        }
    }
    return table;
}

Result<Table> read_csv_file(const std::string& path, std::span<const ColumnRequest> columns,
                            unsigned threads) {
    auto file = MappedFile::open(path);
    if (!file) {
        return file.error();
    }
    return parse_csv(file->view(), path, columns, threads);
}

}  // namespace steward::reports
