// crash_fake_livy: the fake Livy for the kill -9 test. Like fake_livy_server, plus: every running
// batch gets one more stdout line every 100 ms ("batch N line K"), so logs grow while the
// orchestrator is killed and restarted; on SIGTERM it prints, after the port line, one line per
// POST /batches it received: "create NAME" (the batch name from the request body).
#include "tests/fake_livy/fake_livy.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <csignal>
#include <exception>
#include <iostream>
#include <map>

namespace asio = boost::asio;
namespace fl = steward::fake_livy;

namespace {

asio::awaitable<void> grow_logs(fl::FakeLivy& fake) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    std::map<int, int> lines;
    for (;;) {
        timer.expires_after(std::chrono::milliseconds(100));
        auto [ec] = co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        if (ec)
            co_return;
        for (const int id : fake.model().ids(fl::Collection::batches)) {
            if (fake.model().state_of(fl::Collection::batches, id) == "running") {
                const int k = lines[id]++;
                fake.model().append_log(fl::Collection::batches, id, fl::LogStream::stdout_stream,
                                        "batch " + std::to_string(id) + " line " + std::to_string(k));
            }
        }
    }
}

struct Ignore {
    void operator()(const std::exception_ptr&) const {}
};

}  // namespace

int main() {
    try {
        asio::io_context io{1};
        fl::FakeLivyOptions options;
        options.model.batch_start = fl::Millis(300);
        options.model.batch_run = fl::Millis(1500);
        fl::FakeLivy fake(io, options);
        fake.start();
        std::cout << fake.port() << std::endl;
        asio::co_spawn(io, grow_logs(fake), Ignore{});
        asio::signal_set signals(io, SIGINT, SIGTERM);
        signals.async_wait([&](const boost::system::error_code& ec, int) {
            if (ec)
                return;
            for (const auto& request : fake.requests()) {
                if (request.method == "POST" && request.path() == "/batches") {
                    boost::system::error_code parse_ec;
                    const auto body = boost::json::parse(request.body, parse_ec);
                    const auto* name =
                        !parse_ec && body.is_object() ? body.as_object().if_contains("name") : nullptr;
                    std::cout << "create "
                              << (name && name->is_string() ? std::string(name->as_string()) : "?") << "\n";
                }
            }
            std::cout << "end" << std::endl;
            fake.stop();
            io.stop();
        });
        io.run();
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crash_fake_livy: " << e.what() << "\n";
        return 1;
    }
}
