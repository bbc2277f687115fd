#pragma once

// Helpers shared by the handlers to read a request's parameters and body. Pure; every error
// names the parameter or body field at fault.

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/errors.hpp"
#include "orchestrator/api/message.hpp"
#include "orchestrator/core/value.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace steward::api {

/// Query parameter `name` as an integer in [min, max], `fallback` when absent.
/// Errors: Errc::invalid_param "query parameter 'limit' must be an integer from 1 to 1000, got 'x'".
[[nodiscard]] ApiResult<std::int64_t> int_query(const Request& request, std::string_view name,
                                                std::int64_t fallback, std::int64_t min, std::int64_t max);

/// The largest `offset` a list accepts; beyond it, page with `before` (docs/api.md, "Paging").
inline constexpr std::int64_t kMaxListOffset = 10'000;

/// One page of a list: `limit`, `offset` and, for the newest-first lists that page by keyset,
/// `before` (only items with a smaller id, or listed after that item: the previous page's
/// `next_before`).
struct PageQuery {
    int limit = 50;
    int offset = 0;
    std::optional<store::RowId> before{};
};

/// The page parameters of a list: `limit` (1..1000, `default_limit` when absent), `offset`
/// (0..kMaxListOffset) and, when `keyset`, `before` (a positive id). Errors: Errc::invalid_param
/// naming the parameter; an offset above the bound says "... at most 10000, got '20000'; page
/// further with 'before' (the previous page's 'next_before')" when `keyset`.
[[nodiscard]] ApiResult<PageQuery> page_query(const Request& request, int default_limit, bool keyset);

/// Query parameter `name` as a boolean ("true" or "false"), `fallback` when absent or empty.
/// Errors: Errc::invalid_param "query parameter 'revoked' must be true or false, got 'yes'".
[[nodiscard]] ApiResult<bool> bool_query(const Request& request, std::string_view name, bool fallback);

/// Query parameter `name` if present and non-empty.
[[nodiscard]] std::optional<std::string> text_query(const Request& request, std::string_view name);

/// The `{id}` path parameter (the router matched it as a number).
/// Errors: Errc::invalid_param when it is out of range.
[[nodiscard]] ApiResult<store::RowId> id_param(const PathParams& params);

/// The body as a JSON object; an empty body is an empty object. Only keys in `allowed` may
/// appear; no object, at any depth, may repeat a key. Errors: Errc::bad_request "the body is not
/// valid JSON: ... (at offset N)", "the body repeats the key 'user' (at offset N)", "the body must
/// be a JSON object", "unknown field 'x' in the body (expected: a, b)".
[[nodiscard]] ApiResult<boost::json::object> json_body(const Request& request,
                                                       std::initializer_list<std::string_view> allowed);

/// JSON run parameters (`{"k": value}`) as engine values: strings, numbers, booleans and null.
/// Errors: Errc::bad_request "param 'x': arrays and objects are not allowed".
[[nodiscard]] ApiResult<std::map<std::string, core::Value>> params_from_json(
    const boost::json::object& params);

}  // namespace steward::api
