#include "orchestrator/workflow/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <regex>

namespace steward::workflow::detail {

void Reader::error(core::SourcePos pos, std::string message) {
    if (diagnostics_.size() < kMaxDiagnostics) {
        diagnostics_.push_back(core::Diagnostic{file_, pos, std::move(message)});
    } else {
        ++dropped_;
    }
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

}  // namespace steward::workflow::detail
