#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

/// The closest of `candidates` to `word` by edit distance, if close enough to be a likely typo
/// (distance at most 2 and at most half of `word`'s length); empty otherwise. Pure.
[[nodiscard]] std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'X'?)" for the closest match, or "" when there is none. Pure.
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace steward::core
