#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>

// Model registry coordinates: "group:artifact" names a model, "group:artifact:major.minor.build" one
// immutable version of it. Pure functions, no I/O, safe to call from any thread.

namespace steward::store {

/// Why a coordinate did not parse; `message` quotes the text and names the part that is wrong.
struct ParseError {
    std::string message{};
};

/// Lets `ParseResult<T>::value()` throw (as std::invalid_argument) when used on an error.
[[noreturn]] void throw_exception_from_error(const ParseError& error, const boost::source_location& location);

template <class T>
using ParseResult = boost::system::result<T, ParseError>;

/// A model: group and artifact, each `[A-Za-z0-9_.-]+` (at most 128 characters).
struct ModelName {
    std::string group{};
    std::string artifact{};
    friend bool operator==(const ModelName&, const ModelName&) = default;
};

/// A version's number without its build: the part a `register_model` step names.
struct MajorMinor {
    std::int64_t major = 0;
    std::int64_t minor = 0;
    friend bool operator==(const MajorMinor&, const MajorMinor&) = default;
};

/// One version of one model.
struct ModelVersionRef {
    ModelName model{};
    std::int64_t major = 0;
    std::int64_t minor = 0;
    std::int64_t build = 0;
    friend bool operator==(const ModelVersionRef&, const ModelVersionRef&) = default;
};

/// The largest major, minor or build number accepted (fits any 32-bit consumer).
inline constexpr std::int64_t kMaxVersionNumber = 2147483647;

/// True if `part` is a valid group or artifact: 1..128 characters of `[A-Za-z0-9_.-]`.
bool is_valid_name_part(std::string_view part) noexcept;

/// True if `alias` is a valid alias name: a letter, then up to 63 of `[A-Za-z0-9_.-]`
/// ("champion", "challenger"). Starting with a letter keeps aliases apart from version numbers.
bool is_valid_alias(std::string_view alias) noexcept;

/// Parses "group:artifact". The error message quotes `text` and says what is wrong.
ParseResult<ModelName> parse_model_name(std::string_view text);

/// Parses "major.minor": non-negative decimal integers without sign or leading zeros.
ParseResult<MajorMinor> parse_major_minor(std::string_view text);

/// Parses "group:artifact:major.minor.build" (build >= 1).
ParseResult<ModelVersionRef> parse_model_version(std::string_view text);

/// "group:artifact".
std::string format_model_name(const ModelName& name);
/// "major.minor.build".
std::string format_version_number(std::int64_t major, std::int64_t minor, std::int64_t build);
/// "group:artifact:major.minor.build".
std::string format_model_version(const ModelVersionRef& version);

}  // namespace steward::store
