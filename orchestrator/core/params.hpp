#pragma once

#include "orchestrator/core/expected.hpp"
#include "orchestrator/core/source_pos.hpp"
#include "orchestrator/core/value.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

/// The type of a run parameter (and of a user-task form field, which adds `text`). A duration
/// param is written `duration` and its value is the duration's text ("30d"), hence `DurationText`
/// (also keeps clear of `core::Duration`, which GCC's -Wshadow would flag).
enum class ParamType { String, Number, Integer, Boolean, DurationText, Enum, Text };

/// "string", "number", "integer", "boolean", "duration", "enum", "text".
[[nodiscard]] std::string_view to_string(ParamType type) noexcept;

/// Parses a type name; empty optional when unknown. `text` is accepted only if `allow_text`.
[[nodiscard]] std::optional<ParamType> param_type_from_string(std::string_view name,
                                                              bool allow_text) noexcept;

/// A declared run parameter (`params:` entry) or user-task form field (`form:` entry).
/// Values are `Value`s: numbers and integers as numbers, booleans as booleans, and strings,
/// durations (their text, e.g. "30d") and enum choices as strings.
struct ParamSpec {
    std::string name;
    ParamType type = ParamType::String;
    bool required = false;
    std::optional<Value> default_value;
    std::vector<std::string> values;  // the choices of an enum or a string (empty: any string)
    std::string description;          // `description:` (params) or `label:` (form fields)
    Origin origin;
    std::string pattern{};  // string params: an ECMAScript regex the whole value matches

    bool operator==(const ParamSpec&) const = default;
};

/// Checks (and normalises) one value for `spec`: a number for number; an integral number for
/// integer; a boolean; a string for string/text (one of `values` when given, matching `pattern`
/// when given); a string that parses as a duration; one of `values` for enum. Null is refused.
/// Errors (value): a message naming the parameter, e.g. "param 'ks_min' must be a number, got
/// string", "param 'scored' must match the pattern ^hdfs:///.*$, got 'file:///etc/shadow'" (a
/// refused string is quoted to 80 characters at most). Pure; thread-safe.
[[nodiscard]] Expected<Value> check_param_value(const ParamSpec& spec, const Value& value);

/// The outcome of `resolve_params`.
struct ResolvedParams {
    std::map<std::string, Value> values;    // every declared param; null when optional and unset
    std::vector<std::string> errors;        // one message per problem; empty when all is well
    std::vector<std::string> error_params;  // the param each of `errors` is about (same order)
};

/// Resolves the params of a run: `given` (from a trigger, the API or the CLI) checked against
/// `declared`, defaults filled in. Problems: unknown names ("unknown param 'x'"), bad values
/// (as `check_param_value`), and required params without a value ("missing required param
/// 'train_data'"). Pure; thread-safe.
[[nodiscard]] ResolvedParams resolve_params(const std::vector<ParamSpec>& declared,
                                            const std::map<std::string, Value>& given);

}  // namespace steward::core
