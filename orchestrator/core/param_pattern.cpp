#include "orchestrator/core/param_pattern.hpp"

#include <cctype>
#include <regex>

namespace steward::core {

struct ParamPattern::Impl {
    std::regex regex;
};

namespace {

constexpr std::size_t kMaxRepeat = 1000;
constexpr std::size_t kShownChars = 80;

// The largest number in a `{n}`, `{n,}` or `{n,m}` repeat (0 when there is none). Counting
// every brace, escaped or not, only ever refuses more.
std::size_t largest_repeat(std::string_view pattern) {
    std::size_t largest = 0;
    std::size_t number = 0;
    bool in_braces = false;
    for (const char c : pattern) {
        if (c == '{') {
            in_braces = true;
            number = 0;
        } else if (in_braces && std::isdigit(static_cast<unsigned char>(c)) != 0) {
            number = std::min<std::size_t>(number * 10 + static_cast<std::size_t>(c - '0'), kMaxRepeat + 1);
            largest = std::max(largest, number);
        } else if (in_braces && c == ',') {
            number = 0;
        } else {
            in_braces = false;
        }
    }
    return largest;
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
    if (largest_repeat(pattern) > kMaxRepeat) {
        return Error{"repeats more than " + std::to_string(kMaxRepeat) + " times"};
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
