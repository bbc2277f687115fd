// The API server over TLS (http.tls): a throwaway self-signed certificate made at test time, an
// HTTPS client that verifies it, HSTS on every response, and the ways a connection is refused
// without an answer: plain HTTP on the TLS port, silence, a client capped at TLS 1.1.

#include "orchestrator/api/server.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"
#include "tests/api/captured_api_log.hpp"
#include "tests/fake_livy/https_server.hpp"
#include "tests/fake_livy/run_coro.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/test/unit_test.hpp>

#include <openssl/ssl.h>

#include <array>
#include <chrono>
#include <fstream>
#include <string>

namespace api = steward::api;
namespace store = steward::store;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using steward::fake_livy::run_coro;
using steward::fake_livy::TempCertificate;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

api::ServerSettings tls_settings(const TempCertificate& certificate) {
    api::ServerSettings s;
    s.port = 0;
    s.read_timeout = std::chrono::milliseconds(500);
    s.tls_cert_file = certificate.files().cert_pem.string();
    s.tls_key_file = certificate.files().key_pem.string();
    return s;
}

struct TlsFixture {
    TempCertificate certificate{"IP:127.0.0.1"};
    asio::io_context io{1};
    api::test::AccessHarness harness;
    api::Context& context = harness.context;
    api::Server server{io.get_executor(), tls_settings(certificate), context};

    TlsFixture() { server.start(); }

    tcp::endpoint endpoint() const { return {asio::ip::make_address("127.0.0.1"), server.port()}; }

    // A client context that trusts only the test certificate and checks the host (127.0.0.1).
    ssl::context client_context() const {
        ssl::context ctx(ssl::context::tls_client);
        ctx.load_verify_file(certificate.files().cert_pem.string());
        ctx.set_verify_mode(ssl::verify_peer);
        return ctx;
    }
};

asio::awaitable<void> tls_connect(TlsStream& stream, tcp::endpoint endpoint) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await beast::get_lowest_layer(stream).async_connect(endpoint, asio::use_awaitable);
    stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    co_await stream.async_handshake(ssl::stream_base::client, asio::use_awaitable);
}

asio::awaitable<http::response<http::string_body>> tls_get(TlsStream& stream, beast::flat_buffer& buffer,
                                                           std::string target) {
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1");
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await http::async_write(stream, req, asio::use_awaitable);
    http::response<http::string_body> res;
    co_await http::async_read(stream, buffer, res, asio::use_awaitable);
    co_return res;
}

// Reads from a plain TCP connection until it ends; returns what came and whether it ended by
// itself (EOF or reset) rather than by the client's 5 s deadline.
struct Drained {
    std::string bytes;
    bool closed_by_server = false;
};

asio::awaitable<Drained> drain(beast::tcp_stream& stream) {
    Drained out;
    stream.expires_after(std::chrono::seconds(5));
    for (;;) {
        std::array<char, 512> chunk{};
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(chunk), kNothrow);
        out.bytes.append(chunk.data(), n);
        if (ec) {
            out.closed_by_server = ec != beast::error::timeout;
            co_return out;
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server_tls)

BOOST_AUTO_TEST_CASE(https_requests_are_served_with_hsts_on_a_verified_connection) {
    const api::test::CapturedApiLog log;
    TlsFixture f;
    BOOST_TEST(f.server.tls());
    auto ctx = f.client_context();
    TlsStream stream(f.io, ctx);
    beast::flat_buffer buffer;
    run_coro(f.io, tls_connect(stream, f.endpoint()));
    BOOST_TEST(SSL_version(stream.native_handle()) >= TLS1_2_VERSION);
    const auto health = run_coro(f.io, tls_get(stream, buffer, "/api/health"));
    BOOST_TEST(health.result_int() == 200);
    BOOST_TEST(std::string(health[http::field::strict_transport_security]) == "max-age=31536000");
    // The same connection again (keep-alive inside TLS); error responses carry HSTS too.
    const auto missing = run_coro(f.io, tls_get(stream, buffer, "/nothing"));
    BOOST_TEST(missing.result_int() == 404);
    BOOST_TEST(std::string(missing[http::field::strict_transport_security]) == "max-age=31536000");
    BOOST_TEST(f.server.open_connections() == 1u);
    // The request knew its peer and that it came over TLS.
    BOOST_TEST(log.text().find("GET /api/health 200") != std::string::npos, log.text());
    BOOST_TEST(log.text().find("peer=127.0.0.1 tls") != std::string::npos, log.text());
}

BOOST_AUTO_TEST_CASE(plain_http_on_the_tls_port_gets_no_answer_and_is_closed) {
    TlsFixture f;
    beast::tcp_stream plain(f.io);
    auto exchange = [&]() -> asio::awaitable<Drained> {
        plain.expires_after(std::chrono::seconds(5));
        co_await plain.async_connect(f.endpoint(), asio::use_awaitable);
        const std::string request = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        co_await asio::async_write(plain, asio::buffer(request), asio::use_awaitable);
        co_return co_await drain(plain);
    };
    const auto started = std::chrono::steady_clock::now();
    const Drained reply = run_coro(f.io, exchange());
    const auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST(reply.closed_by_server);
    BOOST_TEST(reply.bytes.find("HTTP/") == std::string::npos, reply.bytes);
    BOOST_TEST((took < std::chrono::seconds(2)));
}

BOOST_AUTO_TEST_CASE(a_silent_client_is_closed_at_the_handshake_deadline) {
    TlsFixture f;
    beast::tcp_stream silent(f.io);
    auto wait = [&]() -> asio::awaitable<Drained> {
        silent.expires_after(std::chrono::seconds(5));
        co_await silent.async_connect(f.endpoint(), asio::use_awaitable);
        co_return co_await drain(silent);
    };
    const auto started = std::chrono::steady_clock::now();
    const Drained reply = run_coro(f.io, wait());
    const auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST(reply.closed_by_server);
    BOOST_TEST(reply.bytes.empty());
    BOOST_TEST((took >= std::chrono::milliseconds(400)));  // read_timeout is 500 ms
    BOOST_TEST((took < std::chrono::seconds(4)));
    BOOST_TEST(f.server.open_connections() == 0u);
}

BOOST_AUTO_TEST_CASE(a_client_limited_to_tls_1_1_is_refused) {
    TlsFixture f;
    auto ctx = f.client_context();
    // The client side allows TLS 1.1 (security level 0 lifts OpenSSL 3's own floor), so the
    // refusal is the server's.
    SSL_CTX_set_security_level(ctx.native_handle(), 0);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_1_VERSION);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_1_VERSION);
    TlsStream stream(f.io, ctx);
    auto attempt = [&]() -> asio::awaitable<boost::system::error_code> {
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
        co_await beast::get_lowest_layer(stream).async_connect(f.endpoint(), asio::use_awaitable);
        auto [ec] = co_await stream.async_handshake(ssl::stream_base::client, kNothrow);
        co_return ec;
    };
    const auto ec = run_coro(f.io, attempt());
    BOOST_TEST(!!ec);
    BOOST_TEST((ec != beast::error::timeout), ec.message());
}

BOOST_AUTO_TEST_CASE(a_client_that_does_not_trust_the_certificate_cannot_connect) {
    TlsFixture f;
    ssl::context untrusting(ssl::context::tls_client);
    untrusting.set_verify_mode(ssl::verify_peer);
    TlsStream stream(f.io, untrusting);
    auto attempt = [&]() -> asio::awaitable<boost::system::error_code> {
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
        co_await beast::get_lowest_layer(stream).async_connect(f.endpoint(), asio::use_awaitable);
        auto [ec] = co_await stream.async_handshake(ssl::stream_base::client, kNothrow);
        co_return ec;
    };
    BOOST_TEST(!!run_coro(f.io, attempt()));
}

BOOST_AUTO_TEST_CASE(stop_closes_tls_connections) {
    TlsFixture f;
    auto ctx = f.client_context();
    TlsStream stream(f.io, ctx);
    beast::flat_buffer buffer;
    run_coro(f.io, tls_connect(stream, f.endpoint()));
    BOOST_TEST(run_coro(f.io, tls_get(stream, buffer, "/api/health")).result_int() == 200);
    f.server.stop();
    auto read_after_stop = [&]() -> asio::awaitable<bool> {
        char byte = 0;
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(&byte, 1), kNothrow);
        co_return ec&& ec != beast::error::timeout;
    };
    BOOST_TEST(run_coro(f.io, read_after_stop()));
    BOOST_TEST(f.server.open_connections() == 0u);
}

// GET /api/events over TLS: the chunked stream is encrypted like every response, carries HSTS, and
// stop() ends it.
asio::awaitable<std::string> tls_events(TlsStream& stream, beast::flat_buffer& buffer, std::string token,
                                        store::RowId wanted) {
    http::request<http::empty_body> req{http::verb::get, "/api/events?after=0", 11};
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::authorization, "Bearer " + token);
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    co_await http::async_write(stream, req, asio::use_awaitable);
    http::response_parser<http::empty_body> parser;
    std::string text;
    auto on_body = [&text](std::uint64_t, boost::string_view body, boost::system::error_code&) {
        text.append(body.data(), body.size());
        return body.size();
    };
    parser.on_chunk_body(on_body);
    co_await http::async_read_header(stream, buffer, parser, asio::use_awaitable);
    std::string head = std::to_string(parser.get().result_int()) + " " +
                       std::string(parser.get()[http::field::strict_transport_security]) + "\n";
    while (text.find("id: " + std::to_string(wanted) + "\n") == std::string::npos) {
        co_await http::async_read_some(stream, buffer, parser, asio::use_awaitable);
    }
    co_return head + text;
}

BOOST_AUTO_TEST_CASE(the_event_stream_works_over_tls_and_stop_ends_it) {
    TlsFixture f;
    f.harness.commands.add_workflow("churn");
    const auto run =
        f.harness.commands.start_run("churn", {{"x", steward::core::Value{1.0}}}, "test").value();
    const auto event = f.harness.db.runs().append_event(run, std::nullopt, 1, "run.started");
    auto ctx = f.client_context();
    TlsStream stream(f.io, ctx);
    beast::flat_buffer buffer;
    run_coro(f.io, tls_connect(stream, f.endpoint()));
    const auto text = run_coro(f.io, tls_events(stream, buffer, f.harness.token("vera"), event));
    BOOST_TEST(text.rfind("200 max-age=31536000\n", 0) == 0, text);
    BOOST_TEST(text.find("event: run.started\n") != std::string::npos, text);
    BOOST_TEST(f.server.open_streams() == 1u);
    f.server.stop();
    auto read_after_stop = [&]() -> asio::awaitable<bool> {
        std::array<char, 256> bytes{};
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
        while (true) {
            auto [ec, n] = co_await stream.async_read_some(asio::buffer(bytes), kNothrow);
            if (ec) {
                co_return ec != beast::error::timeout;
            }
        }
    };
    BOOST_TEST(run_coro(f.io, read_after_stop()));
    BOOST_TEST(f.server.open_streams() == 0u);
}

BOOST_AUTO_TEST_CASE(an_unusable_certificate_or_key_fails_start_naming_the_file) {
    const TempCertificate certificate("IP:127.0.0.1");
    const TempCertificate other("IP:127.0.0.1");
    asio::io_context io{1};
    api::test::AccessHarness harness;
    api::Context& context = harness.context;
    const auto start_error = [&](api::ServerSettings settings) -> std::string {
        api::Server server(io.get_executor(), std::move(settings), context);
        try {
            server.start();
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return "";
    };
    auto mismatched = tls_settings(certificate);
    mismatched.tls_key_file = other.files().key_pem.string();
    const std::string mismatch = start_error(mismatched);
    BOOST_TEST(mismatch.find("cannot load the TLS private key '" + mismatched.tls_key_file + "'") !=
                   std::string::npos,
               mismatch);

    auto not_pem = tls_settings(certificate);
    not_pem.tls_cert_file = not_pem.tls_key_file;  // a key where the certificate should be
    const std::string wrong = start_error(not_pem);
    BOOST_TEST(wrong.find("cannot load the TLS certificate chain '" + not_pem.tls_cert_file + "'") !=
                   std::string::npos,
               wrong);
    BOOST_TEST(wrong.find("PRIVATE KEY") == std::string::npos, wrong);  // never the contents

    auto half = tls_settings(certificate);
    half.tls_key_file.clear();
    BOOST_TEST(start_error(half).find("both a certificate file and a key file") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
