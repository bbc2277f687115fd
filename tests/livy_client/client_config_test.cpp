#include "livy_client/client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

namespace {

// Construction validates the configuration and opens no sockets.
std::string construction_error(livy::ClientConfig config) {
    boost::asio::io_context ioc;
    try {
        livy::Client client(ioc.get_executor(), std::move(config));
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return {};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(livy_client_config)

BOOST_AUTO_TEST_CASE(valid_configs_construct) {
    BOOST_TEST(construction_error({}) == "");
    livy::ClientConfig https;
    https.base_url = "https://gateway.example.com/livy";
    https.auth = livy::BasicAuth{"u", "p"};
    BOOST_TEST(construction_error(https) == "");
    boost::asio::io_context ioc;
    livy::Client client(ioc.get_executor(), https);
    BOOST_TEST(client.config().base_url == "https://gateway.example.com/livy");
    BOOST_TEST(client.stats().total_attempts == 0u);
}

BOOST_AUTO_TEST_CASE(invalid_configs_name_the_field) {
    livy::ClientConfig bad_url;
    bad_url.base_url = "gopher://x";
    BOOST_TEST(construction_error(bad_url).find("livy base_url") != std::string::npos);

    livy::ClientConfig bad_attempts;
    bad_attempts.retry.max_attempts = 0;
    BOOST_TEST(construction_error(bad_attempts).find("retry.max_attempts") != std::string::npos);

    livy::ClientConfig bad_jitter;
    bad_jitter.retry.jitter = 1.5;
    BOOST_TEST(construction_error(bad_jitter).find("retry.jitter") != std::string::npos);

    livy::ClientConfig bad_poll;
    bad_poll.poll.initial = std::chrono::milliseconds(0);
    BOOST_TEST(construction_error(bad_poll).find("poll") != std::string::npos);

    livy::ClientConfig bad_ca;
    bad_ca.base_url = "https://x";
    bad_ca.tls.ca_file = "/nonexistent/ca.pem";
    BOOST_TEST(construction_error(bad_ca).find("tls.ca_file") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
