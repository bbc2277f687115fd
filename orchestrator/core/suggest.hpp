#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

/// The candidate `word` most likely stands for: a known synonym from other tools' vocabularies
/// when it is a candidate (`retries` -> `retry`, `arguments` -> `args`, `deadline` -> `timeout`),
/// else the closest candidate by edit distance if close enough to be a likely typo (distance at
/// most 2 and at most half of `word`'s length); empty otherwise. Pure.
[[nodiscard]] std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'X'?)" for the closest match, or "" when there is none. Pure.
[[nodiscard]] std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// `did_you_mean` when there is a match; else the candidates, " (WHAT: a, b, c)" (the first 12,
/// then "..."), or " (no WHAT)" when there are none. E.g. WHAT = "declared params". Pure.
[[nodiscard]] std::string did_you_mean_or_list(std::string_view word,
                                               const std::vector<std::string>& candidates,
                                               std::string_view what);

}  // namespace steward::core
