#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <variant>

namespace steward::core {

/// Why parsing or evaluating a piece of workflow text failed. `offset` is the byte offset of the
/// offending character within the text that was parsed (0 when the text as a whole is at fault).
struct Error {
    std::string message;
    std::size_t offset = 0;

    bool operator==(const Error&) const = default;
};

/// A value or an `Error`: the standard library-only stand-in for `boost::system::result` that the
/// core module uses for expected, input-dependent failures (core may not include Boost).
/// Accessing the wrong alternative is a programmer error (std::bad_variant_access).
template <class T>
class Expected {
public:
    Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}      // NOLINT: implicit
    Expected(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

    /// True when a value is held.
    [[nodiscard]] bool ok() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    [[nodiscard]] const T& value() const& { return std::get<0>(state_); }
    [[nodiscard]] T& value() & { return std::get<0>(state_); }
    [[nodiscard]] T&& value() && { return std::get<0>(std::move(state_)); }
    const T* operator->() const { return &value(); }
    const T& operator*() const& { return value(); }

    [[nodiscard]] const Error& error() const& { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

}  // namespace steward::core
