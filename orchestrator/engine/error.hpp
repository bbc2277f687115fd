#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>
#include <boost/system/system_error.hpp>

#include <string>
#include <type_traits>

namespace steward::engine {

/// Expected failures of an engine command (start a run, cancel it, answer a task), carried in
/// `engine::Error`. Each is a caller or input problem the API maps to a 4xx status.
enum class Errc {
    not_found = 1,     ///< no such workflow, run or task
    invalid_workflow,  ///< the workflow text does not load (the message holds the diagnostics)
    invalid_params,    ///< unknown, missing or ill-typed run parameters
    run_finished,      ///< the run is already succeeded, failed or cancelled
    not_assignee,      ///< the user is not listed and holds none of the listed roles
    task_closed,       ///< the task was already answered, timed out or cancelled
    bad_outcome,       ///< the outcome is not one of the task's outcomes
    form_invalid,      ///< a form value is missing, unknown or of the wrong type
    shutting_down,     ///< the engine is stopping and accepts no new work
};

/// The error category of `engine::Errc`. Thread-safe (a function-local static).
const boost::system::error_category& engine_category() noexcept;

inline boost::system::error_code make_error_code(Errc e) noexcept {
    return {static_cast<int>(e), engine_category()};
}

/// The error value of engine commands: a code and one human-readable sentence naming the place
/// (e.g. "form field 'comment': param 'comment' must be a string, got number"). Plain value type.
struct Error {
    Errc code = Errc::not_found;
    std::string message;

    /// The `error_code` form. Never throws.
    boost::system::error_code error_code() const noexcept { return make_error_code(code); }
};

/// The result of an engine command. `.value()` on an error throws `boost::system::system_error`.
template <class T>
using Result = boost::system::result<T, Error>;

/// Found by ADL from `Result<T>::value()`; throws `boost::system::system_error`.
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

/// Builds an error. Never throws except bad_alloc.
inline Error make_error(Errc code, std::string message) {
    return Error{code, std::move(message)};
}

}  // namespace steward::engine

template <>
struct boost::system::is_error_code_enum<steward::engine::Errc> : std::true_type {};
