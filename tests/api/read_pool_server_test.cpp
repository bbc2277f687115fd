// The list queries on the read pool (docs/store.md, "Read connections"): while a list query is
// held on the pool, the io thread stays free (health answers at once), a full queue answers 503
// with Retry-After at once, and the held query, once released, sees what the writer committed
// meanwhile. A test hook holds the pool's jobs until released.
#include "orchestrator/api/server.hpp"
#include "orchestrator/core/metrics.hpp"
#include "orchestrator/store/read_pool.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"
#include "tests/fake_livy/run_coro.hpp"
#include "tests/store/temp_db.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace api = steward::api;
namespace store = steward::store;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using steward::fake_livy::run_coro;
using tcp = asio::ip::tcp;

namespace {

// Holds every pool job until `release()` (or 10 s, so that a failing test cannot hang).
struct Hold {
    std::mutex mutex;
    std::condition_variable opened;
    bool open = false;
    int entered = 0;

    void wait() {
        std::unique_lock lock(mutex);
        ++entered;
        opened.wait_for(lock, std::chrono::seconds(10), [this] { return open; });
    }
    void release() {
        {
            const std::lock_guard lock(mutex);
            open = true;
        }
        opened.notify_all();
    }
    int jobs_entered() {
        const std::lock_guard lock(mutex);
        return entered;
    }
};

// A loopback server whose list queries run on a one-thread pool (one more job may wait) over a
// database file; authentication comes from the harness (tester's token).
struct PoolFixture {
    store::test::TempDb tmp;
    store::Store file{tmp.path()};
    asio::io_context io{1};
    api::test::AccessHarness harness;
    std::string token = harness.token("tester");
    std::shared_ptr<Hold> hold = std::make_shared<Hold>();
    store::ReadPool pool{
        tmp.path(),
        store::ReadPoolSettings{.threads = 1, .max_queued = 1, .before_job = [h = hold] { h->wait(); }}};
    steward::core::metrics::Registry metrics;
    api::Context context{file, harness.commands, harness.auth, harness.access, &metrics, nullptr, &pool};
    api::Server server{io.get_executor(), settings(), context};

    PoolFixture() { server.start(); }
    ~PoolFixture() { hold->release(); }

    static api::ServerSettings settings() {
        api::ServerSettings s;
        s.port = 0;
        return s;
    }

    // Runs the io_context until `done()` holds.
    void run_until(const std::function<bool()>& done) { run_coro(io, wait_for(io, done)); }

    static asio::awaitable<void> wait_for(asio::io_context& context_io, std::function<bool()> condition) {
        asio::steady_timer timer(context_io);
        while (!condition()) {
            timer.expires_after(std::chrono::milliseconds(2));
            co_await timer.async_wait(asio::use_awaitable);
        }
    }

    // Sends GET `target` on a new connection; the response lands in the returned slot.
    std::shared_ptr<std::optional<http::response<http::string_body>>> send(std::string target) {
        auto slot = std::make_shared<std::optional<http::response<http::string_body>>>();
        asio::co_spawn(io, call(io, server.port(), token, std::move(target), slot), asio::detached);
        return slot;
    }

    static asio::awaitable<void> call(
        asio::io_context& context_io, unsigned short port, std::string bearer, std::string target,
        std::shared_ptr<std::optional<http::response<http::string_body>>> slot) {
        beast::tcp_stream stream(context_io);
        stream.expires_after(std::chrono::seconds(15));
        co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                      asio::use_awaitable);
        http::request<http::string_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::authorization, "Bearer " + bearer);
        co_await http::async_write(stream, req, asio::use_awaitable);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        co_await http::async_read(stream, buffer, res, asio::use_awaitable);
        *slot = std::move(res);
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(read_pool_server)

BOOST_AUTO_TEST_CASE(health_answers_while_a_list_query_is_held_on_the_pool) {
    PoolFixture f;
    const auto def = f.file.runs().upsert_definition("churn", "name: churn", "hash1", 1000);
    f.file.runs().create_run(def, "{}", "manual", 1000);

    const auto listed = f.send("/api/runs");
    f.run_until([&] { return f.hold->jobs_entered() == 1; });
    const auto health = f.send("/api/health");
    f.run_until([&] { return health->has_value(); });
    BOOST_TEST((*health)->result_int() == 200);
    BOOST_TEST(!listed->has_value());  // still held on the pool

    // One more list query waits in the queue; the next one is refused at once.
    const auto queued = f.send("/api/tasks?state=all");
    f.run_until([&] { return f.pool.pending() == 2; });
    const auto refused = f.send("/api/reports");
    f.run_until([&] { return refused->has_value(); });
    BOOST_TEST((*refused)->result_int() == 503);
    BOOST_TEST(std::string((**refused)[http::field::retry_after]) == "1");
    BOOST_TEST(boost::json::parse((*refused)->body()).at("error").at("code").as_string() == "busy");
    BOOST_TEST(!listed->has_value());

    // Committed by the writer while the query was held: the read connection sees it.
    f.file.runs().create_run(def, "{}", "manual", 2000);
    f.hold->release();
    f.run_until([&] { return listed->has_value() && queued->has_value(); });
    BOOST_TEST((*listed)->result_int() == 200);
    BOOST_TEST(boost::json::parse((*listed)->body()).at("runs").as_array().size() == 2u);
    BOOST_TEST((*queued)->result_int() == 200);
    BOOST_TEST(boost::json::parse((*queued)->body()).at("tasks").as_array().empty());

    // The metrics count each with its final status.
    auto& counted = f.metrics.counter("steward_http_requests_total", "", {"method", "route", "status"});
    BOOST_TEST(counted.value({"GET", "/api/reports", "503"}) == 1);
    BOOST_TEST(counted.value({"GET", "/api/reports", "200"}) == 0);
    BOOST_TEST(counted.value({"GET", "/api/runs", "200"}) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
