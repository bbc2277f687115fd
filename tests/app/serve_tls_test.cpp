// `steward serve` with `http.tls` (a real process, a throwaway certificate): it announces an
// https:// URL and answers HTTPS with HSTS; a certificate file that is not a certificate stops the
// start with one line naming the file.

#include "tests/crash/child_process.hpp"
#include "tests/fake_livy/https_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using steward::crash_test::ChildProcess;
using steward::fake_livy::TempCertificate;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPrefix = "steward: listening on ";

// A config directory with an empty workflows_dir; removed at the end.
struct ServeDir {
    fs::path dir = fs::temp_directory_path() / ("steward-serve-tls-" + std::to_string(::getpid()));
    ServeDir() {
        fs::remove_all(dir);
        fs::create_directories(dir / "workflows");
    }
    ~ServeDir() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    fs::path config(const std::string& cert, const std::string& key) const {
        std::ofstream(dir / "steward.yaml") << "http: {listen: '127.0.0.1:0', tls: {cert_file: '" << cert
                                            << "', key_file: '" << key << "'}}\n"
                                            << "store: {path: steward.db}\n";
        return dir / "steward.yaml";
    }
    std::string log() const {
        std::ifstream in(dir / "steward.log");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

// GET https://127.0.0.1:PORT/api/health, trusting only `cert_pem`.
http::response<http::string_body> https_health(unsigned short port, const std::string& cert_pem) {
    asio::io_context io;
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file(cert_pem);
    ctx.set_verify_mode(ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(io, ctx);
    stream.set_verify_callback(ssl::host_name_verification("127.0.0.1"));
    beast::get_lowest_layer(stream).expires_after(5s);
    beast::get_lowest_layer(stream).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    stream.handshake(ssl::stream_base::client);
    http::request<http::empty_body> req{http::verb::get, "/api/health", 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    return res;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(serve_tls)

BOOST_AUTO_TEST_CASE(serve_announces_https_and_answers_with_hsts) {
    const TempCertificate certificate("IP:127.0.0.1");
    const ServeDir dir;
    const auto config =
        dir.config(certificate.files().cert_pem.string(), certificate.files().key_pem.string());
    ChildProcess steward({STEWARD_BINARY_DIR "/steward", "serve", "--config", config.string()},
                         (dir.dir / "steward.log").string());
    const auto line = steward.read_line(30s);
    BOOST_REQUIRE_MESSAGE(line && line->rfind(kPrefix, 0) == 0, "no start line; log:\n" << dir.log());
    const std::string url = line->substr(std::string(kPrefix).size());
    BOOST_TEST(url.rfind("https://127.0.0.1:", 0) == 0, url);
    const auto port = static_cast<unsigned short>(std::stoi(url.substr(url.rfind(':') + 1)));
    const auto res = https_health(port, certificate.files().cert_pem.string());
    BOOST_TEST(res.result_int() == 200);
    BOOST_TEST(std::string(res[http::field::strict_transport_security]) == "max-age=31536000");
    steward.send(SIGTERM);
    const auto status = steward.wait(20s);
    BOOST_REQUIRE(status.has_value());
    BOOST_TEST((WIFEXITED(*status) && WEXITSTATUS(*status) == 0));
}

BOOST_AUTO_TEST_CASE(a_file_that_is_not_a_certificate_stops_the_start_naming_it) {
    const TempCertificate certificate("IP:127.0.0.1");
    const ServeDir dir;
    const std::string not_a_cert = (dir.dir / "not-a-cert.pem").string();
    std::ofstream(not_a_cert) << "root:*:19000:0:99999:7:::\n";
    const auto config = dir.config(not_a_cert, certificate.files().key_pem.string());
    ChildProcess steward({STEWARD_BINARY_DIR "/steward", "serve", "--config", config.string()},
                         (dir.dir / "steward.log").string());
    const auto status = steward.wait(30s);
    BOOST_REQUIRE(status.has_value());
    BOOST_TEST((WIFEXITED(*status) && WEXITSTATUS(*status) == 1));
    const std::string log = dir.log();
    BOOST_TEST(log.find("cannot load the TLS certificate chain '" + not_a_cert + "'") != std::string::npos,
               log);
    BOOST_TEST(log.find("root:") == std::string::npos, log);  // never the file's contents
}

BOOST_AUTO_TEST_SUITE_END()
