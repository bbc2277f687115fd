#include "tests/fake_livy/threaded_fake.hpp"

#include <boost/asio/post.hpp>

#include <exception>
#include <future>

namespace steward::fake_livy {

ThreadedFakeLivy::ThreadedFakeLivy(FakeLivyOptions options) : fake_(io_, std::move(options)) {
    fake_.start();
    base_url_ = fake_.base_url();
    thread_ = std::thread([this] { io_.run(); });
}

ThreadedFakeLivy::~ThreadedFakeLivy() {
    boost::asio::post(io_, [this] {
        fake_.stop();
        io_.stop();
    });
    thread_.join();
}

void ThreadedFakeLivy::call(const std::function<void(FakeLivy&)>& fn) {
    std::promise<void> done;
    boost::asio::post(io_, [&] {
        try {
            fn(fake_);
            done.set_value();
        } catch (...) {
            done.set_exception(std::current_exception());
        }
    });
    done.get_future().get();
}

}  // namespace steward::fake_livy
