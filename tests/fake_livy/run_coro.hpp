#pragma once

// run_coro: runs one coroutine to completion on a test's io_context (which may have other work
// forever, like the fake server's accept loop) and returns its value or rethrows its exception.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace steward::fake_livy {

/// Runs `coro` on `io` (from the calling thread) until it finishes and returns its result;
/// rethrows its exception. Throws std::runtime_error if it has not finished after `timeout`
/// (the coroutine is then abandoned; it only touches heap state, so the test can go on).
template <typename T>
T run_coro(boost::asio::io_context& io, boost::asio::awaitable<T> coro,
           std::chrono::steady_clock::duration timeout = std::chrono::seconds(20)) {
    struct Outcome {
        bool done = false;
        std::exception_ptr error;
        std::optional<std::conditional_t<std::is_void_v<T>, bool, T>> value;
    };
    auto outcome = std::make_shared<Outcome>();
    if constexpr (std::is_void_v<T>) {
        boost::asio::co_spawn(io, std::move(coro), [outcome](std::exception_ptr e) {
            outcome->done = true;
            outcome->error = e;
        });
    } else {
        boost::asio::co_spawn(io, std::move(coro), [outcome](std::exception_ptr e, T v) {
            outcome->done = true;
            outcome->error = e;
            if (!e) {
                outcome->value.emplace(std::move(v));
            }
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!outcome->done) {
        if (std::chrono::steady_clock::now() >= deadline) {
            throw std::runtime_error("run_coro: the coroutine did not finish in time");
        }
        if (io.stopped()) {
            io.restart();
        }
        io.run_one_until(deadline);
    }
    if (outcome->error) {
        std::rethrow_exception(outcome->error);
    }
    if constexpr (!std::is_void_v<T>) {
        return std::move(*outcome->value);
    }
}

}  // namespace steward::fake_livy
