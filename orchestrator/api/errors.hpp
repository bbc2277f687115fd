#pragma once

#include "orchestrator/api/message.hpp"

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <type_traits>
#include <vector>

namespace steward::api {

/// Failures the API itself detects in a request (the engine and store bring their own codes).
enum class Errc {
    bad_request = 1,         ///< a malformed request: bad target, bad JSON body, wrong field types
    invalid_param,           ///< a query or path parameter with a bad value (the message names it)
    not_found,               ///< no route for the path
    method_not_allowed,      ///< the path exists but not with this method
    unknown_user,            ///< the acting user is missing or not in the server config
    payload_too_large,       ///< the body exceeds the configured limit
    unauthenticated,         ///< no valid credentials (401)
    forbidden,               ///< authenticated, but the permission, host, origin or CSRF token is wrong (403)
    too_many_requests,       ///< sign-in throttled (429)
    unsupported_media_type,  ///< a mutation whose body is not application/json (415)
    internal,                ///< an unexpected failure; details are logged, never sent
};

/// The error category of `api::Errc`. Thread-safe (a function-local static).
const boost::system::error_category& api_category() noexcept;

inline boost::system::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), api_category()};
}

/// An expected failure of a command or handler: a code of any category the API knows (api,
/// store, engine) and one sentence for the client naming the problem. Plain value type.
struct ApiError {
    boost::system::error_code code;
    std::string message;
};

/// The result of a command behind the API.
template <class T>
using ApiResult = boost::system::result<T, ApiError>;

/// Found by ADL from `ApiResult<T>::value()`; throws `boost::system::system_error`.
[[noreturn]] void throw_exception_from_error(const ApiError& e, const boost::source_location& loc);

/// The one mapping from error codes to HTTP statuses (api, store and engine categories; any
/// other code is 500; engine shutting_down is 503). Pure; never throws.
[[nodiscard]] int http_status(const boost::system::error_code& code) noexcept;

/// The stable snake_case name clients see in `{"error":{"code": ...}}` ("task_closed",
/// "not_found", ...); "internal" for codes the API does not know. Pure; never throws.
[[nodiscard]] std::string error_name(const boost::system::error_code& code);

/// `{"error":{"code":NAME,"message":MESSAGE}}` with the status of `http_status`. An internal
/// error (status 500) never carries the given message (the caller logs it instead). Never
/// throws but bad_alloc.
[[nodiscard]] Response error_response(const ApiError& error);

/// A problem with one field of a request (a run param, a form field), for a client to show next
/// to that field.
struct FieldError {
    std::string field;
    std::string message;
};

/// As `error_response(error)`, with `"details":[{"field":...,"message":...}]` added to the
/// `error` object when `details` is not empty (never on a 500). Never throws but bad_alloc.
[[nodiscard]] Response error_response(const ApiError& error, const std::vector<FieldError>& details);

/// Shorthand for `error_response({make_error_code(code), message})`.
[[nodiscard]] Response error_response(Errc code, std::string message);

/// The answer to an unexpected store failure (`store::StoreError` with SQLite's code): a full
/// disk is 507 `storage_full` with a sentence saying so (nothing of the request was written; the
/// server refuses new work until space is freed); anything else is the generic 500. Pure.
[[nodiscard]] Response store_failure_response(int sqlite_code);

}  // namespace steward::api

template <>
struct boost::system::is_error_code_enum<steward::api::Errc> : std::true_type {};
