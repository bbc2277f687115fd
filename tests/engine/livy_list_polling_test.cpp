// Batches tracked with Livy's list route (`GET /batches`, one paged round per poll interval for
// every batch) against the fake Livy: request counts by route, fallbacks to per-batch GETs for
// batches the list does not hold and for lists that page oddly or fail, complete logs.

#include "tests/engine/harness.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

constexpr std::string_view kList = "GET /batches";
constexpr std::string_view kState = "GET /batches/{id}/state";
constexpr std::string_view kGet = "GET /batches/{id}";
constexpr std::string_view kLog = "GET /batches/{id}/log";

constexpr std::string_view kWorkflow = R"(name: tracked
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)";

std::uint64_t count(EngineHarness& h, std::string_view route) {
    return h.livy().call([&] { return h.livy().fake().route_count(route); });
}

void clear_counts(EngineHarness& h) {
    h.livy().call([&] {
        h.livy().fake().clear_route_counts();
        return 0;
    });
}

std::vector<RowId> start_runs(EngineHarness& h, int n) {
    std::vector<RowId> runs;
    runs.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        runs.push_back(h.start(kWorkflow));
    }
    return runs;
}

bool all_finished(EngineHarness& h, const std::vector<RowId>& runs, std::chrono::milliseconds timeout = 20s) {
    return h.run_until(
        [&] {
            for (const auto id : runs) {
                if (!store::is_terminal(h.run(id).state)) {
                    return false;
                }
            }
            return true;
        },
        timeout);
}

bool all_succeeded(EngineHarness& h, const std::vector<RowId>& runs) {
    for (const auto id : runs) {
        if (h.run(id).state != store::RunState::succeeded) {
            return false;
        }
    }
    return true;
}

/// The handle's state as the engine last recorded it.
std::string recorded_state(EngineHarness& h, RowId run) {
    auto exec = h.store().runs().latest_step(run, "job");
    if (!exec) {
        return "";
    }
    auto handle = h.store().livy().find_handle(exec->id, store::LivyKind::batch);
    return handle ? handle->state : "";
}

/// Every line of the fake batch's log (markers dropped), as Livy holds it now.
std::vector<std::string> fake_log(EngineHarness& h, const std::string& ref) {
    const auto body = h.livy().call(
        [&] { return h.livy().fake().model().get_log(fake_livy::Collection::batches, ref, 0, -1).body; });
    const json::value reply = json::parse(body);
    std::vector<std::string> lines;
    for (const auto& line : reply.at("log").as_array()) {
        const std::string text(line.as_string());
        if (text != "stdout: " && text != "\nstderr: ") {
            lines.push_back(text);
        }
    }
    return lines;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(livy_list_polling)

BOOST_AUTO_TEST_CASE(fifty_live_batches_are_polled_with_list_requests_only) {
    HarnessOptions options;
    options.fake.model.batch_run = fake_livy::kNever;
    EngineHarness h(options);
    h.settings.livy_log_refresh = 1h;
    h.boot();
    const auto runs = start_runs(h, 50);
    BOOST_REQUIRE(h.run_until([&] {
        for (const auto id : runs) {
            if (recorded_state(h, id) != "running") {
                return false;
            }
        }
        return true;
    }));
    clear_counts(h);
    BOOST_REQUIRE(h.run_until([&] { return count(h, kList) >= 30; }));
    const auto counts = h.livy().call([&] { return h.livy().fake().route_counts(); });
    for (const auto& [route, n] : counts) {
        BOOST_TEST_MESSAGE(route << ": " << n);
    }
    BOOST_TEST(count(h, kState) == 0U);
    BOOST_TEST(count(h, kGet) == 0U);
    BOOST_TEST(count(h, kLog) == 0U);  // no batch printed anything: no log fetched
    BOOST_TEST(counts.size() == 1U);

    // A batch that prints a line: its entry's log tail changes, so its log (only its) is fetched.
    const std::string ref = h.livy_id(runs[7], "job");
    h.livy().call([&] {
        return h.livy().fake().model().append_log(fake_livy::Collection::batches, std::stoi(ref),
                                                  fake_livy::LogStream::stdout_stream, "hello from 7");
    });
    BOOST_REQUIRE(
        h.run_until([&] { return h.log(runs[7], "job") == std::vector<std::string>{"hello from 7"}; }));
    BOOST_TEST(count(h, kLog) == 1U);
    BOOST_TEST(count(h, kState) == 0U);
}

BOOST_AUTO_TEST_CASE(a_batch_missing_from_the_list_is_polled_by_itself_and_gets_its_final_state) {
    EngineHarness h;
    h.boot();
    // A list that never holds the batch (forgotten, or paged away).
    h.livy().call([&] {
        h.livy().fake().add_fault(
            fake_livy::reply_fault("GET", "/batches", 200, R"({"from":0,"total":0,"sessions":[]})", 1, 0));
        return 0;
    });
    const RowId run = h.start(kWorkflow);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(recorded_state(h, run) == "success");
    BOOST_TEST(count(h, kList) >= 1U);
    BOOST_TEST(count(h, kState) >= 1U);
}

BOOST_AUTO_TEST_CASE(a_livy_that_ignores_from_still_tracks_every_batch) {
    HarnessOptions options;
    options.fake.model.list_ignores_from = true;
    options.fake.model.batch_run = 300ms;
    EngineHarness h(options);
    h.settings.livy_list_page_size = 4;  // ten batches: the list only ever shows the first four
    h.boot();
    const auto runs = start_runs(h, 10);
    BOOST_REQUIRE(all_finished(h, runs));
    BOOST_TEST(all_succeeded(h, runs));
    for (const auto id : runs) {
        BOOST_TEST(recorded_state(h, id) == "success");
    }
    BOOST_TEST(count(h, kList) >= 1U);
    BOOST_TEST(count(h, kState) >= 1U);  // the batches beyond the first page, one by one
}

BOOST_AUTO_TEST_CASE(a_livy_that_returns_short_pages_is_paged_to_the_end) {
    HarnessOptions options;
    options.fake.model.list_page_cap = 3;
    options.fake.model.batch_run = fake_livy::kNever;
    EngineHarness h(options);
    h.settings.livy_list_page_size = 4;
    h.boot();
    const auto runs = start_runs(h, 10);
    BOOST_REQUIRE(h.run_until([&] {
        for (const auto id : runs) {
            if (recorded_state(h, id) != "running") {
                return false;
            }
        }
        return true;
    }));
    clear_counts(h);
    BOOST_REQUIRE(h.run_until([&] { return count(h, kList) >= 20; }));
    BOOST_TEST(count(h, kState) == 0U);  // every batch found on a page of three
}

BOOST_AUTO_TEST_CASE(every_line_a_listed_batch_printed_is_stored_once_in_order) {
    HarnessOptions options;
    options.fake.model.batch_log_every = 2ms;  // "tick N" lines while it runs
    options.fake.model.batch_run = 300ms;      // 150 lines: within the fake's 200-line ring
    EngineHarness h(options);
    h.settings.livy_log_interval = 20ms;  // several lines arrive between fetches
    h.settings.livy_log_refresh = 1h;
    h.boot();
    const auto runs = start_runs(h, 3);
    BOOST_REQUIRE(all_finished(h, runs));
    BOOST_TEST(all_succeeded(h, runs));
    for (const auto id : runs) {
        const auto expected = fake_log(h, h.livy_id(id, "job"));
        BOOST_TEST(expected.size() >= 100U);
        BOOST_TEST((h.log(id, "job") == expected));
    }
    BOOST_TEST(count(h, kState) == 0U);
    BOOST_TEST(count(h, kLog) >= 3U);
}

BOOST_AUTO_TEST_CASE(a_failing_list_does_not_fail_runs) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        h.livy().fake().add_fault(
            fake_livy::reply_fault("GET", "/batches", 500, R"({"msg":"broken"})", 1, 0));
        return 0;
    });
    const auto runs = start_runs(h, 3);
    BOOST_REQUIRE(all_finished(h, runs));
    BOOST_TEST(all_succeeded(h, runs));
    BOOST_TEST(count(h, kState) >= 3U);  // each batch polled by itself instead
}

BOOST_AUTO_TEST_CASE(an_undecodable_list_is_backed_off_and_batches_are_polled_by_themselves) {
    HarnessOptions options;
    options.fake.model.batch_run = 1s;
    EngineHarness h(options);
    h.settings.livy_poll_interval = 20ms;
    h.boot();
    h.livy().call([&] {
        h.livy().fake().add_fault(fake_livy::reply_fault("GET", "/batches", 200, "<html>proxy</html>", 1, 0));
        return 0;
    });
    const RowId run = h.start(kWorkflow);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    // About 50 intervals went by; after three failed rounds in a row the list is asked for only
    // every few rounds.
    const auto lists = count(h, kList);
    const auto states = count(h, kState);
    BOOST_TEST_MESSAGE("list " << lists << ", state " << states);
    BOOST_TEST(lists * 2 < states);
}

BOOST_AUTO_TEST_CASE(a_list_that_hangs_is_given_up_at_its_deadline) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        h.livy().fake().add_fault(fake_livy::delay_fault("GET", "/batches", 60s, 1, 0));
        return 0;
    });
    const RowId run = h.start(kWorkflow);
    BOOST_TEST((h.finish(run, 15s) == store::RunState::succeeded));  // 2 s deadline, then its own GET
    BOOST_TEST(count(h, kState) >= 1U);
}

BOOST_AUTO_TEST_CASE(shutdown_ends_the_list_poller_with_no_call_left_in_flight) {
    HarnessOptions options;
    options.fake.model.batch_run = fake_livy::kNever;
    EngineHarness h(options);
    h.boot();
    const RowId run = h.start(kWorkflow);
    BOOST_REQUIRE(h.run_until([&] { return recorded_state(h, run) == "running"; }));
    // Every list reply is held back: the poller is mid-call when the engine shuts down.
    h.livy().call([&] {
        h.livy().fake().add_fault(fake_livy::delay_fault("GET", "/batches", 60s, 1, 0));
        return 0;
    });
    BOOST_REQUIRE(h.run_until([&] { return count(h, kList) >= 1; }));
    bool stopped = false;
    struct Stopped {
        bool* flag;
        void operator()(const std::exception_ptr&) const { *flag = true; }
    };
    boost::asio::co_spawn(h.io(), h.engine().shutdown(), Stopped{&stopped});
    BOOST_REQUIRE(h.run_until([&] { return stopped; }, 1s));  // well before the 2 s call deadline
    const auto lists = count(h, kList);
    BOOST_TEST(!h.run_until([] { return false; }, 100ms));
    BOOST_TEST(count(h, kList) == lists);  // nothing polls after the shutdown
}

BOOST_AUTO_TEST_CASE(list_polling_off_polls_each_batch_by_itself) {
    EngineHarness h;
    h.settings.livy_list_polling = false;
    h.boot();
    const RowId run = h.start(kWorkflow);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(count(h, kList) == 0U);
    BOOST_TEST(count(h, kState) >= 1U);
}

BOOST_AUTO_TEST_SUITE_END()
