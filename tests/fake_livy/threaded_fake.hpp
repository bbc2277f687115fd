#pragma once

// The fake Livy served from a thread of its own, for tests whose code under test runs its own
// io_context on the test thread (the engine harness, CLI commands, `steward run`).

#include "tests/fake_livy/fake_livy.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <future>
#include <string>
#include <thread>

namespace steward::fake_livy {

/// Starts a `FakeLivy` on construction and serves it from a private thread until destruction.
/// Threading: the fake itself may only be touched inside `call`, which runs a function on the
/// serving thread and returns its value. Errors: the constructor throws
/// `boost::system::system_error` when it cannot listen; `call` rethrows what the function threw.
class FakeLivyThread {
public:
    explicit FakeLivyThread(FakeLivyOptions options = {});
    ~FakeLivyThread();
    FakeLivyThread(const FakeLivyThread&) = delete;
    FakeLivyThread& operator=(const FakeLivyThread&) = delete;

    /// Runs `f()` on the serving thread and returns its value when it has finished.
    template <class F>
    auto call(F f) -> decltype(f()) {
        std::packaged_task<decltype(f())()> task(std::move(f));
        auto future = task.get_future();
        boost::asio::post(io_, [&task] { task(); });
        return future.get();
    }

    /// `http://127.0.0.1:<port>` (fixed at construction; any thread).
    [[nodiscard]] std::string base_url() const { return url_; }
    /// Requests with `method` on paths matching `pattern` (see Fault::path).
    std::size_t count(std::string method, std::string pattern) {
        return call([&] { return fake_.count_requests(method, pattern); });
    }

    FakeLivy& fake() noexcept { return fake_; }  ///< only inside `call`

private:
    boost::asio::io_context io_{1};
    FakeLivy fake_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
    std::string url_;
    std::thread thread_;
};

}  // namespace steward::fake_livy
