#include "orchestrator/core/duration_field.hpp"

#include "orchestrator/core/text_template.hpp"

namespace steward::core {

const Duration* literal_duration(const DurationField& field) noexcept {
    return std::get_if<Duration>(&field);
}

std::string duration_text(const DurationField& field) {
    if (const Duration* literal = literal_duration(field)) {
        return format_duration(*literal);
    }
    return std::get<InterpolatedDuration>(field).text;
}

Expected<Duration> resolve_duration(const DurationField& field, const ValueLookup& lookup, bool positive) {
    if (const Duration* literal = literal_duration(field)) {
        return *literal;
    }
    const std::string& text = std::get<InterpolatedDuration>(field).text;
    auto rendered = interpolate(text, lookup);
    if (!rendered) {
        return rendered.error();
    }
    const std::string gave = "'" + text + "' gave '" + rendered.value() + "'";
    auto parsed = parse_duration(rendered.value());
    if (!parsed) {
        const std::string& why = parsed.error().message;
        // "invalid duration 'X' (expected ...)" -> "..., which is not a duration (expected ...)"
        const auto hint = why.find(" (expected");
        return Error{gave + ", which is not a duration" +
                     (why.rfind("invalid duration", 0) == 0 && hint != std::string::npos ? why.substr(hint)
                                                                                         : ": " + why)};
    }
    if (positive && parsed.value() == Duration::zero()) {
        return Error{gave + "; it must be longer than 0s"};
    }
    return parsed.value();
}

}  // namespace steward::core
