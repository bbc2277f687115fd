// The log follower against the fake's 200-line ring buffers: every line exactly once.
#include "tests/fake_livy/client_fixture.hpp"

#include "livy_client/log_follower.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/test/unit_test.hpp>

using namespace steward::fake_livy;
namespace asio = boost::asio;
namespace utf = boost::unit_test;

namespace {

std::vector<std::string> texts(const std::vector<livy::LogLine>& lines, livy::LogSection section) {
    std::vector<std::string> out;
    for (const auto& l : lines) {
        if (l.section == section) {
            out.push_back(l.text);
        }
    }
    return out;
}

std::vector<std::string> numbered(const std::string& prefix, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        out.push_back(prefix + std::to_string(i));
    }
    return out;
}

// Appends `total` stdout lines to batch 0, `burst` at a time, `gap` apart, concurrently with the
// follower's polls; it never runs more than two bursts ahead of the polls (which the fake
// records), so no line can fall out of the 200-line ring unseen even on a slow machine.
asio::awaitable<void> append_lines(FakeLivy& fake, int total, int burst, Millis gap) {
    std::size_t polls_seen = 0;
    for (int i = 0, bursts = 0; i < total; ++bursts) {
        for (int k = 0; k < burst && i < total; ++k, ++i) {
            fake.model().append_log(Collection::batches, 0, LogStream::stdout_stream,
                                    "line " + std::to_string(i));
        }
        co_await pause_for(gap);
        if (bursts % 2 == 1) {
            while (fake.count_requests("GET", "/batches/0/log") == polls_seen) {
                co_await pause_for(Millis(1));
            }
            polls_seen = fake.count_requests("GET", "/batches/0/log");
        }
    }
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(client_log_follower, ClientFixture)

BOOST_AUTO_TEST_CASE(every_line_exactly_once_across_ring_buffer_shifts, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    livy::LogFollower follower(client, livy::LogSource::batch, "0");
    std::vector<livy::LogLine> seen;
    int next = 0;
    int err = 0;
    // Bursts of varying size (always fewer than 200 between polls), 650 lines in all, so the
    // stdout window wraps three times; stderr grows too.
    for (int round = 0; next < 650; ++round) {
        const int burst = 1 + (round * 37) % 150;
        for (int k = 0; k < burst && next < 650; ++k) {
            fake.model().append_log(Collection::batches, 0, LogStream::stdout_stream,
                                    "out " + std::to_string(next++));
        }
        if (round % 3 == 0) {
            fake.model().append_log(Collection::batches, 0, LogStream::stderr_stream,
                                    "err " + std::to_string(err++));
        }
        auto lines = run(follower.poll());
        BOOST_REQUIRE_MESSAGE(lines.has_value(), why(lines));
        seen.insert(seen.end(), lines->begin(), lines->end());
    }
    const auto polls_before = fake.count_requests("GET", "/batches/0/log");
    auto nothing = run(follower.poll());
    BOOST_REQUIRE_MESSAGE(nothing.has_value(), why(nothing));
    BOOST_TEST(nothing->empty());
    BOOST_TEST(fake.count_requests("GET", "/batches/0/log") == polls_before + 1);
    BOOST_TEST((fake.requests().back().query("size") == std::optional<std::string>("-1")));
    BOOST_TEST(texts(seen, livy::LogSection::stdout_section) == numbered("out ", 650),
               boost::test_tools::per_element());
    BOOST_TEST(texts(seen, livy::LogSection::stderr_section) == numbered("err ", err),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(follows_while_the_fake_appends_concurrently, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    bool appender_done = false;
    asio::co_spawn(io, append_lines(fake, 300, 15, Millis(3)), [&](std::exception_ptr failure) {
        appender_done = true;
        if (failure) {
            std::rethrow_exception(failure);  // surfaces through run_coro
        }
    });
    livy::LogFollower follower(client, livy::LogSource::batch, "0");
    std::vector<livy::LogLine> seen;
    for (;;) {
        const bool last_round = appender_done;  // one more poll after the appender finished
        auto lines = run(follower.poll());
        BOOST_REQUIRE_MESSAGE(lines.has_value(), why(lines));
        seen.insert(seen.end(), lines->begin(), lines->end());
        if (last_round) {
            break;
        }
        wait(Millis(4));
    }
    BOOST_TEST(texts(seen, livy::LogSection::stdout_section) == numbered("line ", 300),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_resumed_follower_does_not_repeat_lines, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    for (int i = 0; i < 120; ++i) {
        fake.model().append_log(Collection::batches, 0, LogStream::stdout_stream, "a" + std::to_string(i));
    }
    livy::LogFollower first(client, livy::LogSource::batch, "0");
    auto part1 = run(first.poll());
    BOOST_REQUIRE_MESSAGE(part1.has_value(), why(part1));
    const auto saved = first.state().to_json();

    for (int i = 0; i < 150; ++i) {  // the window shifts by 70 lines meanwhile
        fake.model().append_log(Collection::batches, 0, LogStream::stdout_stream, "b" + std::to_string(i));
    }
    auto restored = livy::LogFollowerState::from_json(saved);
    BOOST_REQUIRE_MESSAGE(restored.has_value(), why(restored));
    livy::LogFollower second(client, livy::LogSource::batch, "0", *restored);
    auto part2 = run(second.poll());
    BOOST_REQUIRE_MESSAGE(part2.has_value(), why(part2));
    BOOST_TEST(texts(*part1, livy::LogSection::stdout_section) == numbered("a", 120),
               boost::test_tools::per_element());
    BOOST_TEST(texts(*part2, livy::LogSection::stdout_section) == numbered("b", 150),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(following_a_garbage_collected_batch_reports_not_found, *utf::timeout(30)) {
    BOOST_REQUIRE(run(client.create_batch(batch_request("/f.py"))).has_value());
    livy::LogFollower follower(client, livy::LogSource::batch, "0");
    BOOST_REQUIRE(run(follower.poll()).has_value());
    fake.model().forget(Collection::batches, 0);
    const auto r = run(follower.poll());
    BOOST_REQUIRE_MESSAGE(!r.has_value(), "expected an error");
    BOOST_TEST(r.error().code == livy::Errc::not_found);
}

BOOST_AUTO_TEST_SUITE_END()
