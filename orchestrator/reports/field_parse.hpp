#pragma once

#include <cstddef>
#include <string_view>

namespace steward::reports {

/// Parses a number at the start of [first, last): an optional '-', digits with an optional
/// fraction and exponent, or inf/nan (std::from_chars' general format). Correctly rounded: plain
/// decimals of at most 19 digits take Clinger's exact fast path, everything else std::from_chars.
/// Returns the end of the number, or nullptr if no number starts at `first`. Out-of-range values
/// become ±inf or (sub)zero like strtod. Thread-safe; allocates only on that rare path.
const char* parse_number_prefix(const char* first, const char* last, double& out);

/// Parses a whole field as a number, allowing surrounding blanks and a leading '+'.
/// Returns false if the field is not exactly one number.
bool parse_number_field(std::string_view field, double& out);

/// True for the spellings of a missing value accepted in numeric and label fields:
/// empty, NA, N/A, #N/A, null, NULL, None (blanks around them allowed).
bool is_missing_token(std::string_view field) noexcept;

/// Reads a binary label: 0/1 (any numeric spelling of them) or true/false in any case.
/// Returns 0 or 1, -1 for a missing value (see `is_missing_token`), or -2 if it is neither.
int parse_binary_field(std::string_view field);

/// Number of occurrences of `byte` in `text` (word-at-a-time; about memory speed).
std::size_t count_byte(std::string_view text, char byte) noexcept;

/// `field` without leading and trailing blanks (space, tab, carriage return).
std::string_view trim_blanks(std::string_view field) noexcept;

}  // namespace steward::reports
