#pragma once

// A Boost.Test fixture: the fake Livy plus a real livy::Client pointed at it, configured with
// millisecond delays so the integration suite runs in seconds.

#include "tests/fake_livy/fake_fixture.hpp"

#include "livy_client/client.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace steward::fake_livy {

/// Short real delays (tens of ms) for tests that let the clock run.
FakeLivyOptions fast_options();

/// A client config for `fake`: short timeouts, fast retries without jitter, fast polling,
/// X-Requested-By "steward-tests", and every attempt appended to `*attempts` (if given).
livy::ClientConfig test_client_config(const FakeLivy& fake,
                                      std::vector<livy::AttemptEvent>* attempts = nullptr);

/// Waits `delay` on a steady_timer (the loop keeps serving the fake meanwhile).
boost::asio::awaitable<void> pause_for(std::chrono::milliseconds delay);

/// The fake with `fast_options()` and a client using `test_client_config`.
struct ClientFixture : FakeFixture {
    explicit ClientFixture(FakeLivyOptions options = fast_options())
        : FakeFixture(std::move(options)), client(io.get_executor(), test_client_config(fake, &attempts)) {}

    /// run_coro on this fixture's loop.
    template <typename T>
    T run(boost::asio::awaitable<T> coro) {
        return run_coro(io, std::move(coro));
    }

    /// Lets the loop run for `delay` (the fake keeps serving).
    void wait(std::chrono::milliseconds delay) { run(pause_for(delay)); }

    std::vector<livy::AttemptEvent> attempts;
    livy::Client client;
};

/// A batch request with `file` and optionally `name`.
inline livy::BatchRequest batch_request(std::string file, std::optional<std::string> name = std::nullopt) {
    livy::BatchRequest r;
    r.file = std::move(file);
    r.name = std::move(name);
    return r;
}

/// The error of a failed result, for test messages ("ok" on success).
template <typename T>
std::string why(const livy::Result<T>& r) {
    return r.has_value() ? std::string("ok") : r.error().describe();
}

/// Milliseconds elapsed since `start`.
inline long long elapsed_ms(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
        .count();
}

}  // namespace steward::fake_livy
