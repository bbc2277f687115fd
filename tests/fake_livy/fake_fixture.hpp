#pragma once

// A Boost.Test fixture owning an io_context and a started FakeLivy on 127.0.0.1:0.

#include "tests/fake_livy/fake_livy.hpp"
#include "tests/fake_livy/raw_http.hpp"
#include "tests/fake_livy/run_coro.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <utility>
#include <vector>

namespace steward::fake_livy {

/// Options for deterministic tests: nothing changes state on its own within a test's lifetime;
/// tests move the model clock with `advance` instead.
inline FakeLivyOptions manual_clock_options() {
    FakeLivyOptions o;
    o.model.session_start = Millis(1000);
    o.model.statement_wait = Millis(1000);
    o.model.statement_run = Millis(1000);
    o.model.statement_cancel = Millis(1000);
    o.model.batch_start = Millis(1000);
    o.model.batch_run = Millis(1000);
    return o;
}

/// Owns the loop and the server; the server is started in the constructor.
struct FakeFixture {
    explicit FakeFixture(FakeLivyOptions options = manual_clock_options()) : fake(io, std::move(options)) {
        fake.start();
    }
    ~FakeFixture() { fake.stop(); }
    FakeFixture(const FakeFixture&) = delete;
    FakeFixture& operator=(const FakeFixture&) = delete;

    /// One raw HTTP call (fresh connection) to the fake.
    RawResponse call(std::string method, std::string target, std::string body = {},
                     std::vector<std::pair<std::string, std::string>> headers = {
                         {"X-Requested-By", "test"}}) {
        return run_coro(io, raw_request(fake.port(), std::move(method), std::move(target), std::move(body),
                                        std::move(headers)));
    }

    /// `call` and parse the body as JSON (throws boost::system::system_error if it is not JSON).
    boost::json::value call_json(std::string method, std::string target, std::string body = {}) {
        return boost::json::parse(call(std::move(method), std::move(target), std::move(body)).body);
    }

    boost::asio::io_context io{1};
    FakeLivy fake;
};

}  // namespace steward::fake_livy
