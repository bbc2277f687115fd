#define BOOST_TEST_MODULE livy_batch_tests
#include <boost/test/unit_test.hpp>

#include "livy_client/log_follower.hpp"
#include "tests/livy/livy_test_support.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <string>
#include <vector>

// Batches against a real Livy: jobs/smoke/smoke_batch.py submitted with arguments.

namespace lt = steward::livy_tests;
using namespace std::chrono_literals;

namespace {

constexpr livy::Millis kBatchWait{300'000};

struct BatchFixture {
    boost::asio::io_context io;
    livy::Client client{io.get_executor(), lt::test_config()};

    BatchFixture() { lt::require_livy(io, client); }

    livy::Batch submit(std::vector<std::string> args, const std::string& name) {
        livy::BatchRequest request;
        request.file = lt::smoke_path("smoke_batch.py");
        request.args = std::move(args);
        request.name = name;
        const auto created = lt::run(io, client.create_batch(request), 120s);
        BOOST_REQUIRE_MESSAGE(created, "POST /batches: " << created.error().describe());
        BOOST_TEST(created->name.value_or("") == name);
        return *created;
    }

    livy::Batch wait(const livy::Id& id) {
        const auto done = lt::run(io, client.wait_for_batch(id, kBatchWait), 360s);
        BOOST_REQUIRE_MESSAGE(done, "waiting for batch " << id << ": " << done.error().describe());
        return *done;
    }

    std::vector<std::string> full_log(const livy::Id& id) {
        const auto page = lt::run(io, client.batch_log(id, livy::LogRange{{}, -1}), 60s);
        BOOST_REQUIRE_MESSAGE(page, "GET log: " << page.error().describe());
        return page->log;
    }
};

bool contains_line(const std::vector<std::string>& log, const std::string& line) {
    return std::find(log.begin(), log.end(), line) != log.end();
}

std::string joined(const std::vector<std::string>& log) {
    std::string text;
    for (const auto& line : log) {
        text += line + "\n";
    }
    return text;
}

/// What the follower test observed.
struct FollowResult {
    std::vector<livy::LogLine> lines;
    int polls = 0;
    int polls_with_new_smoke_lines = 0;
    livy::Result<livy::Batch> final_batch = livy::make_error(livy::Errc::timeout, "not finished");
};

/// Follows batch `id` every 300 ms until it ends, then polls once more.
boost::asio::awaitable<FollowResult> follow_batch(livy::Client& client, const livy::Id& id,
                                                  livy::Millis timeout) {
    FollowResult result;
    livy::LogFollower follower(client, livy::LogSource::batch, id);
    boost::asio::steady_timer timer(client.get_executor());
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool finished = false;
    for (;;) {
        auto batch = co_await client.get_batch(id);
        finished = !batch || livy::is_terminal_batch(batch->state);
        auto lines = co_await follower.poll();
        ++result.polls;
        if (!lines) {
            result.final_batch = lines.error();
            co_return result;
        }
        const bool new_smoke = std::any_of(lines->begin(), lines->end(), [](const livy::LogLine& l) {
            return l.text.rfind("STEWARD_SMOKE_LINE", 0) == 0;
        });
        result.polls_with_new_smoke_lines += new_smoke ? 1 : 0;
        result.lines.insert(result.lines.end(), lines->begin(), lines->end());
        if (finished) {
            result.final_batch = std::move(batch);
            co_return result;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            co_return result;
        }
        timer.expires_after(300ms);
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
}

/// Polls until the batch is gone (404) or reached a terminal state; returns its last state text
/// or "gone".
boost::asio::awaitable<std::string> wait_killed_or_gone(livy::Client& client, const livy::Id& id,
                                                        livy::Millis timeout) {
    boost::asio::steady_timer timer(client.get_executor());
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto batch = co_await client.get_batch(id);
        if (!batch && batch.error().code == livy::Errc::not_found) {
            co_return "gone";
        }
        if (!batch) {
            co_return "error: " + batch.error().describe();
        }
        if (livy::is_terminal_batch(batch->state) || std::chrono::steady_clock::now() >= deadline) {
            co_return batch->state_text;
        }
        timer.expires_after(500ms);
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
}

/// Polls the batch state until it is `running` (or later), for at most `timeout`.
boost::asio::awaitable<livy::Result<livy::StateInfo>> wait_running(livy::Client& client, const livy::Id& id,
                                                                   livy::Millis timeout) {
    boost::asio::steady_timer timer(client.get_executor());
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        auto state = co_await client.batch_state(id);
        if (!state || state->state != livy::BatchState::starting ||
            std::chrono::steady_clock::now() >= deadline) {
            co_return state;
        }
        timer.expires_after(250ms);
        co_await timer.async_wait(boost::asio::use_awaitable);
    }
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(livy_batch, BatchFixture)

BOOST_AUTO_TEST_CASE(batch_with_arguments_succeeds, *boost::unit_test::timeout(600)) {
    const auto tag = lt::unique_name("ok");
    const auto created = submit({"--tag", tag, "--n", "100"}, tag);
    const auto done = wait(created.id);
    const auto log = full_log(created.id);
    BOOST_TEST_MESSAGE("batch " << created.id << " log:\n" << joined(log));
    BOOST_TEST(done.state_text == "success");
    BOOST_TEST(contains_line(log, "STEWARD_SMOKE_OK tag=" + tag + " n=100 sum=5050"));
}

BOOST_AUTO_TEST_CASE(raising_batch_ends_dead, *boost::unit_test::timeout(600)) {
    const auto tag = lt::unique_name("fail");
    const auto created = submit({"--tag", tag, "--fail"}, tag);
    const auto done = wait(created.id);
    const auto log = full_log(created.id);
    BOOST_TEST(done.state_text == "dead");
    BOOST_TEST(contains_line(log, "RuntimeError: steward smoke batch failed on purpose"), "log:\n"
                                                                                              << joined(log));
    BOOST_TEST(joined(log).find("STEWARD_SMOKE_OK") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(deleted_running_batch_ends_killed_or_gone, *boost::unit_test::timeout(600)) {
    const auto tag = lt::unique_name("hold");
    const auto created = submit({"--tag", tag, "--hold", "600"}, tag);
    const auto running = lt::run(io, wait_running(client, created.id, livy::Millis{120'000}), 150s);
    BOOST_REQUIRE_MESSAGE(running, running.error().describe());
    BOOST_REQUIRE_MESSAGE(running->state == livy::BatchState::running,
                          "batch is " << running->state_text << ", not running");
    const auto deleted = lt::run(io, client.delete_batch(created.id), 120s);
    BOOST_REQUIRE_MESSAGE(deleted, "DELETE: " << deleted.error().describe());
    const auto after = lt::run(io, wait_killed_or_gone(client, created.id, livy::Millis{60'000}), 90s);
    BOOST_TEST((after == "gone" || after == "killed"), "after delete the batch is " << after);
}

BOOST_AUTO_TEST_CASE(log_follower_yields_every_line_once, *boost::unit_test::timeout(600)) {
    constexpr int kLines = 40;
    const auto tag = lt::unique_name("follow");
    const auto created = submit({"--tag", tag, "--lines", std::to_string(kLines), "--pace", "0.2"}, tag);
    const auto followed = lt::run(io, follow_batch(client, created.id, kBatchWait), 360s);
    BOOST_REQUIRE_MESSAGE(followed.final_batch, "following: " << followed.final_batch.error().describe());
    BOOST_TEST(followed.final_batch->state_text == "success");

    std::vector<std::string> smoke;
    std::vector<std::string> yielded_stdout;
    for (const auto& line : followed.lines) {
        if (line.section == livy::LogSection::stdout_section) {
            yielded_stdout.push_back(line.text);
        }
        if (line.text.rfind("STEWARD_SMOKE_LINE", 0) == 0) {
            smoke.push_back(line.text);
        }
    }
    std::vector<std::string> expected;
    for (int i = 1; i <= kLines; ++i) {
        expected.push_back("STEWARD_SMOKE_LINE " + std::to_string(i) + "/" + std::to_string(kLines));
    }
    BOOST_TEST(smoke == expected, boost::test_tools::per_element());
    // The lines arrived over several polls, so the dedupe across snapshots was exercised.
    BOOST_TEST(followed.polls_with_new_smoke_lines >= 2);
    // Everything yielded from stdout is exactly the final stdout section (it is far below Livy's
    // 200-line ring buffer, so nothing fell off).
    const auto final_log = full_log(created.id);
    const auto sections = livy::split_log_sections(final_log);
    const auto& final_stdout = sections[static_cast<std::size_t>(livy::LogSection::stdout_section)];
    BOOST_REQUIRE_LT(final_stdout.size(), 200U);
    BOOST_TEST(yielded_stdout == final_stdout, boost::test_tools::per_element());
    BOOST_TEST(contains_line(final_stdout, "STEWARD_SMOKE_OK tag=" + tag + " n=10 sum=55"));
}

BOOST_AUTO_TEST_SUITE_END()
