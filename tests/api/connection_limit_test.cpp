// The server's connection limit (ServerSettings::max_connections) over loopback: connections beyond
// it are answered 503 (too_many_connections, Retry-After: 1) at once and closed; the server keeps
// serving, and /api/health answers again once slots free up.

#include "orchestrator/api/server.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

namespace api = steward::api;
namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// A loopback server on its own thread.
struct ServerThread {
    asio::io_context io{1};
    api::test::AccessHarness harness;
    std::unique_ptr<api::Server> server;
    std::thread thread;

    explicit ServerThread(std::size_t max_connections) {
        api::ServerSettings settings;
        settings.port = 0;
        settings.max_connections = max_connections;
        settings.read_timeout = 10s;
        server = std::make_unique<api::Server>(io.get_executor(), settings, harness.context);
        server->start();
        thread = std::thread([this] { io.run(); });
    }
    ~ServerThread() {  // NOLINT(bugprone-exception-escape): a failure here ends the test run anyway
        asio::post(io, [this] {
            server->stop();
            io.stop();
        });
        thread.join();
    }
    ServerThread(const ServerThread&) = delete;
    ServerThread& operator=(const ServerThread&) = delete;

    // Reads a value on the server's thread.
    template <class F>
    auto on_thread(F f) {
        std::promise<decltype(f())> result;
        asio::post(io, [&] { result.set_value(f()); });
        return result.get_future().get();
    }
};

// A blocking loopback socket with send and receive deadlines; closed in the destructor.
struct Socket {
    int fd = -1;
    explicit Socket(unsigned short port, std::chrono::milliseconds deadline = 3s) {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(deadline.count() / 1000);
        tv.tv_usec = static_cast<suseconds_t>((deadline.count() % 1000) * 1000);
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd);
            fd = -1;
        }
    }
    ~Socket() { close(); }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    Socket(Socket&& other) noexcept : fd(other.fd) { other.fd = -1; }
    Socket& operator=(Socket&&) = delete;

    void close() {
        if (fd >= 0) {
            ::close(fd);
            fd = -1;
        }
    }
    bool send(const std::string& text) const {
        return fd >= 0 &&
               ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
    }
    // Everything until the server closes (or the deadline passes).
    [[nodiscard]] std::string read_all() const {
        std::string text;
        char buffer[4096];
        for (;;) {
            const auto n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                return text;
            }
            text.append(buffer, static_cast<std::size_t>(n));
        }
    }
    // True when the next read sees the server's close (EOF or reset) before the deadline.
    [[nodiscard]] bool closed_by_peer() const {
        char c = 0;
        const auto n = ::recv(fd, &c, 1, 0);
        return n == 0 || (n < 0 && errno == ECONNRESET);
    }
    // One keep-alive answer: its head and Content-Length bytes of body ("" on failure).
    [[nodiscard]] std::string read_response() const {
        std::string text;
        char c = 0;
        while (text.find("\r\n\r\n") == std::string::npos) {
            if (::recv(fd, &c, 1, 0) != 1) {
                return {};
            }
            text.push_back(c);
        }
        const auto at = text.find("Content-Length: ");
        std::size_t length = at == std::string::npos ? 0 : std::stoul(text.substr(at + 16));
        std::string body(length, '\0');
        for (std::size_t got = 0; got < length;) {
            const auto n = ::recv(fd, body.data() + got, length - got, 0);
            if (n <= 0) {
                return {};
            }
            got += static_cast<std::size_t>(n);
        }
        return text + body;
    }
    // One answer to a `Connection: close` request.
    [[nodiscard]] std::string request(const std::string& path) const {
        if (!send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")) {
            return {};
        }
        return read_all();
    }
};

int status_of(const std::string& response) {
    return response.rfind("HTTP/1.1 ", 0) == 0 ? std::stoi(response.substr(9, 3)) : 0;
}

std::string body_of(const std::string& response) {
    const auto end = response.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : response.substr(end + 4);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(connection_limit)

BOOST_AUTO_TEST_CASE(connections_over_the_limit_get_503_at_once_and_health_answers_when_slots_free) {
    ServerThread server(4);
    const auto port = server.server->port();
    // Four connections in the middle of a request hold every slot.
    std::vector<Socket> busy;
    for (int i = 0; i < 4; ++i) {
        busy.emplace_back(port);
        BOOST_REQUIRE(busy.back().send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    }
    // Twenty more: each is refused at once, with the API's error shape and a retry hint.
    std::vector<Socket> over;
    for (int i = 0; i < 20; ++i) {
        over.emplace_back(port);
    }
    for (auto& socket : over) {
        const auto started = std::chrono::steady_clock::now();
        const std::string response = socket.request("/api/health");
        const auto took = std::chrono::steady_clock::now() - started;
        BOOST_TEST(status_of(response) == 503, response);
        BOOST_TEST(response.find("\r\nRetry-After: 1\r\n") != std::string::npos, response);
        BOOST_TEST(response.find("\r\nConnection: close\r\n") != std::string::npos, response);
        const auto body = boost::json::parse(body_of(response));
        BOOST_TEST(body.at("error").at("code").as_string() == "too_many_connections");
        BOOST_TEST(std::string(body.at("error").at("message").as_string()).find("4 connections") !=
                   std::string::npos);
        BOOST_TEST((took < 1s));
    }
    BOOST_TEST(server.on_thread([&] { return server.server->open_connections(); }) == 4U);
    BOOST_TEST(server.on_thread([&] { return server.server->refused_connections(); }) >= 20U);

    // Slots free up: /api/health answers again (as soon as the server has seen the closes).
    for (auto& socket : busy) {
        socket.close();
    }
    int status = 0;
    for (const auto deadline = std::chrono::steady_clock::now() + 5s;
         status != 200 && std::chrono::steady_clock::now() < deadline;) {
        status = status_of(Socket(port).request("/api/health"));
    }
    BOOST_TEST(status == 200);
    // Still up, and a full set of connections is served again.
    std::vector<Socket> again;
    for (int i = 0; i < 4; ++i) {
        again.emplace_back(port);
    }
    for (auto& socket : again) {
        BOOST_TEST(status_of(socket.request("/api/health")) == 200);
    }
}

BOOST_AUTO_TEST_CASE(at_the_limit_an_idle_keep_alive_connection_makes_room_for_a_new_one) {
    ServerThread server(2);
    const auto port = server.server->port();
    // Two keep-alive connections, each served once and now idle: every slot is held.
    std::vector<Socket> idle;
    for (int i = 0; i < 2; ++i) {
        idle.emplace_back(port);
        BOOST_REQUIRE(idle.back().send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        BOOST_TEST(status_of(idle.back().read_response()) == 200);
    }
    // A new client is served, not refused: the oldest idle connection is closed for it.
    const std::string response = Socket(port).request("/api/health");
    BOOST_TEST(status_of(response) == 200, response);
    BOOST_TEST(idle.front().closed_by_peer());  // the server closed it (EOF, not the deadline)
    BOOST_TEST(server.on_thread([&] { return server.server->refused_connections(); }) == 0U);
    // The other one still works.
    BOOST_REQUIRE(idle.back().send("GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
    BOOST_TEST(status_of(idle.back().read_response()) == 200);
}

BOOST_AUTO_TEST_CASE(an_idle_keep_alive_connection_is_closed_after_the_read_timeout) {
    asio::io_context io{1};
    api::test::AccessHarness harness;
    api::ServerSettings settings;
    settings.port = 0;
    settings.max_connections = 1;
    settings.read_timeout = 300ms;
    api::Server server(io.get_executor(), settings, harness.context);
    server.start();
    std::thread thread([&] { io.run(); });
    {
        const Socket idle(server.port());  // says nothing
        const auto started = std::chrono::steady_clock::now();
        const std::string text = idle.read_all();  // returns when the server closes it
        BOOST_TEST(text.empty());
        BOOST_TEST(((std::chrono::steady_clock::now() - started) < 2s));
    }
    int status = 0;
    for (const auto deadline = std::chrono::steady_clock::now() + 5s;
         status != 200 && std::chrono::steady_clock::now() < deadline;) {
        status = status_of(Socket(server.port()).request("/api/health"));
    }
    BOOST_TEST(status == 200);  // the slot the idle connection held is free again
    asio::post(io, [&] {
        server.stop();
        io.stop();
    });
    thread.join();
}

BOOST_AUTO_TEST_SUITE_END()
