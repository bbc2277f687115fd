#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>

// Tiny JSON writers for the few documents the store builds itself (audit details, bound arrays).
// Everything else arrives as JSON text from the caller. Pure functions; thread-safe.

namespace steward::store {

/// `text` as a JSON string literal, quotes included, with control characters escaped.
std::string json_string(std::string_view text);

/// A JSON array of strings.
std::string json_string_array(std::span<const std::string> items);

/// A flat JSON object whose values are already JSON (e.g. from `json_string` or a number).
std::string json_object(std::initializer_list<std::pair<std::string_view, std::string>> members);

}  // namespace steward::store
