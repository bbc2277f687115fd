#pragma once

#include <boost/system/error_code.hpp>

#include <type_traits>

namespace livy {

/// Expected failures of a Livy call, carried in `boost::system::result` / `error_code`.
enum class Errc {
    http_status = 1,   ///< Livy answered with a non-2xx status; see the typed error for details
    timeout,           ///< a request or wait exceeded its deadline (outcome unknown)
    connection,        ///< could not connect, or the connection broke mid-request
    bad_response,      ///< the reply was not the JSON Livy documents
    not_found,         ///< 404: the session, batch or statement is gone (possibly garbage collected)
    terminal_state,    ///< a wait ended because the object reached a terminal state it did not want
    cancelled,         ///< the operation was cancelled by the caller
};

/// The error category of `livy::Errc`. Thread-safe (a function-local static).
const boost::system::error_category& livy_category() noexcept;

inline boost::system::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), livy_category()};
}

}  // namespace livy

template <>
struct boost::system::is_error_code_enum<livy::Errc> : std::true_type {};
