#include "orchestrator/workflow/yaml_reader.hpp"

#include "orchestrator/core/suggest.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>

namespace steward::workflow::detail {

void Reader::error(core::SourcePos pos, std::string message) {
    diagnostics_.push_back(core::Diagnostic{file_, pos, std::move(message)});
}

core::SourcePos Reader::pos(const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null() || mark.line < 0) {
        return core::SourcePos{1, 1};
    }
    return core::SourcePos{mark.line + 1, mark.column + 1};
}

core::SourcePos Reader::inside(const YAML::Node& scalar, std::size_t offset, bool* exact) const {
    const core::SourcePos start = pos(scalar);
    if (exact != nullptr) {
        *exact = false;
    }
    const YAML::Mark mark = scalar.Mark();
    if (mark.is_null() || mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= source_.size() ||
        !scalar.IsScalar()) {
        return start;
    }
    const std::string& value = scalar.Scalar();
    std::size_t at = static_cast<std::size_t>(mark.pos);
    int shift = 0;
    if (source_[at] == '"' || source_[at] == '\'') {
        ++at;
        shift = 1;
    }
    // Exact only if the whole value appears verbatim in the source on one line.
    if (value.find('\n') != std::string::npos || source_.substr(at, value.size()) != value) {
        return start;  // multi-line, block or escaped: point at the scalar
    }
    if (exact != nullptr) {
        *exact = true;
    }
    return core::SourcePos{start.line, start.col + shift + static_cast<int>(offset)};
}

void Reader::spend() {
    if (++spent_ > kNodeBudget) {
        throw BudgetExceeded{};
    }
}

bool Reader::check_template(const YAML::Node& node, const std::string& text) {
    if (!core::has_interpolation(text)) {
        return true;
    }
    auto parsed = core::TextTemplate::parse(text);
    if (!parsed) {
        error(inside(node, parsed.error().offset), "invalid expression: " + parsed.error().message);
        return false;
    }
    TextSite site;
    site.pos = inside(node, 0, &site.columns_exact);
    site.text = std::move(parsed).value();
    sites_.push_back(std::move(site));
    return true;
}

std::optional<core::Expression> Reader::parse_condition(const YAML::Node& node) {
    const core::Value value = scalar_value(node);
    if (const bool* b = std::get_if<bool>(&value)) {
        auto constant = core::Expression::parse(*b ? "true" : "false");
        return std::move(constant).value();
    }
    std::string text = node.Scalar();
    // `${...}` around a whole condition is tolerated: strip it.
    if (text.size() > 3 && text.compare(0, 2, "${") == 0 && text.back() == '}' &&
        text.find("${", 2) == std::string::npos) {
        text = text.substr(2, text.size() - 3);
        auto parsed = core::Expression::parse(text);
        if (!parsed) {
            error(inside(node, parsed.error().offset + 2), "invalid expression: " + parsed.error().message);
            return std::nullopt;
        }
        TextSite site;
        site.pos = inside(node, 2, &site.columns_exact);
        site.condition = parsed.value();
        sites_.push_back(std::move(site));
        return std::move(parsed).value();
    }
    auto parsed = core::Expression::parse(text);
    if (!parsed) {
        error(inside(node, parsed.error().offset), "invalid expression: " + parsed.error().message);
        return std::nullopt;
    }
    TextSite site;
    site.pos = inside(node, 0, &site.columns_exact);
    site.condition = parsed.value();
    sites_.push_back(std::move(site));
    return std::move(parsed).value();
}

bool is_plain(const YAML::Node& node) {
    return node.IsScalar() && node.Tag() == "?";
}

bool is_null(const YAML::Node& node) {
    if (!node.IsDefined() || node.IsNull()) {
        return true;
    }
    if (!is_plain(node)) {
        return false;
    }
    const std::string& s = node.Scalar();
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::string describe(const YAML::Node& node) {
    if (is_null(node)) {
        return "null";
    }
    if (node.IsMap()) {
        return "a mapping";
    }
    if (node.IsSequence()) {
        return "a list";
    }
    std::string text = node.Scalar();
    if (text.size() > 40) {
        text = text.substr(0, 37) + "...";
    }
    return "'" + text + "'";
}

core::Value scalar_value(const YAML::Node& node) {
    if (is_null(node)) {
        return core::Value{};
    }
    const std::string& s = node.Scalar();
    if (!is_plain(node)) {
        return s;
    }
    if (s == "true" || s == "True" || s == "TRUE") {
        return true;
    }
    if (s == "false" || s == "False" || s == "FALSE") {
        return false;
    }
    static const std::regex kNumber(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
    if (s.size() < 64 && std::regex_match(s, kNumber)) {
        const char* begin = s.data() + (s.front() == '+' ? 1 : 0);
        double value = 0;
        const auto [end, ec] = std::from_chars(begin, s.data() + s.size(), value);
        if (ec == std::errc{} && end == s.data() + s.size() && std::isfinite(value)) {
            return value;
        }
    }
    return s;
}

std::string subject(std::string_view key, std::string_view context) {
    return "'" + std::string(key) + "' in " + std::string(context);
}

bool is_identifier(std::string_view text) noexcept {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    });
}

MapReader::MapReader(Reader& reader, const YAML::Node& node, std::string context, core::Origin* origin)
    : reader_(reader), context_(std::move(context)), origin_(origin), pos_(Reader::pos(node)) {
    reader_.spend();
    if (origin_ != nullptr) {
        origin_->pos = pos_;
    }
    if (!node.IsMap()) {
        reader_.error(node, context_ + " must be a mapping, got " + describe(node));
        return;
    }
    ok_ = true;
    for (auto it = node.begin(); it != node.end(); ++it) {
        reader_.spend();
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            reader_.error(key, "keys in " + context_ + " must be names, got " + describe(key));
            continue;
        }
        const std::string name = key.Scalar();
        if (name == "<<" && is_plain(key)) {
            reader_.error(key, "YAML merge keys ('<<') are not supported in workflow files; write the fields out");
            continue;
        }
        if (const Entry* first = find(name)) {
            reader_.error(key, "duplicate field '" + name + "' in " + context_ + " (first given at line " +
                                   std::to_string(Reader::pos(first->key_node).line) + ")");
            continue;
        }
        entries_.push_back(Entry{name, key, it->second});
    }
}

const MapReader::Entry* MapReader::find(std::string_view key) const {
    for (const Entry& e : entries_) {
        if (e.key == key) {
            return &e;
        }
    }
    return nullptr;
}

void MapReader::declare(std::string_view key) {
    if (std::find(declared_.begin(), declared_.end(), key) == declared_.end()) {
        declared_.emplace_back(key);
    }
}

bool MapReader::has(std::string_view key) const { return find(key) != nullptr; }

core::SourcePos MapReader::key_pos(std::string_view key) const {
    const Entry* e = find(key);
    return e == nullptr ? pos_ : Reader::pos(e->key_node);
}

std::optional<YAML::Node> MapReader::field(std::string_view key, Need need) {
    declare(key);
    const Entry* e = find(key);
    if (e == nullptr) {
        if (need == Need::Required && ok_) {
            reader_.error(pos_, "missing required field '" + std::string(key) + "' in " + context_);
        }
        return std::nullopt;
    }
    reader_.spend();
    // yaml-cpp places a null value's mark at the next token: use the key's position instead.
    const core::SourcePos at = is_null(e->value) ? Reader::pos(e->key_node) : Reader::pos(e->value);
    if (origin_ != nullptr) {
        origin_->fields[std::string(key)] = at;
    }
    if (is_null(e->value)) {
        reader_.error(at, subject(key, context_) + " has no value");
        return std::nullopt;
    }
    return e->value;
}

void MapReader::field_error(std::string_view key, const std::string& what) {
    const Entry* e = find(key);
    const core::SourcePos at = e == nullptr ? pos_ : (is_null(e->value) ? Reader::pos(e->key_node) : Reader::pos(e->value));
    reader_.error(at, subject(key, context_) + " " + what);
}

std::optional<std::string> MapReader::scalar_text(const YAML::Node& value, std::string_view key) {
    if (!value.IsScalar()) {
        reader_.error(value, subject(key, context_) + " must be a string, got " + describe(value));
        return std::nullopt;
    }
    return value.Scalar();
}

std::optional<std::string> MapReader::text(std::string_view key, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    auto out = scalar_text(*value, key);
    if (out && out->empty() && need == Need::Required) {
        reader_.error(*value, subject(key, context_) + " is empty");
        return std::nullopt;
    }
    return out;
}

std::optional<std::string> MapReader::templ(std::string_view key, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    auto out = scalar_text(*value, key);
    if (!out) {
        return std::nullopt;
    }
    if (out->empty() && need == Need::Required) {
        reader_.error(*value, subject(key, context_) + " is empty");
        return std::nullopt;
    }
    if (!reader_.check_template(*value, *out)) {
        return std::nullopt;
    }
    return out;
}

std::optional<bool> MapReader::boolean(std::string_view key, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    const core::Value v = scalar_value(*value);
    if (const bool* b = std::get_if<bool>(&v); b != nullptr && value->IsScalar()) {
        return *b;
    }
    reader_.error(*value, subject(key, context_) + " must be true or false, got " + describe(*value));
    return std::nullopt;
}

std::optional<long long> MapReader::integer(std::string_view key, long long min, long long max, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    const core::Value v = value->IsScalar() && is_plain(*value) ? scalar_value(*value) : core::Value{std::string()};
    const double* d = std::get_if<double>(&v);
    if (d == nullptr || std::trunc(*d) != *d) {
        reader_.error(*value, subject(key, context_) + " must be an integer, got " + describe(*value));
        return std::nullopt;
    }
    if (*d < static_cast<double>(min) || *d > static_cast<double>(max)) {
        reader_.error(*value, subject(key, context_) + " must be between " + std::to_string(min) + " and " +
                                  std::to_string(max) + ", got " + core::format_number(*d));
        return std::nullopt;
    }
    return static_cast<long long>(*d);
}

std::optional<double> MapReader::number(std::string_view key, double min, double max, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    const core::Value v = value->IsScalar() && is_plain(*value) ? scalar_value(*value) : core::Value{std::string()};
    const double* d = std::get_if<double>(&v);
    if (d == nullptr) {
        reader_.error(*value, subject(key, context_) + " must be a number, got " + describe(*value));
        return std::nullopt;
    }
    if (*d < min || *d > max) {
        reader_.error(*value, subject(key, context_) + " must be between " + core::format_number(min) + " and " +
                                  core::format_number(max) + ", got " + core::format_number(*d));
        return std::nullopt;
    }
    return *d;
}

std::optional<core::Duration> MapReader::duration(std::string_view key, Need need, bool positive) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    if (!value->IsScalar()) {
        reader_.error(*value, subject(key, context_) + " must be a duration such as 90s, got " + describe(*value));
        return std::nullopt;
    }
    auto parsed = core::parse_duration(value->Scalar());
    if (!parsed) {
        reader_.error(*value, subject(key, context_) + ": " + parsed.error().message);
        return std::nullopt;
    }
    if (positive && parsed.value() == core::Duration::zero()) {
        reader_.error(*value, subject(key, context_) + " must be longer than 0s");
        return std::nullopt;
    }
    return parsed.value();
}

std::optional<std::vector<std::string>> MapReader::text_list(std::string_view key, bool templates, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    if (!value->IsSequence()) {
        reader_.error(*value, subject(key, context_) + " must be a list, got " + describe(*value));
        return std::nullopt;
    }
    std::vector<std::string> out;
    bool good = true;
    for (const YAML::Node& item : *value) {
        reader_.spend();
        if (!item.IsScalar() || is_null(item)) {
            reader_.error(item, "items of " + subject(key, context_) + " must be strings, got " + describe(item));
            good = false;
            continue;
        }
        if (templates && !reader_.check_template(item, item.Scalar())) {
            good = false;
            continue;
        }
        out.push_back(item.Scalar());
    }
    if (need == Need::Required && good && out.empty()) {
        reader_.error(*value, subject(key, context_) + " is empty");
        return std::nullopt;
    }
    return good ? std::optional(std::move(out)) : std::nullopt;
}

std::optional<std::map<std::string, std::string>> MapReader::text_map(std::string_view key, bool templates, Need need) {
    auto value = field(key, need);
    if (!value) {
        return std::nullopt;
    }
    if (!value->IsMap()) {
        reader_.error(*value, subject(key, context_) + " must be a mapping, got " + describe(*value));
        return std::nullopt;
    }
    std::map<std::string, std::string> out;
    bool good = true;
    for (auto it = value->begin(); it != value->end(); ++it) {
        reader_.spend();
        const YAML::Node k = it->first;
        const YAML::Node v = it->second;
        if (!k.IsScalar() || k.Scalar().empty()) {
            reader_.error(k, "keys of " + subject(key, context_) + " must be names, got " + describe(k));
            good = false;
            continue;
        }
        if (out.count(k.Scalar()) != 0) {
            reader_.error(k, "duplicate key '" + k.Scalar() + "' in " + subject(key, context_));
            good = false;
            continue;
        }
        if (!v.IsScalar() || is_null(v)) {
            reader_.error(is_null(v) ? k : v, "'" + k.Scalar() + "' in " + subject(key, context_) +
                                                  " must be a string, got " + describe(v));
            good = false;
            continue;
        }
        if (templates && !reader_.check_template(v, v.Scalar())) {
            good = false;
            continue;
        }
        out[k.Scalar()] = v.Scalar();
    }
    return good ? std::optional(std::move(out)) : std::nullopt;
}

std::optional<std::string> MapReader::choice(std::string_view key, const std::vector<std::string>& choices, Need need) {
    auto value = text(key, need);
    if (!value) {
        return std::nullopt;
    }
    if (std::find(choices.begin(), choices.end(), *value) == choices.end()) {
        std::string list;
        for (const auto& c : choices) {
            list += (list.empty() ? "" : ", ") + c;
        }
        field_error(key, "must be one of " + list + ", got '" + *value + "'" + core::did_you_mean(*value, choices));
        return std::nullopt;
    }
    return value;
}

void MapReader::finish() {
    if (!ok_) {
        return;
    }
    for (const Entry& e : entries_) {
        if (std::find(declared_.begin(), declared_.end(), e.key) != declared_.end()) {
            continue;
        }
        reader_.error(e.key_node, "unknown field '" + e.key + "' in " + context_ + core::did_you_mean(e.key, declared_));
    }
}

}  // namespace steward::workflow::detail
