#pragma once

// The fake Livy served from a thread of its own, for tests whose code under test runs its own
// io_context on the test thread (CLI commands, `steward run`).

#include "tests/fake_livy/fake_livy.hpp"

#include <boost/asio/io_context.hpp>

#include <functional>
#include <string>
#include <thread>

namespace steward::fake_livy {

/// Starts a `FakeLivy` on construction and serves it from a private thread until destruction.
/// Threading: the fake itself may only be touched through `call`, which runs a function on the
/// serving thread and waits for it. Errors: the constructor throws `boost::system::system_error`
/// when it cannot listen; `call` rethrows what the function threw.
class ThreadedFakeLivy {
public:
    explicit ThreadedFakeLivy(FakeLivyOptions options = {});
    ~ThreadedFakeLivy();
    ThreadedFakeLivy(const ThreadedFakeLivy&) = delete;
    ThreadedFakeLivy& operator=(const ThreadedFakeLivy&) = delete;

    /// `http://127.0.0.1:<port>` (fixed at construction; any thread).
    [[nodiscard]] const std::string& base_url() const noexcept { return base_url_; }

    /// Runs `fn(fake)` on the serving thread and returns when it has finished.
    void call(const std::function<void(FakeLivy&)>& fn);

private:
    boost::asio::io_context io_{1};
    FakeLivy fake_;
    std::string base_url_;
    std::thread thread_;
};

}  // namespace steward::fake_livy
