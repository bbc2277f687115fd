#include "orchestrator/engine/json_values.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <string_view>

namespace steward::engine {

namespace json = boost::json;

namespace {

// Appends `text` as a JSON string. Text without a character to escape (the usual case: ids, names,
// times) is copied; the rest goes through Boost.JSON, so the output is what json::serialize writes.
void append_string(std::string_view text, std::string& out) {
    for (const char c : text) {
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) {
            out += json::serialize(json::string_view(text.data(), text.size()));
            return;
        }
    }
    out += '"';
    out += text;
    out += '"';
}

template <class Integer>
void append_integer(Integer number, std::string& out) {
    std::array<char, 24> buffer{};
    const auto end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number).ptr;
    out.append(buffer.data(), end);
}

// Appends the compact JSON text of `value`, with numbers as core::format_number writes them.
// Scalars are written here rather than by json::serialize, which costs a serializer and a string
// per call (this writes every API response).
void append_json(const json::value& value, std::string& out) {
    switch (value.kind()) {
        case json::kind::null: out += "null"; return;
        case json::kind::bool_: out += value.get_bool() ? "true" : "false"; return;
        case json::kind::int64: append_integer(value.get_int64(), out); return;
        case json::kind::uint64: append_integer(value.get_uint64(), out); return;
        case json::kind::string: {
            const json::string& text = value.get_string();
            append_string(std::string_view(text.data(), text.size()), out);
            return;
        }
        case json::kind::double_: {
            const double d = value.get_double();
            out += std::isfinite(d) ? core::format_number(d) : "null";
            return;
        }
        case json::kind::array: {
            out += '[';
            bool first = true;
            for (const json::value& item : value.get_array()) {
                out += first ? "" : ",";
                first = false;
                append_json(item, out);
            }
            out += ']';
            return;
        }
        case json::kind::object: {
            out += '{';
            bool first = true;
            for (const auto& member : value.get_object()) {
                out += first ? "" : ",";
                first = false;
                append_string(member.key(), out);
                out += ':';
                append_json(member.value(), out);
            }
            out += '}';
            return;
        }
    }
}

}  // namespace

core::Value to_value(const json::value& value) {
    switch (value.kind()) {
        case json::kind::null: return core::Value{};
        case json::kind::bool_: return core::Value{value.get_bool()};
        case json::kind::int64: return core::Value{static_cast<double>(value.get_int64())};
        case json::kind::uint64: return core::Value{static_cast<double>(value.get_uint64())};
        case json::kind::double_: return core::Value{value.get_double()};
        case json::kind::string: return core::Value{std::string(value.get_string())};
        case json::kind::array:
        case json::kind::object: return core::Value{json_text(value)};
    }
    return core::Value{};
}

// Braces instead of json::value(...) would make a one-element JSON array (initializer list).
// NOLINTBEGIN(modernize-return-braced-init-list)
json::value to_json(const core::Value& value) {
    if (const auto* b = std::get_if<bool>(&value)) {
        return json::value(*b);
    }
    if (const auto* d = std::get_if<double>(&value)) {
        if (std::trunc(*d) == *d && std::fabs(*d) <= kMaxExactInteger) {
            return json::value(static_cast<std::int64_t>(*d));  // integers stay integers
        }
        return json::value(*d);
    }
    if (const auto* s = std::get_if<std::string>(&value)) {
        return json::value(*s);
    }
    return json::value(nullptr);
}
// NOLINTEND(modernize-return-braced-init-list)

json::object object_from_text(std::string_view text) {
    if (text.empty()) {
        return {};
    }
    boost::system::error_code ec;
    json::value parsed = json::parse(text, ec);
    if (ec || !parsed.is_object()) {
        return {};
    }
    return std::move(parsed.as_object());
}

std::map<std::string, core::Value> values_from_json_text(std::string_view text) {
    std::map<std::string, core::Value> out;
    for (const auto& member : object_from_text(text)) {
        out.emplace(std::string(member.key()), to_value(member.value()));
    }
    return out;
}

std::string values_to_json_text(const std::map<std::string, core::Value>& values) {
    json::object object;
    for (const auto& [key, value] : values) {
        object[key] = to_json(value);
    }
    return json_text(object);
}

std::optional<OutputLine> parse_output_line(std::string_view line) {
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos) {
        return std::nullopt;
    }
    line.remove_prefix(start);
    if (line.substr(0, kOutputMarker.size()) != kOutputMarker) {
        return std::nullopt;
    }
    line.remove_prefix(kOutputMarker.size());
    if (!line.empty() && line.front() != ' ' && line.front() != '\t') {
        return std::nullopt;  // e.g. STEWARD_OUTPUTS: another word
    }
    OutputLine out;
    boost::system::error_code ec;
    json::value parsed = json::parse(line, ec);
    if (ec) {
        out.error = "STEWARD_OUTPUT line is not valid JSON (" + ec.message() + ")";
    } else if (!parsed.is_object()) {
        out.error = "STEWARD_OUTPUT line must hold a JSON object, e.g. STEWARD_OUTPUT {\"rows\": 10}";
    } else {
        out.values = std::move(parsed.as_object());
    }
    return out;
}

void merge_outputs(json::object& into, const json::object& from) {
    for (const auto& member : from) {
        into[member.key()] = member.value();
    }
}

std::string json_text(const json::value& value) {
    std::string out;
    append_json(value, out);
    return out;
}

}  // namespace steward::engine
