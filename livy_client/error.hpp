#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <iosfwd>
#include <string>
#include <string_view>
#include <type_traits>

namespace livy {

/// Expected failures of a Livy call, carried in `livy::Error` (and convertible to `error_code`).
enum class Errc {
    http_status = 1,  ///< Livy answered with a non-2xx status; see the typed error for details
    timeout,          ///< a request or wait exceeded its deadline (outcome unknown)
    connection,       ///< could not connect, or the connection broke mid-request
    bad_response,     ///< the reply was not the JSON Livy documents
    not_found,        ///< 404: the session, batch or statement is gone (possibly garbage collected)
    terminal_state,   ///< a wait ended because the object reached a terminal state it did not want
    cancelled,        ///< the operation was cancelled by the caller
    invalid_request,  ///< the caller's request was rejected before sending (e.g. batch without file)
    tls,              ///< TLS handshake or certificate verification failed
};

/// "http_status", "timeout", ... (the enumerator name). Never throws.
std::string_view to_string(Errc e) noexcept;
/// Streams `to_string(e)` (for logs and test diagnostics).
std::ostream& operator<<(std::ostream& os, Errc e);

/// The error category of `livy::Errc`. Thread-safe (a function-local static).
const boost::system::error_category& livy_category() noexcept;

inline boost::system::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), livy_category()};
}

/// The typed error value of every `livy::Client` call.
///
/// `code` classifies the failure; `http_status` is the HTTP status when Livy answered (0 when no
/// response was received); `message` is the decoded Livy message (`{"msg":...}`, a bare JSON
/// string, or the raw/HTML body trimmed to one line) or a description of the local failure;
/// `method`/`target` name the request that failed (empty for local failures);
/// `outcome_unknown` is true when a request may or may not have taken effect on the server (the
/// connection broke after sending, or a timeout), which matters for non-idempotent POSTs.
/// Plain value type; no threading concerns.
struct Error {
    Errc code = Errc::connection;
    int http_status = 0;
    std::string message;
    std::string method;
    std::string target;
    bool outcome_unknown = false;

    /// The `error_code` form (`make_error_code(code)`). Never throws.
    boost::system::error_code error_code() const noexcept { return make_error_code(code); }

    /// One line for logs and CLIs: "GET /batches/3: HTTP 404 not found in Livy: Session '3' not
    /// found.". Never contains credentials.
    std::string describe() const;
};

/// The result type of every fallible client call: the value or a `livy::Error`.
/// `.value()` on an error throws `livy::Exception` (see below).
template <class T>
using Result = boost::system::result<T, Error>;

/// Thrown only by `Result<T>::value()` on an error (via `throw_exception_from_error`).
class Exception : public boost::system::system_error {
public:
    explicit Exception(Error error);
    /// The carried error.
    const Error& error() const noexcept { return error_; }

private:
    Error error_;
};

/// Found by ADL from `boost::system::result<T, livy::Error>::value()`; throws `livy::Exception`.
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

/// Builds an Error for a local failure (no HTTP status). Never throws except bad_alloc.
Error make_error(Errc code, std::string message);

}  // namespace livy

template <>
struct boost::system::is_error_code_enum<livy::Errc> : std::true_type {};
