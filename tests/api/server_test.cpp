#include "orchestrator/api/server.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"
#include "tests/api/captured_api_log.hpp"
#include "tests/fake_livy/run_coro.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

namespace api = steward::api;
namespace store = steward::store;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using steward::fake_livy::run_coro;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);

// The harness's store, commands, authenticator and policy behind a loopback server; `token` is
// tester's (model_owner and operator of churn*).
struct Fixture {
    asio::io_context io{1};
    api::test::AccessHarness harness;
    std::string token = harness.token("tester");
    api::Server server;

    explicit Fixture(api::ServerSettings settings = small_settings())
        : server(io.get_executor(), std::move(settings), harness.context) {
        harness.commands.add_workflow("churn");
        server.start();
    }

    static api::ServerSettings small_settings() {
        api::ServerSettings s;
        s.port = 0;
        s.body_limit = 2048;
        s.read_timeout = std::chrono::milliseconds(500);
        return s;
    }
};

// One connection kept open across calls; every call carries `token` as a bearer token (none when empty).
struct Connection {
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    std::string token;

    explicit Connection(asio::io_context& io, std::string bearer = {})
        : stream(io), token(std::move(bearer)) {}
    explicit Connection(Fixture& f) : Connection(f.io, f.token) {}

    asio::awaitable<void> connect(unsigned short port) {
        stream.expires_after(std::chrono::seconds(5));
        co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                      asio::use_awaitable);
    }

    asio::awaitable<http::response<http::string_body>> call(http::verb verb, std::string target,
                                                            std::string body = {}) {
        http::request<http::string_body> req{verb, target, 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::content_type, "application/json");
        if (!token.empty()) {
            req.set(http::field::authorization, "Bearer " + token);
        }
        req.body() = std::move(body);
        req.prepare_payload();
        stream.expires_after(std::chrono::seconds(5));
        co_await http::async_write(stream, req, asio::use_awaitable);
        http::response<http::string_body> res;
        co_await http::async_read(stream, buffer, res, asio::use_awaitable);
        co_return res;
    }

    // Writes `text` as it is (a request a well-behaved client would not send); "STATUS BODY".
    asio::awaitable<std::string> raw(std::string text) {
        stream.expires_after(std::chrono::seconds(5));
        co_await asio::async_write(stream, asio::buffer(text), asio::use_awaitable);
        http::response<http::string_body> res;
        co_await http::async_read(stream, buffer, res, asio::use_awaitable);
        co_return std::to_string(res.result_int()) + " " + res.body();
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(server)

BOOST_AUTO_TEST_CASE(keep_alive_serves_several_requests_on_one_connection) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    auto created =
        run_coro(f.io, c.call(http::verb::post, "/api/workflows/churn/runs", R"({"params":{"x":1}})"));
    BOOST_TEST(created.result_int() == 201);
    BOOST_TEST(created.keep_alive());
    BOOST_TEST(std::string(created[http::field::location]).rfind("/api/runs/", 0) == 0);
    BOOST_TEST(std::string(created[http::field::content_type]) == "application/json");
    auto listed = run_coro(f.io, c.call(http::verb::get, "/api/runs"));
    BOOST_TEST(listed.result_int() == 200);
    BOOST_TEST(boost::json::parse(listed.body()).at("runs").as_array().size() == 1u);
    auto wrong = run_coro(f.io, c.call(http::verb::delete_, "/api/runs"));
    BOOST_TEST(wrong.result_int() == 405);
    BOOST_TEST(std::string(wrong[http::field::allow]) == "GET");
    auto missing = run_coro(f.io, c.call(http::verb::get, "/nothing"));
    BOOST_TEST(missing.result_int() == 404);
    BOOST_TEST(f.server.open_connections() == 1u);
}

// Needs the server to fill Request::remote_address (branch transport, cb76d3b).
BOOST_AUTO_TEST_CASE(a_trigger_is_audited_with_the_token_and_the_peer_address) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    auto created =
        run_coro(f.io, c.call(http::verb::post, "/api/workflows/churn/runs", R"({"params":{"x":1}})"));
    BOOST_TEST(created.result_int() == 201);
    // The trigger is audited with the token's user and the peer's address.
    const auto audited = f.harness.db.audit().list_for_object("workflow", "churn");
    BOOST_REQUIRE(!audited.empty());
    BOOST_TEST(audited.back().action == "run.trigger");
    BOOST_TEST(audited.back().actor.ends_with(" of tester"));
    BOOST_TEST(audited.back().details_json.find(R"("address":"127.0.0.1")") != std::string::npos,
               audited.back().details_json);
}

BOOST_AUTO_TEST_CASE(body_over_the_limit_is_413_and_closes) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    auto res = run_coro(f.io, c.call(http::verb::post, "/api/workflows/churn/runs", std::string(4096, ' ')));
    BOOST_TEST(res.result_int() == 413);
    BOOST_TEST(!res.keep_alive());
    BOOST_TEST(boost::json::parse(res.body()).at("error").at("code").as_string() == "payload_too_large");
}

BOOST_AUTO_TEST_CASE(expect_100_continue_is_answered_before_the_body) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    auto exchange = [&]() -> asio::awaitable<std::string> {
        const std::string body = R"({"params":{"x":1}})";
        const std::string head =
            "POST /api/workflows/churn/runs HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            "Content-Type: application/json\r\nAuthorization: Bearer " +
            f.token + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
        c.stream.expires_after(std::chrono::seconds(5));
        co_await asio::async_write(c.stream, asio::buffer(head), asio::use_awaitable);
        http::response<http::empty_body> interim;
        co_await http::async_read(c.stream, c.buffer, interim, asio::use_awaitable);
        co_await asio::async_write(c.stream, asio::buffer(body), asio::use_awaitable);
        http::response<http::string_body> res;
        co_await http::async_read(c.stream, c.buffer, res, asio::use_awaitable);
        co_return std::to_string(interim.result_int()) + " " + std::to_string(res.result_int());
    };
    BOOST_TEST(run_coro(f.io, exchange()) == "100 201");
}

BOOST_AUTO_TEST_CASE(malformed_request_is_400) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    const std::string reply =
        run_coro(f.io, c.raw("GET /api/runs HTTP/1.1\r\nHost: x\r\nContent-Length: zz\r\n\r\n"));
    BOOST_TEST(reply.rfind("400 ", 0) == 0, reply);
    BOOST_TEST(reply.find("malformed HTTP request") != std::string::npos, reply);
}

BOOST_AUTO_TEST_CASE(idle_connection_is_closed_after_the_read_deadline) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    auto wait_closed = [&]() -> asio::awaitable<bool> {
        char byte = 0;
        c.stream.expires_after(std::chrono::seconds(5));
        auto [ec, n] = co_await c.stream.async_read_some(asio::buffer(&byte, 1), kNothrow);
        co_return ec == asio::error::eof;
    };
    const auto started = std::chrono::steady_clock::now();
    BOOST_TEST(run_coro(f.io, wait_closed()));
    const bool in_time = std::chrono::steady_clock::now() - started < std::chrono::seconds(4);
    BOOST_TEST(in_time);
}

BOOST_AUTO_TEST_CASE(stop_closes_the_listener_and_open_connections) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    const auto port = f.server.port();
    auto ok = run_coro(f.io, c.call(http::verb::get, "/api/health"));
    BOOST_TEST(ok.result_int() == 200);
    f.server.stop();
    auto read_after_stop = [&]() -> asio::awaitable<bool> {
        char byte = 0;
        auto [ec, n] = co_await c.stream.async_read_some(asio::buffer(&byte, 1), kNothrow);
        co_return !!ec;
    };
    BOOST_TEST(run_coro(f.io, read_after_stop()));
    Connection again(f.io);
    auto refused = [&]() -> asio::awaitable<bool> {
        again.stream.expires_after(std::chrono::seconds(5));
        auto [ec] = co_await again.stream.async_connect(
            tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), kNothrow);
        co_return !!ec;
    };
    BOOST_TEST(run_coro(f.io, refused()));
    BOOST_TEST(f.server.open_connections() == 0u);
}

BOOST_AUTO_TEST_CASE(requests_without_a_valid_token_are_401_over_the_wire) {
    Fixture f;
    Connection anonymous(f.io);
    run_coro(f.io, anonymous.connect(f.server.port()));
    auto refused = run_coro(f.io, anonymous.call(http::verb::get, "/api/runs"));
    BOOST_TEST(refused.result_int() == 401);
    BOOST_TEST(std::string(refused[http::field::www_authenticate]).rfind("Bearer", 0) == 0);
    auto health = run_coro(f.io, anonymous.call(http::verb::get, "/api/health"));
    BOOST_TEST(health.result_int() == 200);
    Connection forged(f.io, "stw_not-a-token");
    run_coro(f.io, forged.connect(f.server.port()));
    BOOST_TEST(
        run_coro(f.io, forged.call(http::verb::post, "/api/workflows/churn/runs", R"({"params":{"x":1}})"))
            .result_int() == 401);
    BOOST_TEST(f.harness.db.runs().list_runs({}).value().empty());
}

BOOST_AUTO_TEST_CASE(a_text_plain_change_is_415_and_starts_nothing) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    auto exchange = [&]() -> asio::awaitable<int> {
        http::request<http::string_body> req{http::verb::post, "/api/workflows/churn/runs", 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::content_type, "text/plain");
        req.set(http::field::authorization, "Bearer " + f.token);
        req.body() = R"({"params":{"x":1}})";
        req.prepare_payload();
        co_await http::async_write(c.stream, req, asio::use_awaitable);
        http::response<http::string_body> res;
        co_await http::async_read(c.stream, c.buffer, res, asio::use_awaitable);
        co_return res.result_int();
    };
    BOOST_TEST(run_coro(f.io, exchange()) == 415);
}

// Needs the server to fill Request::repeated_headers (branch transport, cb76d3b).
BOOST_AUTO_TEST_CASE(a_repeated_authorization_header_is_400_over_the_wire) {
    Fixture f;
    Connection c(f);
    run_coro(f.io, c.connect(f.server.port()));
    const std::string other = f.harness.token("bob");
    const std::string reply =
        run_coro(f.io, c.raw("GET /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + other +
                             "\r\nAuthorization: Bearer " + f.token + "\r\n\r\n"));
    BOOST_TEST(reply.rfind("400 ", 0) == 0, reply);
    BOOST_TEST(reply.find("'authorization'") != std::string::npos, reply);
}

BOOST_AUTO_TEST_CASE(each_request_is_logged_with_the_peer_address_and_no_hsts_without_tls) {
    const api::test::CapturedApiLog log;
    Fixture f;
    BOOST_TEST(!f.server.tls());
    Connection c(f.io);
    run_coro(f.io, c.connect(f.server.port()));
    auto ok = run_coro(f.io, c.call(http::verb::get, "/api/health"));
    BOOST_TEST(ok.result_int() == 200);
    BOOST_TEST((ok.find(http::field::strict_transport_security) == ok.end()));
    BOOST_TEST(log.text().find("GET /api/health 200") != std::string::npos, log.text());
    BOOST_TEST(log.text().find("peer=127.0.0.1") != std::string::npos, log.text());
    BOOST_TEST(log.text().find(" tls") == std::string::npos, log.text());
}

BOOST_AUTO_TEST_SUITE_END()
