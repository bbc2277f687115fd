#pragma once

#include "orchestrator/core/params.hpp"
#include "orchestrator/engine/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace steward::engine {

// User-task forms and outcomes as the store keeps them (JSON text columns) and the checks on an
// answer. Pure functions; thread-safe.

/// The form of a user task as stored: `{"fields":[{"name","type","required","values","label",
/// "default"}...]}` in the step's order.
[[nodiscard]] std::string form_to_json(const std::vector<core::ParamSpec>& form);

/// The fields back from `form_to_json` text (unknown types become text fields).
[[nodiscard]] std::vector<core::ParamSpec> form_from_json(std::string_view text);

/// The outcomes as stored: a JSON array of strings.
[[nodiscard]] std::string outcomes_to_json(const std::vector<std::string>& outcomes);
[[nodiscard]] std::vector<std::string> outcomes_from_json(std::string_view text);

/// Checks a form answer (`values_json`, a JSON object; empty text means `{}`) against `fields`:
/// every given name is a field, every value has the field's type (as `core::check_param_value`),
/// every required field without a default is given; defaults fill missing optional fields.
/// Returns the normalised values as JSON object text. Errors: `Errc::form_invalid` naming the
/// field, e.g. "form field 'ks': param 'ks' must be a number, got string", "unknown form field
/// 'x' (fields: a, b)", "missing required form field 'comment'", "the form values must be a JSON
/// object".
[[nodiscard]] Result<std::string> check_form(const std::vector<core::ParamSpec>& fields,
                                             std::string_view values_json);

}  // namespace steward::engine
