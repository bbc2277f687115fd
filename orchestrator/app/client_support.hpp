#pragma once

// Helpers shared by the CLI commands that talk to a running server (runs_command.cpp,
// tasks_command.cpp): argument parsing, JSON field access, tables, GET + parse.

#include <boost/json/value.hpp>

#include <initializer_list>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::app {

/// A parsed command line: options with values (repeatable), boolean flags and positionals.
struct Args {
    std::map<std::string, std::vector<std::string>, std::less<>> values;
    std::set<std::string, std::less<>> flags;
    std::vector<std::string> positional;

    /// The last value of option `name`, if given.
    [[nodiscard]] std::optional<std::string> get(std::string_view name) const;
};

/// Parses `args` given the options that take a value and the boolean flags. On an unknown option
/// or a missing value writes "steward COMMAND: ..." and `usage` to `err` and returns nothing. Pure
/// apart from `err`.
[[nodiscard]] std::optional<Args> parse_args(std::span<const std::string_view> args,
                                             std::initializer_list<std::string_view> with_value,
                                             std::initializer_list<std::string_view> flags,
                                             std::string_view command, std::string_view usage,
                                             std::ostream& err);

/// A JSON value as display text: strings verbatim, null as "", the rest serialized. Pure.
[[nodiscard]] std::string display_text(const boost::json::value& v);
/// `display_text` of member `key` of an object ("" when absent). Pure.
[[nodiscard]] std::string display_field(const boost::json::value& object, std::string_view key);
/// "2024-05-01T10:00:00.123Z" as "2024-05-01 10:00:00". Pure.
[[nodiscard]] std::string short_time(const std::string& iso);
/// Writes rows as left-aligned columns two spaces apart.
void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows);
/// "?a=1&b=x%20y" from the parameters that have a value. Pure.
[[nodiscard]] std::string query_string(
    const std::vector<std::pair<std::string, std::optional<std::string>>>& params);

/// HTTP headers a client command sends.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The `Authorization: Bearer` header from `--token-file FILE` (its first line) or else
/// $STEWARD_TOKEN; no headers when neither is given. On an unreadable or empty file writes one line
/// naming the file (never its content) to `err` and returns nothing.
[[nodiscard]] std::optional<Headers> client_auth(const Args& args, std::string_view command,
                                                 std::ostream& err);

/// GETs `target` from `server` with `headers` and parses the JSON body; on any failure writes one
/// line "steward COMMAND: ..." to `err` and returns nothing. Blocking.
[[nodiscard]] std::optional<boost::json::value> get_json(const std::string& server, const std::string& target,
                                                         const Headers& headers, std::string_view command,
                                                         std::ostream& err);

}  // namespace steward::app
