// http_post over TLS: the peer's chain and host name are verified; a deadline bounds it all.

#include "orchestrator/engine/http_post.hpp"
#include "tests/fake_livy/https_server.hpp"
#include "tests/fake_livy/run_coro.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>

using namespace steward;
using steward::fake_livy::HttpsSink;
using steward::fake_livy::TempCertificate;
namespace asio = boost::asio;

namespace {

boost::system::result<engine::HttpReply, std::string> post(
    asio::io_context& io, const std::string& url, engine::HttpTls tls,
    std::chrono::milliseconds timeout = std::chrono::seconds(5)) {
    return fake_livy::run_coro(io,
                               engine::http_post(url, "{}", "application/json", {}, timeout, std::move(tls)));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(http_post_tls)

BOOST_AUTO_TEST_CASE(a_trusted_certificate_for_the_host_is_accepted) {
    const TempCertificate certificate("IP:127.0.0.1");
    const auto& cert = certificate.files();
    HttpsSink sink(cert);
    asio::io_context io;
    auto reply = post(io, sink.url(), engine::HttpTls{true, cert.cert_pem.string()});
    BOOST_REQUIRE_MESSAGE(reply.has_value(), (reply ? "" : reply.error()));
    BOOST_TEST(reply->status == 200U);
    BOOST_TEST(reply->body == "ok");
    BOOST_TEST(sink.answered() == 1);
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_is_refused) {
    const TempCertificate certificate("IP:127.0.0.1");
    const auto& cert = certificate.files();
    HttpsSink sink(cert);
    asio::io_context io;
    auto reply = post(io, sink.url(), engine::HttpTls{true, ""});
    BOOST_REQUIRE(!reply.has_value());
    BOOST_TEST(reply.error().find("TLS handshake failed") != std::string::npos, reply.error());
    BOOST_TEST(sink.answered() == 0);
    // Verification off (tls_verify: false) accepts it.
    auto unverified = post(io, sink.url(), engine::HttpTls{false, ""});
    BOOST_TEST(unverified.has_value());
}

BOOST_AUTO_TEST_CASE(a_certificate_for_another_host_is_refused) {
    const TempCertificate certificate("DNS:hooks.example.org");
    const auto& cert = certificate.files();
    HttpsSink sink(cert);
    asio::io_context io;
    auto reply = post(io, sink.url(), engine::HttpTls{true, cert.cert_pem.string()});
    BOOST_REQUIRE(!reply.has_value());
    BOOST_TEST(reply.error().find("TLS handshake failed") != std::string::npos, reply.error());
}

BOOST_AUTO_TEST_CASE(a_server_that_never_answers_hits_the_deadline) {
    asio::io_context io;
    // A listening socket that never accepts: the TCP connect succeeds, nothing ever answers.
    asio::ip::tcp::acceptor silent(io, {asio::ip::make_address("127.0.0.1"), 0});
    const auto url = "http://127.0.0.1:" + std::to_string(silent.local_endpoint().port()) + "/x";
    auto reply = post(io, url, engine::HttpTls{}, std::chrono::milliseconds(200));
    BOOST_REQUIRE(!reply.has_value());
    BOOST_TEST(reply.error() == "POST " + url + ": timed out after 200 ms");
    auto bad = post(io, "ftp://example.org/x", engine::HttpTls{});
    BOOST_REQUIRE(!bad.has_value());
    BOOST_TEST(bad.error().find("unsupported scheme 'ftp'") != std::string::npos, bad.error());
}

BOOST_AUTO_TEST_SUITE_END()
