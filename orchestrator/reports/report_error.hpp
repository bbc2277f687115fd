#pragma once

#include <boost/system/result.hpp>

#include <string>

namespace steward::reports {

/// An expected failure of the reports module (bad input, missing column, empty data).
/// `message` is complete and names the place (file, line, column) when there is one.
struct ReportError {
    std::string message;
};

/// The value-or-error type used by every fallible function of the reports module.
template <class T>
using Result = boost::system::result<T, ReportError>;

/// Called by `Result<T>::value()` on an error (found by ADL); throws `std::runtime_error`
/// carrying the message. Prefer checking `has_value()` at boundaries.
[[noreturn]] void throw_exception_from_error(const ReportError& e, const boost::source_location& loc);

}  // namespace steward::reports
