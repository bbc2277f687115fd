#pragma once

// A tiny HTTP server on 127.0.0.1:0, on its own thread, that records the requests it gets
// (webhook tests).

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace steward::engine_tests {

class HttpSink {
public:
    struct Request {
        std::string method;
        std::string target;
        std::string content_type;
        std::string body;
        std::string token;  ///< the X-Token header
    };

    /// Listens at once; answers every request with `status`.
    explicit HttpSink(unsigned status = 200);
    ~HttpSink();
    HttpSink(const HttpSink&) = delete;
    HttpSink& operator=(const HttpSink&) = delete;

    /// "http://127.0.0.1:PORT" + path.
    [[nodiscard]] std::string url(const std::string& path) const;
    /// A copy of what arrived so far (thread-safe).
    [[nodiscard]] std::vector<Request> requests() const;

    struct State {
        State(boost::asio::ip::tcp::acceptor a, unsigned s) : acceptor(std::move(a)), status(s) {}
        boost::asio::ip::tcp::acceptor acceptor;
        unsigned status;
        mutable std::mutex mutex;
        std::vector<Request> requests;
    };

private:
    boost::asio::io_context io_{1};
    std::shared_ptr<State> state_;
    std::thread thread_;
};

}  // namespace steward::engine_tests
