// The web UI over a real socket (docs/ui.md, "Serving and building"): the security headers on
// every response, UI and API alike; HEAD announces the length without a body; 304 carries no
// Content-Length; gzip bytes on the wire; and a `--ui-dir` directory that no request target,
// however spelled, can leave.

#include "orchestrator/api/directory_assets.hpp"
#include "orchestrator/api/security_headers.hpp"
#include "orchestrator/api/server.hpp"
#include "tests/api/access_harness.hpp"
#include "tests/fake_livy/run_coro.hpp"

#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <string>

namespace api = steward::api;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;
using steward::fake_livy::run_coro;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

// base/ui is served (index.html, a script and its gzip copy); base/secret.txt lies beside it.
struct Fixture {
    fs::path base = fs::temp_directory_path() / ("steward-ui-server-" + std::to_string(::getpid()));
    asio::io_context io{1};
    api::test::AccessHarness harness;
    std::string token = harness.token("vera");
    std::optional<api::DirectoryAssetSource> source;
    std::optional<api::Server> server;

    Fixture() {
        fs::remove_all(base);
        fs::create_directories(base / "ui" / "assets");
        std::ofstream(base / "ui" / "index.html") << "<html>served</html>";
        std::ofstream(base / "ui" / "assets" / "main-T.js") << "script();";
        std::ofstream(base / "ui" / "assets" / "main-T.js.gz", std::ios::binary) << "\x1f\x8bGZIPPED";
        std::ofstream(base / "secret.txt") << "SECRET";
        std::string error;
        source = api::DirectoryAssetSource::open(base / "ui", error);
        BOOST_REQUIRE_MESSAGE(source, error);
        harness.context.ui = &*source;
        api::ServerSettings settings;
        settings.port = 0;
        settings.read_timeout = 2s;
        server.emplace(io.get_executor(), settings, harness.context);
        server->start();
    }
    ~Fixture() {
        server.reset();
        std::error_code ignored;
        fs::remove_all(base, ignored);
    }
    Fixture(const Fixture&) = delete;
    Fixture& operator=(const Fixture&) = delete;
};

struct Reply {
    http::response<http::string_body> message;
    bool had_content_length = false;
};

// One connection; requests are written as raw text so that targets reach the server unaltered.
struct Client {
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
    explicit Client(asio::io_context& io) : stream(io) {}

    asio::awaitable<void> connect(unsigned short port) {
        stream.expires_after(5s);
        co_await stream.async_connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port),
                                      asio::use_awaitable);
    }

    asio::awaitable<Reply> send(std::string method, std::string target, std::string headers = {}) {
        const std::string text =
            method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n" + headers + "\r\n";
        stream.expires_after(5s);
        co_await asio::async_write(stream, asio::buffer(text), asio::use_awaitable);
        http::response_parser<http::string_body> parser;
        parser.skip(method == "HEAD");  // a HEAD response has no body, whatever its length says
        co_await http::async_read(stream, buffer, parser, asio::use_awaitable);
        Reply reply;
        reply.had_content_length = parser.get().has_content_length();
        reply.message = parser.release();
        co_return reply;
    }
};

Reply call(Fixture& f, Client& c, const std::string& method, const std::string& target,
           const std::string& headers = {}) {
    return run_coro(f.io, c.send(method, target, headers));
}

void check_security_headers(const http::response<http::string_body>& res, const std::string& what) {
    for (const auto& [name, value] : api::kSecurityHeaders) {
        BOOST_TEST(std::string(res[name]) == std::string(value), what << ": " << name);
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(ui_server)

BOOST_AUTO_TEST_CASE(every_response_carries_the_security_headers) {
    Fixture f;
    Client c(f.io);
    run_coro(f.io, c.connect(f.server->port()));
    const auto page = call(f, c, "GET", "/runs/7").message;
    BOOST_TEST(page.result_int() == 200);
    BOOST_TEST(page.body() == "<html>served</html>");
    BOOST_TEST(std::string(page["Content-Security-Policy"]).find("default-src 'self'") == 0u);
    BOOST_TEST(std::string(page["Content-Security-Policy"]).find("frame-ancestors 'none'") !=
               std::string::npos);
    check_security_headers(page, "UI page");
    check_security_headers(call(f, c, "GET", "/assets/nope.js").message, "UI 404");
    check_security_headers(call(f, c, "DELETE", "/runs/7").message, "UI 405");
    check_security_headers(call(f, c, "GET", "/api/health").message, "API 200");
    check_security_headers(call(f, c, "GET", "/api/runs").message, "API 401");
    check_security_headers(call(f, c, "GET", "/api/nothing").message, "API 404");
    const auto authorized = "Authorization: Bearer " + f.token + "\r\n";
    check_security_headers(call(f, c, "GET", "/api/runs", authorized).message, "API 200 with a token");
    check_security_headers(call(f, c, "GET", "/metrics", authorized).message, "metrics");

    Client bad(f.io);
    run_coro(f.io, bad.connect(f.server->port()));
    check_security_headers(call(f, bad, "GET", "no-slash").message, "unreadable request");
}

BOOST_AUTO_TEST_CASE(head_sends_the_length_without_the_body) {
    Fixture f;
    Client c(f.io);
    run_coro(f.io, c.connect(f.server->port()));
    const auto head = call(f, c, "HEAD", "/assets/main-T.js");
    BOOST_TEST(head.message.result_int() == 200);
    BOOST_TEST(std::string(head.message[http::field::content_length]) == "9");  // "script();"
    BOOST_TEST(head.message.body().empty());
    BOOST_TEST(std::string(head.message[http::field::content_type]) == "text/javascript; charset=utf-8");
    // Nothing followed the headers: the next answer on the connection is read cleanly.
    const auto get = call(f, c, "GET", "/assets/main-T.js").message;
    BOOST_TEST(get.result_int() == 200);
    BOOST_TEST(get.body() == "script();");
    BOOST_TEST(std::string(get[http::field::etag]) == std::string(head.message[http::field::etag]));
}

BOOST_AUTO_TEST_CASE(a_304_has_no_body_and_no_content_length) {
    Fixture f;
    Client c(f.io);
    run_coro(f.io, c.connect(f.server->port()));
    const auto first = call(f, c, "GET", "/index.html").message;
    const std::string etag(first[http::field::etag]);
    BOOST_TEST(!etag.empty());
    BOOST_TEST(std::string(first[http::field::cache_control]) == "no-cache");
    const auto again = call(f, c, "GET", "/index.html", "If-None-Match: " + etag + "\r\n");
    BOOST_TEST(again.message.result_int() == 304);
    BOOST_TEST(!again.had_content_length);
    BOOST_TEST(again.message.body().empty());
    BOOST_TEST(std::string(again.message[http::field::etag]) == etag);
    BOOST_TEST(call(f, c, "GET", "/index.html").message.result_int() == 200);  // still in step
}

BOOST_AUTO_TEST_CASE(gzip_goes_on_the_wire_when_accepted) {
    Fixture f;
    Client c(f.io);
    run_coro(f.io, c.connect(f.server->port()));
    const auto gz = call(f, c, "GET", "/assets/main-T.js", "Accept-Encoding: gzip, deflate\r\n").message;
    BOOST_TEST(std::string(gz[http::field::content_encoding]) == "gzip");
    BOOST_TEST(std::string(gz[http::field::vary]) == "Accept-Encoding");
    BOOST_TEST(gz.body() == "\x1f\x8bGZIPPED");
    const auto raw = call(f, c, "GET", "/assets/main-T.js").message;
    BOOST_TEST(std::string(raw[http::field::content_encoding]).empty());
    BOOST_TEST(raw.body() == "script();");
}

BOOST_AUTO_TEST_CASE(no_target_leaves_the_ui_directory) {
    Fixture f;
    for (const std::string target :
         {"/../secret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt", "/%2e%2e%2fsecret.txt",
          "/%2e%2e/secret.txt", "/assets/../../secret.txt", "/assets/..%2f..%2fsecret.txt",
          "/..%5csecret.txt", "/secret.txt%00", "/assets/%00/../../secret.txt", "/./../secret.txt"}) {
        Client c(f.io);
        run_coro(f.io, c.connect(f.server->port()));
        const auto res = call(f, c, "GET", target).message;
        BOOST_TEST((res.result_int() == 400 || res.result_int() == 404), target << ": " << res.result_int());
        BOOST_TEST(res.body().find("SECRET") == std::string::npos, target);
    }
}

BOOST_AUTO_TEST_SUITE_END()
