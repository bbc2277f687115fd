#include "orchestrator/core/param_pattern.hpp"

#include <cctype>
#include <regex>
#include <vector>

namespace steward::core {

struct ParamPattern::Impl {
    std::regex regex;
};

namespace {

constexpr std::size_t kMaxExpanded = 2000;
constexpr std::size_t kMaxDepth = 32;
constexpr std::size_t kShownChars = 80;

std::size_t capped(std::size_t n) {
    return std::min(n, kMaxExpanded + 1);
}

// How many elements (characters, classes, groups, operators) the pattern has once its `{n,m}`
// repeats are written out, capped just above kMaxExpanded; kMaxExpanded + 1 as well when groups
// nest deeper than kMaxDepth. std::regex builds one automaton state per element and walks chains
// of them recursively, so this bounds both its size and its stack. Approximate where it does not
// matter (escapes, class contents and `(?:` count as single characters), never below the truth.
std::size_t expanded_size(std::string_view pattern) {
    struct Level {
        std::size_t total = 0;
        std::size_t last = 0;  // size of the last atom, which a repeat multiplies
    };
    std::vector<Level> levels(1);
    const auto atom = [&levels](std::size_t size) {
        levels.back().last = size;
        levels.back().total = capped(levels.back().total + size);
    };
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\') {
            ++i;
            atom(1);
        } else if (c == '[') {
            std::size_t j = i + 1;
            j += j < pattern.size() && pattern[j] == '^' ? 1 : 0;
            j += j < pattern.size() && pattern[j] == ']' ? 1 : 0;
            while (j < pattern.size() && pattern[j] != ']') {
                j += pattern[j] == '\\' ? 2 : 1;
            }
            i = j;
            atom(1);
        } else if (c == '(') {
            if (levels.size() > kMaxDepth) {
                return kMaxExpanded + 1;
            }
            levels.emplace_back();
        } else if (c == ')' && levels.size() > 1) {
            const std::size_t inner = levels.back().total;
            levels.pop_back();
            atom(capped(inner + 1));
        } else if (c == '{') {
            std::size_t j = i + 1;
            std::size_t low = 0;
            std::size_t high = 0;
            bool digits = false;
            bool open_ended = false;
            while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j])) != 0) {
                low = capped(low * 10 + static_cast<std::size_t>(pattern[j++] - '0'));
                digits = true;
            }
            high = low;
            if (digits && j < pattern.size() && pattern[j] == ',') {
                ++j;
                open_ended = j < pattern.size() && pattern[j] == '}';
                high = 0;
                while (j < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[j])) != 0) {
                    high = capped(high * 10 + static_cast<std::size_t>(pattern[j++] - '0'));
                }
            }
            if (!digits || j >= pattern.size() || pattern[j] != '}') {
                atom(1);  // not a repeat: a literal brace (std::regex decides)
                continue;
            }
            const std::size_t times = capped(std::max(low, high) + (open_ended ? 1 : 0));
            Level& level = levels.back();
            level.total = capped(level.total - level.last + capped(level.last * times) + 1);
            level.last = capped(level.last * times);
            i = j;
        } else {
            atom(1);
        }
    }
    std::size_t total = 0;
    for (const Level& level : levels) {
        total = capped(total + level.total);
    }
    return total;
}

std::regex::flag_type flags() {
    std::regex::flag_type f = std::regex::ECMAScript;
#ifdef __GLIBCXX__
    // libstdc++ matches by backtracking (exponential time, recursion as deep as the value is long)
    // unless told to simulate the automaton; that mode refuses back-references.
    f |= std::regex_constants::__polynomial;
#endif
    return f;
}

}  // namespace

Expected<ParamPattern> ParamPattern::compile(std::string_view pattern) {
    if (pattern.size() > kMaxPatternLength) {
        return Error{"is longer than " + std::to_string(kMaxPatternLength) + " characters"};
    }
    if (expanded_size(pattern) > kMaxExpanded) {
        return Error{"is too large once its repeats are written out (more than " +
                     std::to_string(kMaxExpanded) + " elements) or nests groups more than " +
                     std::to_string(kMaxDepth) + " deep"};
    }
    try {
        auto impl = std::make_shared<Impl>();
        impl->regex = std::regex(pattern.begin(), pattern.end(), flags());
        return ParamPattern(std::move(impl));
    } catch (const std::regex_error& e) {
        if (e.code() == std::regex_constants::error_complexity ||
            e.code() == std::regex_constants::error_backref) {
            return Error{"is not a valid regular expression: back-references are not supported"};
        }
        return Error{std::string("is not a valid regular expression: ") + e.what()};
    }
}

bool ParamPattern::matches(std::string_view value) const {
    if (value.size() > kMaxPatternValueLength) {
        return false;
    }
    return std::regex_match(value.begin(), value.end(), impl_->regex);
}

std::string quote_refused_value(std::string_view value) {
    std::string out = "'";
    for (const char c : value.substr(0, kShownChars)) {
        out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    }
    out += "'";
    if (value.size() > kShownChars) {
        out.insert(out.size() - 1, "...");
        out += " (" + std::to_string(value.size()) + " characters)";
    }
    return out;
}

}  // namespace steward::core
