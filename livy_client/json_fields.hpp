#pragma once

// Permissive field readers over Boost.JSON objects (internal to livy_client). A reader records
// the first type mismatch as an error naming the field path; absent and null fields are empty.

#include "livy_client/error.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace livy {

/// Reads optional fields of one JSON object; `where` prefixes error messages ("batch.appInfo").
/// Not thread-safe; cheap to construct.
class JsonFields {
public:
    JsonFields(const boost::json::object& object, std::string where);

    /// string; numbers and booleans are converted to text; null/absent -> empty.
    std::optional<std::string> str(std::string_view key);
    /// integer (also an integral double or a numeric string); null/absent -> empty.
    std::optional<std::int64_t> int64(std::string_view key);
    /// an id: a JSON integer (as its decimal text) or a non-empty string (as is); any other type
    /// is an error; null/absent -> empty.
    std::optional<std::string> id(std::string_view key);
    /// number (or a numeric string); null/absent -> empty.
    std::optional<double> number(std::string_view key);
    /// array of strings (other elements converted to text); a single string becomes one line;
    /// null/absent -> {}.
    std::vector<std::string> str_list(std::string_view key);
    /// object of scalars (converted to text; null values skipped); null/absent -> {}.
    std::map<std::string, std::string> str_map(std::string_view key);
    /// the nested object, or nullptr when null/absent (an error when another type).
    const boost::json::object* object(std::string_view key);
    /// the raw value or nullptr when absent.
    const boost::json::value* raw(std::string_view key) const;

    /// Records a custom error (first one wins).
    void fail(std::string message);
    /// The first recorded error, if any.
    const std::optional<Error>& error() const noexcept { return error_; }
    /// "where.key".
    std::string path(std::string_view key) const;

private:
    const boost::json::object& object_;
    std::string where_;
    std::optional<Error> error_;
};

/// Text for a scalar JSON value (strings as-is, others serialised). Never throws but bad_alloc.
std::string json_to_text(const boost::json::value& v);

/// "string", "array", "object", "number", "bool", "null".
std::string_view json_kind(const boost::json::value& v) noexcept;

/// Parses `body` as JSON; Errc::bad_response "<what>: invalid JSON (...)" with a snippet.
Result<boost::json::value> parse_json_body(std::string_view body, std::string_view what);

/// Requires `v` to be an object; Errc::bad_response "<what>: expected a JSON object, got ...".
Result<const boost::json::object*> require_object(const boost::json::value& v, std::string_view what);

}  // namespace livy
