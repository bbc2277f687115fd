#include "orchestrator/store/model_coordinates.hpp"

#include <boost/throw_exception.hpp>

#include <cstddef>
#include <stdexcept>
#include <utility>
#include <vector>

namespace steward::store {
namespace {

constexpr std::size_t kMaxNamePart = 128;
constexpr std::size_t kMaxAlias = 64;

bool is_name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

std::string quoted(std::string_view text) {
    return "'" + std::string(text) + "'";
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(
            text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) {
            return parts;
        }
        start = end + 1;
    }
}

// A version number: decimal digits, no sign, no leading zero (so each number has one spelling).
ParseResult<std::int64_t> parse_number(std::string_view text, std::string_view what, std::string_view whole) {
    const auto bad = [&](std::string_view why) {
        return ParseError{"model version " + quoted(whole) + ": " + std::string(what) + " " + quoted(text) +
                          " " + std::string(why)};
    };
    if (text.empty()) {
        return bad("is empty");
    }
    if (text.size() > 1 && text.front() == '0') {
        return bad("has a leading zero");
    }
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return bad("is not a non-negative integer");
        }
        value = value * 10 + (c - '0');
        if (value > kMaxVersionNumber) {
            return bad("is too large");
        }
    }
    return value;
}

ParseResult<ModelName> parse_name_parts(std::string_view group, std::string_view artifact,
                                        std::string_view whole, std::string_view expected) {
    if (!is_valid_name_part(group)) {
        return ParseError{quoted(whole) + ": group " + quoted(group) +
                          " must be 1-128 characters of A-Z a-z 0-9 _ . - (expected " +
                          std::string(expected) + ")"};
    }
    if (!is_valid_name_part(artifact)) {
        return ParseError{quoted(whole) + ": artifact " + quoted(artifact) +
                          " must be 1-128 characters of A-Z a-z 0-9 _ . - (expected " +
                          std::string(expected) + ")"};
    }
    return ModelName{std::string(group), std::string(artifact)};
}

}  // namespace

void throw_exception_from_error(const ParseError& error, const boost::source_location& location) {
    boost::throw_with_location(std::invalid_argument(error.message), location);
}

bool is_valid_name_part(std::string_view part) noexcept {
    if (part.empty() || part.size() > kMaxNamePart) {
        return false;
    }
    for (const char c : part) {
        if (!is_name_char(c)) {
            return false;
        }
    }
    return true;
}

bool is_valid_alias(std::string_view alias) noexcept {
    if (alias.empty() || alias.size() > kMaxAlias) {
        return false;
    }
    const char first = alias.front();
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) {
        return false;
    }
    return is_valid_name_part(alias);
}

ParseResult<ModelName> parse_model_name(std::string_view text) {
    const auto parts = split(text, ':');
    if (parts.size() != 2) {
        return ParseError{"model " + quoted(text) + ": expected group:artifact"};
    }
    return parse_name_parts(parts[0], parts[1], text, "group:artifact");
}

ParseResult<MajorMinor> parse_major_minor(std::string_view text) {
    const auto parts = split(text, '.');
    if (parts.size() != 2) {
        return ParseError{"model version " + quoted(text) + ": expected major.minor (the build is assigned)"};
    }
    auto major = parse_number(parts[0], "major", text);
    if (!major) {
        return major.error();
    }
    auto minor = parse_number(parts[1], "minor", text);
    if (!minor) {
        return minor.error();
    }
    return MajorMinor{*major, *minor};
}

ParseResult<ModelVersionRef> parse_model_version(std::string_view text) {
    constexpr std::string_view kExpected = "group:artifact:major.minor.build";
    const auto parts = split(text, ':');
    if (parts.size() != 3) {
        return ParseError{"model version " + quoted(text) + ": expected " + std::string(kExpected)};
    }
    auto name = parse_name_parts(parts[0], parts[1], text, kExpected);
    if (!name) {
        return name.error();
    }
    const auto numbers = split(parts[2], '.');
    if (numbers.size() != 3) {
        return ParseError{"model version " + quoted(text) + ": version " + quoted(parts[2]) +
                          " must be major.minor.build"};
    }
    ModelVersionRef ref{std::move(*name), 0, 0, 0};
    std::int64_t* targets[] = {&ref.major, &ref.minor, &ref.build};
    constexpr std::string_view kWhat[] = {"major", "minor", "build"};
    for (std::size_t i = 0; i < 3; ++i) {
        auto number = parse_number(numbers[i], kWhat[i], text);
        if (!number) {
            return number.error();
        }
        *targets[i] = *number;
    }
    if (ref.build < 1) {
        return ParseError{"model version " + quoted(text) + ": build numbers start at 1"};
    }
    return ref;
}

std::string format_model_name(const ModelName& name) {
    return name.group + ":" + name.artifact;
}

std::string format_version_number(std::int64_t major, std::int64_t minor, std::int64_t build) {
    return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(build);
}

std::string format_model_version(const ModelVersionRef& version) {
    return format_model_name(version.model) + ":" +
           format_version_number(version.major, version.minor, version.build);
}

}  // namespace steward::store
