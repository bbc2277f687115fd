// The read pool (docs/store.md, "Read connections"): read-only connections on their own threads
// see what the writer committed before each job, refuse writes, and the queue is bounded.
#include "orchestrator/store/read_pool.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

// Runs `job` on `pool` and waits for its answer.
template <class Job>
auto on_pool(ReadPool& pool, Job job) {
    using Result = decltype(job(std::declval<ReadView>()));
    auto promise = std::make_shared<std::promise<Result>>();
    auto answer = promise->get_future();
    BOOST_TEST_REQUIRE(pool.submit([promise, job](ReadView view) {
        try {
            promise->set_value(job(view));
        } catch (...) {
            promise->set_exception(std::current_exception());
        }
    }));
    BOOST_TEST_REQUIRE((answer.wait_for(std::chrono::seconds(10)) == std::future_status::ready));
    return answer.get();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(read_pool, StoreFixture)

BOOST_AUTO_TEST_CASE(a_read_connection_sees_each_commit_of_the_writer) {
    ReadPool pool(tmp.path(), {.threads = 2});
    const auto count = [](ReadView view) { return view.runs.list_runs({.limit = 1000}).value().size(); };
    BOOST_TEST(on_pool(pool, count) == 0u);
    make_run();
    BOOST_TEST(on_pool(pool, count) == 1u);
    {
        auto tx = store().transaction();
        make_run();
        BOOST_TEST(on_pool(pool, count) == 1u);  // not committed yet: not seen
        tx.commit();
    }
    BOOST_TEST(on_pool(pool, count) == 2u);
}

BOOST_AUTO_TEST_CASE(a_read_connection_refuses_writes) {
    const RowId definition = make_definition();
    ReadPool pool(tmp.path(), {.threads = 1});
    BOOST_CHECK_THROW(
        on_pool(pool,
                [definition](ReadView view) { return view.runs.create_run(definition, "{}", "manual", 1); }),
        StoreError);
}

BOOST_AUTO_TEST_CASE(the_queue_is_bounded) {
    std::mutex mutex;
    std::condition_variable changed;
    bool open = false;
    int entered = 0;
    ReadPool pool(tmp.path(), {.threads = 1, .max_queued = 1, .before_job = [&] {
                                   std::unique_lock lock(mutex);
                                   ++entered;
                                   changed.notify_all();
                                   changed.wait_for(lock, std::chrono::seconds(10), [&] { return open; });
                               }});
    std::promise<void> done;
    BOOST_TEST(pool.submit([](ReadView) {}));
    {
        std::unique_lock lock(mutex);
        changed.wait_for(lock, std::chrono::seconds(10), [&] { return entered == 1; });
    }
    BOOST_TEST(pool.submit([&done](ReadView) { done.set_value(); }));  // waits for the thread
    BOOST_TEST(pool.pending() == 2u);
    BOOST_TEST(!pool.submit([](ReadView) {}));  // beyond the queue: refused at once
    {
        const std::lock_guard lock(mutex);
        open = true;
    }
    changed.notify_all();
    BOOST_TEST((done.get_future().wait_for(std::chrono::seconds(10)) == std::future_status::ready));
}

BOOST_AUTO_TEST_CASE(an_in_memory_or_missing_database_has_no_read_connection) {
    BOOST_CHECK_THROW(ReadPool(tmp.dir().string() + "/missing.db", {}), StoreError);
    BOOST_CHECK_THROW(ReadPool(tmp.path(), {.threads = 0}), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
