#pragma once

// Helpers shared by the tests that drive livy::Client against a real local Livy
// (scripts/livy-local.sh start). Test-only code; everything runs on the calling thread.

#include "livy_client/client.hpp"
#include "livy_client/config.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace steward::livy_tests {

/// Where the tests find Livy: env LIVY_URL, default http://127.0.0.1:8998. Never throws except
/// bad_alloc.
std::string livy_url();

/// Absolute path of `relative` under the repository's jobs/smoke/ (from STEWARD_SOURCE_DIR).
std::string smoke_path(std::string_view relative);

/// The code of jobs/smoke/statements/<name>. Throws std::runtime_error naming the path when it
/// cannot be read.
std::string read_statement(std::string_view name);

/// A name unique to this process and call, e.g. "steward-test-1234-1700000000-3-batch". Never
/// all digits (Livy rejects those).
std::string unique_name(std::string_view suffix);

/// Client settings for the tests: LIVY_URL, requested_by "steward-livy-tests", polling from
/// 250 ms up to 2 s.
livy::ClientConfig test_config();

/// Runs `op` to completion on `io` (on this thread), for at most `budget`. Rethrows what `op`
/// throws; throws std::runtime_error when the budget runs out (the operation is then abandoned
/// and `io` must not be reused).
template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> op, std::chrono::seconds budget) {
    std::optional<T> result;
    std::exception_ptr failure;
    auto on_done = [&result, &failure](std::exception_ptr e, T value) {
        failure = e;
        if (!e) {
            result.emplace(std::move(value));
        }
    };
    boost::asio::co_spawn(io, std::move(op), on_done);
    io.restart();
    io.run_for(budget);
    if (failure) {
        std::rethrow_exception(failure);
    }
    if (!result) {
        throw std::runtime_error("test operation did not finish within " + std::to_string(budget.count()) +
                                 " s");
    }
    return std::move(*result);
}

/// Checks that Livy answers `GET /version` with 0.9.x. Throws std::runtime_error with a message
/// that names the URL, the client error and how to start the local Livy otherwise, so that the
/// `livy` tests fail loudly instead of skipping.
void require_livy(boost::asio::io_context& io, livy::Client& client);

}  // namespace steward::livy_tests
