#include "orchestrator/engine/clock.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>

namespace asio = boost::asio;
using steward::engine::ManualClock;
using steward::engine::Millis;

namespace {

/// Records when (on the manual clock) a wait ended and with what result.
struct WaitProbe {
    std::optional<bool> result;
    Millis woke_at = -1;
};

asio::awaitable<void> wait_and_record(ManualClock& clock, Millis due, WaitProbe& probe) {
    probe.result = co_await clock.wait_until(due);
    probe.woke_at = clock.now();
}

struct Spawned {
    void operator()(std::exception_ptr) const {}
};

}  // namespace

BOOST_AUTO_TEST_SUITE(manual_clock)

BOOST_AUTO_TEST_CASE(waiters_wake_only_when_time_reaches_their_due_time) {
    asio::io_context io;
    ManualClock clock(1'000);
    WaitProbe early;
    WaitProbe late;
    asio::co_spawn(io, wait_and_record(clock, 1'500, early), Spawned{});
    asio::co_spawn(io, wait_and_record(clock, 3'000, late), Spawned{});
    io.poll();
    BOOST_TEST(clock.waiting() == 2U);
    BOOST_TEST(clock.next_due() == 1'500);

    clock.advance(499);
    io.poll();
    BOOST_TEST(!early.result.has_value());

    clock.advance(1);
    io.poll();
    BOOST_REQUIRE(early.result.has_value());
    BOOST_TEST(*early.result);
    BOOST_TEST(early.woke_at == 1'500);
    BOOST_TEST(!late.result.has_value());
    BOOST_TEST(clock.waiting() == 1U);

    clock.set_now(10'000);
    io.poll();
    BOOST_REQUIRE(late.result.has_value());
    BOOST_TEST(*late.result);
    BOOST_TEST(clock.waiting() == 0U);
}

BOOST_AUTO_TEST_CASE(a_due_time_in_the_past_completes_at_once) {
    asio::io_context io;
    ManualClock clock(5'000);
    WaitProbe probe;
    asio::co_spawn(io, wait_and_record(clock, 4'000, probe), Spawned{});
    io.poll();
    BOOST_REQUIRE(probe.result.has_value());
    BOOST_TEST(*probe.result);
}

BOOST_AUTO_TEST_CASE(cancellation_ends_the_wait_with_false_and_unregisters) {
    asio::io_context io;
    ManualClock clock(0);
    WaitProbe probe;
    asio::cancellation_signal signal;
    asio::co_spawn(io, wait_and_record(clock, 60'000, probe),
                   asio::bind_cancellation_slot(signal.slot(), Spawned{}));
    io.poll();
    BOOST_TEST(clock.waiting() == 1U);
    signal.emit(asio::cancellation_type::terminal);
    io.poll();
    BOOST_REQUIRE(probe.result.has_value());
    BOOST_TEST(!*probe.result);
    BOOST_TEST(clock.waiting() == 0U);
}

BOOST_AUTO_TEST_CASE(time_never_moves_backwards) {
    ManualClock clock(2'000);
    clock.set_now(1'000);
    BOOST_TEST(clock.now() == 2'000);
    clock.advance(-5);
    BOOST_TEST(clock.now() == 2'000);
}

BOOST_AUTO_TEST_SUITE_END()
