#include "tests/fake_livy/threaded_fake.hpp"

namespace steward::fake_livy {

FakeLivyThread::FakeLivyThread(FakeLivyOptions options)
    : fake_(io_, std::move(options)), guard_(boost::asio::make_work_guard(io_)) {
    fake_.start();
    url_ = fake_.base_url();
    thread_ = std::thread([this] { io_.run(); });
}

FakeLivyThread::~FakeLivyThread() {
    call([this] { fake_.stop(); });
    guard_.reset();
    io_.stop();
    thread_.join();
}

}  // namespace steward::fake_livy
