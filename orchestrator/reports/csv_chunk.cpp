#include "orchestrator/reports/csv_chunk.hpp"

#include "orchestrator/reports/fast_decimal.hpp"
#include "orchestrator/reports/field_parse.hpp"
#include "orchestrator/reports/plain_fields.hpp"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace steward::reports::csv_detail {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr std::size_t kQuoteLimit = 40;

std::string quote_text(std::string_view text) {
    std::string s{"'"};
    s.append(text.substr(0, kQuoteLimit));
    s.append(text.size() > kQuoteLimit ? "...'" : "'");
    return s;
}

// Reads a quoted field at p (*p == '"'). On success p is past the closing quote and `field`
// views the content (unescaped into `scratch` when it held ""). False if no closing quote
// precedes the end of the line.
bool read_quoted(const char*& p, const char* end, std::string& scratch, std::string_view& field,
                 bool& copied) {
    const char* start = ++p;
    copied = false;
    for (;;) {
        while (p < end && *p != '"' && *p != '\n') {
            ++p;
        }
        if (p == end || *p == '\n') {
            return false;
        }
        if (p + 1 < end && p[1] == '"') {  // escaped quote
            if (!copied) {
                scratch.assign(start, p);
                copied = true;
            } else {
                scratch.append(start, p);
            }
            scratch.push_back('"');
            p += 2;
            start = p;
            continue;
        }
        if (copied) {
            scratch.append(start, p);
            field = scratch;
        } else {
            field = std::string_view(start, static_cast<std::size_t>(p - start));
        }
        ++p;
        return true;
    }
}

// Stores a field's text (the slow path: anything that is not a plain number). Returns false
// with `error` (naming the column) and `detail` (quoting the text) set if the text is not valid
// for the column.
bool store_text(const ColumnSink& sink, CategoryDict& dict, std::string_view text, bool copied,
                std::size_t row, std::string& error, std::string& detail) {
    switch (sink.kind) {
        case ColumnKind::numeric: {
            double v = 0;
            if (is_missing_token(text)) {
                sink.numbers[row] = kNaN;
            } else if (parse_number_field(text, v)) {
                sink.numbers[row] = v;
            } else {
                error = "column '" + sink.name + "': the field is not a number";
                detail = "the field is " + quote_text(text);
                return false;
            }
            return true;
        }
        case ColumnKind::binary: {
            const int b = parse_binary_field(text);
            if (b == -2) {
                error = "column '" + sink.name +
                        "': the label is not 0 or 1 (a numeric target needs --task regression)";
                detail = "the label is " + quote_text(text);
                return false;
            }
            sink.numbers[row] = b < 0 ? kNaN : static_cast<double>(b);
            return true;
        }
        case ColumnKind::categorical: {
            const std::string_view value = trim_blanks(text);
            sink.codes[row] = value.empty() ? kMissingCode : dict.code(value, copied);
            return true;
        }
    }
    return true;
}

bool ends_line(const char* p, const char* end) {
    return p == end || *p == '\n' || (*p == '\r' && (p + 1 == end || p[1] == '\n'));
}

// The first ',' or '\n' at or after p (or end), eight bytes at a time: in x - 0x01..01 & ~x &
// 0x80..80 the lowest set bit marks the first zero byte of x exactly (borrows only run upward).
const char* field_end(const char* p, const char* end) {
    constexpr std::uint64_t kOnes = fast_decimal::kOnes;
    constexpr std::uint64_t kHigh = 0x80 * kOnes;
    while (end - p >= 8) {
        std::uint64_t v = 0;
        std::memcpy(&v, p, sizeof v);
        const std::uint64_t comma = v ^ (',' * kOnes);
        const std::uint64_t newline = v ^ ('\n' * kOnes);
        const std::uint64_t hits = (((comma - kOnes) & ~comma) | ((newline - kOnes) & ~newline)) & kHigh;
        if (hits != 0) {
            return p + (std::countr_zero(hits) >> 3);
        }
        p += 8;
    }
    while (p < end && *p != ',' && *p != '\n') {
        ++p;
    }
    return p;
}

// One field of a row as the plain-row path handles it, resolved once per chunk.
struct PlainField {
    enum class Kind : std::uint8_t { skip, number, label, category };
    Kind kind = Kind::skip;
    double* numbers = nullptr;
    std::uint32_t* codes = nullptr;
    CategoryDict* dict = nullptr;
};

std::vector<PlainField> plain_fields_of(const std::vector<FieldSlot>& slots,
                                        const std::vector<ColumnSink>& sinks,
                                        std::vector<CategoryDict>& dicts) {
    std::vector<PlainField> fields(slots.size());
    for (std::size_t f = 0; f < slots.size(); ++f) {
        if (!slots[f].used) {
            continue;
        }
        const ColumnSink& sink = sinks[slots[f].column];
        PlainField& out = fields[f];
        out.numbers = sink.numbers;
        out.codes = sink.codes;
        out.dict = &dicts[slots[f].column];
        out.kind = sink.kind == ColumnKind::numeric  ? PlainField::Kind::number
                   : sink.kind == ColumnKind::binary ? PlainField::Kind::label
                                                     : PlainField::Kind::category;
    }
    return fields;
}

// Parses one row at p when every field is plain: numbers as `plain_fields::parse_decimal` takes
// them, labels "0"/"1", categories without quotes or surrounding blanks, unused fields without a
// leading quote, LF or CRLF line ends. Returns the start of the next line, or nullptr when the row
// is anything else (blank, quoted, missing values, errors), which the general loop then reads
// from p, so both paths give the same result for a row that both accept.
const char* plain_row(const char* p, const char* end, std::size_t row, const std::vector<PlainField>& fields,
                      plain_fields::SeparatorScan& separators) {
    if (*p == '\n' || *p == '\r') {
        return nullptr;
    }
    const PlainField* const last = &fields.back();
    for (const PlainField* field = fields.data();; ++field) {
        const char* const separator = separators.next(p);
        if (separator == end || *separator != (field == last ? '\n' : ',')) {
            return nullptr;
        }
        // A CR before the newline ends the line (CRLF), as in the general loop.
        const char* const e =
            field == last && separator > p && separator[-1] == '\r' ? separator - 1 : separator;
        switch (field->kind) {
            case PlainField::Kind::skip:
                if (*p == '"') {
                    return nullptr;
                }
                break;
            case PlainField::Kind::number:
                if (static_cast<std::size_t>(end - p) < plain_fields::kDecimalReadAhead ||
                    !plain_fields::parse_decimal(p, e, field->numbers[row])) {
                    return nullptr;
                }
                break;
            case PlainField::Kind::label:
                if (e - p != 1 || (*p != '0' && *p != '1')) {
                    return nullptr;
                }
                field->numbers[row] = *p - '0';
                break;
            case PlainField::Kind::category:
                if (e == p || *p <= ' ' || *p == '"' || e[-1] <= ' ') {
                    return nullptr;
                }
                field->codes[row] = field->dict->code(std::string_view(p, static_cast<std::size_t>(e - p)));
                break;
        }
        p = separator + 1;
        if (field == last) {
            return p;
        }
    }
}

}  // namespace

void parse_chunk(std::string_view chunk, const std::vector<FieldSlot>& slots,
                 const std::vector<ColumnSink>& sinks, std::size_t first_row, ChunkOutput& out) {
    const char* p = chunk.data();
    const char* const end = p + chunk.size();
    const std::size_t nfields = slots.size();
    out.dicts.resize(sinks.size());
    std::string scratch;
    std::size_t row = first_row;
    plain_fields::SeparatorScan separators{p, end};
    const std::vector<PlainField> fields = plain_fields_of(slots, sinks, out.dicts);
    const auto fail = [&](const char* at, std::string message, std::string detail = {}) {
        out.error_at = at;
        out.error = std::move(message);
        out.detail = std::move(detail);
        out.rows = row - first_row;
    };
    while (p < end) {
        if (const char* next = plain_row(p, end, row, fields, separators)) {
            p = next;
            ++row;
            continue;
        }
        if (ends_line(p, end)) {  // blank line
            p += (*p == '\r' && p + 1 < end) ? 2 : 1;
            continue;
        }
        const char* const line_start = p;
        for (std::size_t f = 0;; ++f) {
            const FieldSlot& slot = slots[f];
            const char* const field_start = p;
            std::string_view text;
            bool have_text = false;
            bool copied = false;
            if (*p == '"') {
                if (!read_quoted(p, end, scratch, text, copied)) {
                    return fail(field_start, "unterminated quoted field (a field cannot span lines)");
                }
                if (!ends_line(p, end) && *p != ',') {
                    return fail(p, "unexpected character after a closing quote");
                }
                have_text = slot.used;
            } else if (!slot.used) {
                p = field_end(p, end);
            } else if (slot.kind == ColumnKind::categorical) {
                p = field_end(p, end);
                text = std::string_view(field_start, static_cast<std::size_t>(p - field_start));
                // Fast path: a plain value without surrounding blanks or a CR before the newline.
                if (!text.empty() && text.front() > ' ' && text.back() > ' ') {
                    sinks[slot.column].codes[row] = out.dicts[slot.column].code(text);
                } else {
                    have_text = true;
                }
            } else {
                double v = 0;
                const char* q = nullptr;
                if (slot.kind == ColumnKind::binary && (*p == '0' || *p == '1') && p + 1 < end &&
                    (p[1] == ',' || p[1] == '\n' || p[1] == '\r')) {
                    v = *p - '0';
                    q = p + 1;
                } else {
                    q = end - p >= 18 ? fast_decimal::parse(p, v) : nullptr;
                    q = q != nullptr ? q : parse_number_prefix(p, end, v);
                }
                if (q != nullptr && q != p && (q == end || *q == ',' || *q == '\n' || *q == '\r') &&
                    (slot.kind == ColumnKind::numeric || v == 0.0 || v == 1.0)) {
                    sinks[slot.column].numbers[row] = v;
                    p = q;
                } else {
                    p = field_end(p, end);
                    text = std::string_view(field_start, static_cast<std::size_t>(p - field_start));
                    have_text = true;
                }
            }
            if (have_text) {
                std::string error;
                std::string detail;
                if (!store_text(sinks[slot.column], out.dicts[slot.column], text, copied, row, error,
                                detail)) {
                    return fail(field_start, std::move(error), std::move(detail));
                }
            }
            if (p < end && *p == ',') {
                ++p;
                if (f + 1 == nfields) {
                    return fail(line_start, "expected " + std::to_string(nfields) +
                                                " fields as in the header, found more");
                }
                continue;
            }
            if (p < end && *p == '\r') {
                ++p;
            }
            if (p < end && *p != '\n') {
                return fail(p, "stray carriage return inside a line");
            }
            if (f + 1 != nfields) {
                return fail(line_start, "expected " + std::to_string(nfields) +
                                            " fields as in the header, found " + std::to_string(f + 1));
            }
            if (p < end) {
                ++p;
            }
            break;
        }
        ++row;
    }
    out.rows = row - first_row;
}

bool split_header(std::string_view line, std::vector<std::string>& names, std::string& error) {
    const char* p = line.data();
    const char* const end = p + line.size();
    std::string scratch;
    for (;;) {
        std::string_view text;
        if (p < end && *p == '"') {
            bool copied = false;
            if (!read_quoted(p, end, scratch, text, copied)) {
                error = "unterminated quoted column name";
                return false;
            }
            while (p < end && *p != ',') {
                ++p;
            }
        } else {
            const char* start = p;
            while (p < end && *p != ',') {
                ++p;
            }
            text = std::string_view(start, static_cast<std::size_t>(p - start));
        }
        names.emplace_back(trim_blanks(text));
        if (p == end) {
            return true;
        }
        ++p;
    }
}

}  // namespace steward::reports::csv_detail
