#include "orchestrator/core/params.hpp"

#include "orchestrator/core/duration.hpp"
#include "orchestrator/core/param_pattern.hpp"
#include "orchestrator/core/suggest.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace steward::core {
namespace {

constexpr std::array<std::string_view, 7> kTypeNames{"string",   "number", "integer", "boolean",
                                                     "duration", "enum",   "text"};

std::string choices_of(const std::vector<std::string>& values) {
    std::string choices;
    for (const auto& v : values) {
        choices += (choices.empty() ? "" : ", ") + v;
    }
    return choices;
}

// `values` and `pattern` of a string param.
Expected<Value> check_string(const ParamSpec& spec, const std::string& what, const std::string& text,
                             const Value& value) {
    if (!spec.values.empty() &&
        std::find(spec.values.begin(), spec.values.end(), text) == spec.values.end()) {
        return Error{what + " must be one of " + choices_of(spec.values) + ", got " +
                     quote_refused_value(text)};
    }
    if (!spec.pattern.empty()) {
        const auto pattern = ParamPattern::compile(spec.pattern);
        if (!pattern) {
            return Error{what + ": its pattern " + pattern.error().message};
        }
        if (!pattern->matches(text)) {
            return Error{what + " must match the pattern " + spec.pattern + ", got " +
                         quote_refused_value(text)};
        }
    }
    return value;
}

}  // namespace

std::string_view to_string(ParamType type) noexcept {
    return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<ParamType> param_type_from_string(std::string_view name, bool allow_text) noexcept {
    for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
        if (kTypeNames[i] == name) {
            const auto type = static_cast<ParamType>(i);
            if (type == ParamType::Text && !allow_text) {
                return std::nullopt;
            }
            return type;
        }
    }
    return std::nullopt;
}

Expected<Value> check_param_value(const ParamSpec& spec, const Value& value) {
    const std::string what = "param '" + spec.name + "'";
    auto wrong = [&](std::string_view expected) {
        return Error{what + " must be " + std::string(expected) + ", got " + std::string(type_name(value))};
    };
    switch (spec.type) {
        case ParamType::String:
        case ParamType::Text:
            if (!std::holds_alternative<std::string>(value)) {
                return wrong("a string");
            }
            return check_string(spec, what, std::get<std::string>(value), value);
        case ParamType::Number:
            if (!std::holds_alternative<double>(value)) {
                return wrong("a number");
            }
            return value;
        case ParamType::Integer: {
            const double* number = std::get_if<double>(&value);
            if (number == nullptr) {
                return wrong("an integer");
            }
            if (std::trunc(*number) != *number || std::fabs(*number) > 9007199254740992.0) {
                return Error{what + " must be an integer, got " + format_number(*number)};
            }
            return value;
        }
        case ParamType::Boolean:
            if (!std::holds_alternative<bool>(value)) {
                return wrong("true or false");
            }
            return value;
        case ParamType::DurationText: {
            const std::string* text = std::get_if<std::string>(&value);
            if (text == nullptr) {
                return wrong("a duration such as 30d");
            }
            if (auto parsed = parse_duration(*text); !parsed) {
                return Error{what + ": " + parsed.error().message};
            }
            return value;
        }
        case ParamType::Enum: {
            const std::string* text = std::get_if<std::string>(&value);
            if (text == nullptr ||
                std::find(spec.values.begin(), spec.values.end(), *text) == spec.values.end()) {
                return Error{what + " must be one of " + choices_of(spec.values) + ", got " +
                             to_literal(value)};
            }
            return value;
        }
    }
    return wrong("a value");
}

ResolvedParams resolve_params(const std::vector<ParamSpec>& declared,
                              const std::map<std::string, Value>& given) {
    ResolvedParams out;
    for (const auto& entry : given) {
        const std::string& name = entry.first;
        const Value& value = entry.second;
        const auto it = std::find_if(declared.begin(), declared.end(),
                                     [&name](const ParamSpec& p) { return p.name == name; });
        if (it == declared.end()) {
            std::vector<std::string> names;
            names.reserve(declared.size());
            for (const ParamSpec& p : declared) {
                names.push_back(p.name);
            }
            out.errors.push_back("unknown param '" + name + "'" +
                                 did_you_mean_or_list(name, names, "declared params"));
            out.error_params.push_back(name);
            continue;
        }
        auto checked = check_param_value(*it, value);
        if (!checked) {
            out.errors.push_back(checked.error().message);
            out.error_params.push_back(name);
            continue;
        }
        out.values[name] = std::move(checked).value();
    }
    for (const ParamSpec& p : declared) {
        if (out.values.count(p.name) != 0 || given.count(p.name) != 0) {
            continue;
        }
        if (p.default_value) {
            out.values[p.name] = *p.default_value;
        } else if (p.required) {
            out.errors.push_back("missing required param '" + p.name + "'");
            out.error_params.push_back(p.name);
        } else {
            out.values[p.name] = Value{};  // optional and unset: null
        }
    }
    return out;
}

}  // namespace steward::core
