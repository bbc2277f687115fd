#include "orchestrator/core/suggest.hpp"

#include <algorithm>

namespace steward::core {
namespace {

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

}  // namespace steward::core
