#pragma once

#include <boost/system/result.hpp>

#include <string>

namespace steward::reports {

/// An expected failure of the reports module (bad input, missing column, empty data).
/// `message` is complete and names the place (file, line, column) when there is one; it never
/// quotes the input's bytes (a header, a field), because it reaches API callers who may not read
/// the file. `detail` holds those bytes when they help (e.g. "the header has: a, b, c"): the
/// server logs it at debug level, `steward report` prints it to its own user; empty otherwise.
struct ReportError {
    std::string message;
    std::string detail{};
};

/// The value-or-error type used by every fallible function of the reports module.
template <class T>
using Result = boost::system::result<T, ReportError>;

/// Called by `Result<T>::value()` on an error (found by ADL); throws `std::runtime_error`
/// carrying the message. Prefer checking `has_value()` at boundaries.
[[noreturn]] void throw_exception_from_error(const ReportError& e, const boost::source_location& loc);

}  // namespace steward::reports
