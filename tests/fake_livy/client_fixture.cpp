#include "tests/fake_livy/client_fixture.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace steward::fake_livy {

FakeLivyOptions fast_options() {
    FakeLivyOptions o;
    o.model.session_start = Millis(40);
    o.model.statement_wait = Millis(5);
    o.model.statement_run = Millis(20);
    o.model.statement_cancel = Millis(5);
    o.model.batch_start = Millis(10);
    o.model.batch_run = Millis(40);
    return o;
}

livy::ClientConfig test_client_config(const FakeLivy& fake, std::vector<livy::AttemptEvent>* attempts) {
    livy::ClientConfig c;
    c.base_url = fake.base_url();
    c.requested_by = "steward-tests";
    c.connect_timeout = Millis(1000);
    c.request_timeout = Millis(1000);
    c.retry.max_attempts = 4;
    c.retry.initial_delay = Millis(5);
    c.retry.factor = 2.0;
    c.retry.max_delay = Millis(20);
    c.retry.jitter = 0.0;
    c.retry.jitter_seed = 1;
    c.poll.initial = Millis(5);
    c.poll.factor = 1.5;
    c.poll.max = Millis(20);
    if (attempts != nullptr) {
        c.on_attempt = [attempts](const livy::AttemptEvent& e) { attempts->push_back(e); };
    }
    return c;
}

boost::asio::awaitable<void> pause_for(std::chrono::milliseconds delay) {
    boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, delay);
    co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
}

}  // namespace steward::fake_livy
