#pragma once

#include "tests/fake_livy/faults.hpp"
#include "tests/fake_livy/model.hpp"
#include "tests/fake_livy/recorded_request.hpp"
#include "tests/fake_livy/router.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace boost::asio {
class io_context;
}  // namespace boost::asio

namespace steward::fake_livy {

/// Everything configurable about a fake server.
struct FakeLivyOptions {
    ModelOptions model;                              ///< state-machine delays and limits
    RouterOptions filters;                           ///< CSRF and Basic auth
    std::string address = "127.0.0.1";               ///< listen address
    unsigned short port = 0;                         ///< 0: the OS picks one (see `port()`)
    std::chrono::milliseconds idle_timeout{30'000};  ///< a kept-alive connection idle this long is closed
    /// At most this many requests are kept by `requests()` (later ones are not recorded); the
    /// standalone server sets 0 so long benchmarks do not grow without bound.
    std::size_t max_recorded_requests = SIZE_MAX;
    /// Called with every request the model processed and the reply it computed (before any fault
    /// alters or drops that reply; not for faults that answer without processing). The
    /// standalone server's `--record` uses it to log creates and deletes.
    std::function<void(const RecordedRequest&, const Reply&)> observer{};
};

/// An in-process fake Apache Livy 0.9 REST server for tests: a Beast HTTP/1.1 server whose
/// coroutines run on the caller's `io_context`, with Livy's routes, bodies and state machines
/// (see `Model`), scriptable faults (see `Fault`), and a record of every request received.
///
/// Threading: every member must be called on the thread running the `io_context` (a test between
/// `run_coro` calls, or a coroutine on that context). Lifetime: the coroutines share the server's
/// state, so destroying the `FakeLivy` before the `io_context` (or vice versa) is safe.
/// Errors: `start` throws `boost::system::system_error` if it cannot listen; nothing else throws
/// except on allocation.
class FakeLivy {
public:
    explicit FakeLivy(boost::asio::io_context& io, FakeLivyOptions options = {});
    ~FakeLivy();
    FakeLivy(const FakeLivy&) = delete;
    FakeLivy& operator=(const FakeLivy&) = delete;

    /// Binds and starts accepting (the accept loop runs when the `io_context` runs). After a
    /// `stop` it listens on the same port again (Livy back after an outage); the model is kept.
    void start();
    /// Stops accepting and closes every open connection (pending replies are abandoned): new
    /// connections are refused until `start`.
    void stop();

    /// The bound port (valid after `start`).
    unsigned short port() const noexcept;
    /// `http://127.0.0.1:<port>`.
    std::string base_url() const;

    /// Livy's state; scripting, clock control and inspection live there.
    Model& model() noexcept;
    /// The CSRF and auth filters (changes apply to the next request).
    RouterOptions& filters() noexcept;

    /// Adds a fault (see `Fault` for matching and counting).
    void add_fault(Fault fault);
    /// Removes every fault.
    void clear_faults() noexcept;
    /// How often each fault fired, in insertion order.
    std::vector<unsigned> faults_fired() const;

    /// Every request received so far, in arrival order (including faulted ones).
    const std::vector<RecordedRequest>& requests() const noexcept;
    /// Forgets the recorded requests (connection numbering continues).
    void clear_requests() noexcept;
    /// Recorded requests with this method (empty: any) whose path matches `path_pattern`
    /// (segment glob, see `Fault::path`).
    std::size_t count_requests(std::string_view method, std::string_view path_pattern) const;
    /// Requests received so far by route, "METHOD /path" with the object id as `{id}` and a
    /// statement id as `{sid}` ("GET /batches", "GET /batches/{id}/state", ...). Counted even
    /// when not recorded (`max_recorded_requests`); `GET /_fake/requests` (not counted) answers
    /// the same as a JSON object, for a fake in another process.
    std::map<std::string, std::uint64_t> route_counts() const;
    /// Requests received for one route (as `route_counts` names it); 0 when none.
    std::uint64_t route_count(std::string_view route) const;
    /// Forgets the route counts.
    void clear_route_counts() noexcept;
    /// TCP connections accepted since start.
    std::uint64_t connections_accepted() const noexcept;

    struct State;

private:
    std::shared_ptr<State> state_;
};

}  // namespace steward::fake_livy
