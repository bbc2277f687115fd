#include "orchestrator/core/suggest.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace steward::core {
namespace {

// Words people write for a name the language spells otherwise (from other tools' vocabularies).
// A synonym is suggested only when its target is among the candidates; a word may have several.
constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kSynonyms{{
    {"retries", "retry"},
    {"retry_policy", "retry"},
    {"arguments", "args"},
    {"argv", "args"},
    {"deadline", "timeout"},
    {"time_limit", "timeout"},
    {"parameters", "params"},
    {"environment", "env"},
    {"cmd", "command"},
    {"assignee", "assignees"},
    {"assigned_to", "assignees"},
    {"choices", "values"},
    {"gateway", "gate"},
    {"approval", "user_task"},
    {"sleep", "wait"},
    {"then", "next"},
    {"then", "goto"},
    {"else", "default"},
}};

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

}  // namespace

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    if (word.size() > 64) {
        return {};
    }
    for (const auto& [synonym, target] : kSynonyms) {
        if (synonym == word && std::find(candidates.begin(), candidates.end(), target) != candidates.end()) {
            return std::string(target);
        }
    }
    std::string best;
    std::size_t best_distance = 3;
    for (const std::string& candidate : candidates) {
        if (candidate.size() > 64) {
            continue;
        }
        const std::size_t d = edit_distance(word, candidate);
        if (d < best_distance && d * 2 <= word.size()) {
            best = candidate;
            best_distance = d;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    const std::string match = closest_match(word, candidates);
    return match.empty() ? std::string() : " (did you mean '" + match + "'?)";
}

std::string did_you_mean_or_list(std::string_view word, const std::vector<std::string>& candidates,
                                 std::string_view what) {
    if (std::string hint = did_you_mean(word, candidates); !hint.empty()) {
        return hint;
    }
    if (candidates.empty()) {
        return " (no " + std::string(what) + ")";
    }
    std::string list;
    for (std::size_t i = 0; i < candidates.size() && i < 12; ++i) {
        list += (i == 0 ? "" : ", ") + candidates[i];
    }
    return " (" + std::string(what) + ": " + list + (candidates.size() > 12 ? ", ...)" : ")");
}

}  // namespace steward::core
