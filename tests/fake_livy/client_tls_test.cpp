// The client over https: certificate chain and host name verified by default (a CA file adds
// trust), verification can be turned off, Basic credentials travel inside TLS.

#include "tests/fake_livy/https_server.hpp"
#include "tests/fake_livy/run_coro.hpp"

#include "livy_client/client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

using steward::fake_livy::HttpsSink;
using steward::fake_livy::run_coro;
using steward::fake_livy::TempCertificate;

namespace {

constexpr const char* kVersionBody = R"({"version":"0.9.0-incubating","user":"livy","revision":"abc"})";

/// "https://127.0.0.1:PORT" of a sink (its url() carries a /hook path).
std::string base_of(const HttpsSink& sink) {
    const std::string url = sink.url();
    return url.substr(0, url.find('/', std::string("https://").size()));
}

livy::ClientConfig tls_config(std::string base_url) {
    livy::ClientConfig config;
    config.base_url = std::move(base_url);
    config.connect_timeout = std::chrono::milliseconds(5000);
    config.request_timeout = std::chrono::milliseconds(5000);
    config.retry.max_attempts = 1;
    return config;
}

livy::Result<livy::Version> version_over(const livy::ClientConfig& config) {
    boost::asio::io_context io;
    livy::Client client(io.get_executor(), config);
    return run_coro(io, client.version());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_tls)

BOOST_AUTO_TEST_CASE(a_certificate_trusted_through_the_ca_file_is_accepted_and_auth_travels) {
    const TempCertificate certificate("IP:127.0.0.1");
    const auto& cert = certificate.files();
    HttpsSink livy(cert, kVersionBody, "application/json");
    auto config = tls_config(base_of(livy));
    config.tls.ca_file = cert.cert_pem.string();
    config.auth = livy::BasicAuth{"alice", "s3cret"};
    const auto version = version_over(config);
    BOOST_TEST_REQUIRE(version.has_value(),
                       (version.has_value() ? std::string() : version.error().describe()));
    BOOST_TEST(version->version.value_or("") == "0.9.0-incubating");
    BOOST_TEST(livy.answered() == 1);
    BOOST_TEST(livy.last_authorization() == "Basic YWxpY2U6czNjcmV0");  // base64("alice:s3cret")
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_is_a_tls_error_unless_verification_is_off) {
    const TempCertificate certificate("IP:127.0.0.1");
    const auto& cert = certificate.files();
    HttpsSink livy(cert, kVersionBody, "application/json");
    const auto refused = version_over(tls_config(base_of(livy)));
    BOOST_REQUIRE(refused.has_error());
    BOOST_TEST(refused.error().code == livy::Errc::tls, refused.error().describe());
    BOOST_TEST(livy.answered() == 0);

    auto unverified = tls_config(base_of(livy));
    unverified.tls.verify_peer = false;
    const auto accepted = version_over(unverified);
    BOOST_TEST(accepted.has_value());
    BOOST_TEST(livy.answered() == 1);
}

BOOST_AUTO_TEST_CASE(a_certificate_for_another_host_is_a_tls_error) {
    const TempCertificate certificate("DNS:livy.example.org");
    const auto& cert = certificate.files();
    HttpsSink livy(cert, kVersionBody, "application/json");
    auto config = tls_config(base_of(livy));
    config.tls.ca_file = cert.cert_pem.string();
    const auto refused = version_over(config);
    BOOST_REQUIRE(refused.has_error());
    BOOST_TEST(refused.error().code == livy::Errc::tls, refused.error().describe());
    BOOST_TEST(livy.answered() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
