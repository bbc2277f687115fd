// `steward serve` with `http.tls` (a real process, a throwaway certificate): it announces an
// https:// URL and answers HTTPS with HSTS; a certificate file that is not a certificate stops the
// start with one line naming the file. The CLI's client (api_call) speaks https to such a server.

#include "orchestrator/api/server.hpp"
#include "orchestrator/app/api_client.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"
#include "tests/crash/child_process.hpp"
#include "tests/fake_livy/https_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace api = steward::api;
namespace store = steward::store;
using steward::app::api_call;
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

// An in-process HTTPS API server on its own thread.
struct TlsServerThread {
    TempCertificate certificate{"IP:127.0.0.1"};
    asio::io_context io{1};
    api::test::AccessHarness harness;
    api::Context& context = harness.context;
    std::unique_ptr<api::Server> server;
    std::thread thread;

    TlsServerThread() {
        api::ServerSettings settings;
        settings.port = 0;
        settings.tls_cert_file = certificate.files().cert_pem.string();
        settings.tls_key_file = certificate.files().key_pem.string();
        server = std::make_unique<api::Server>(io.get_executor(), settings, context);
        server->start();
        thread = std::thread([this] { io.run(); });
    }
    ~TlsServerThread() {  // NOLINT(bugprone-exception-escape): a failure here ends the test run anyway
        asio::post(io, [this] {
            server->stop();
            io.stop();
        });
        thread.join();
    }
    TlsServerThread(const TlsServerThread&) = delete;
    TlsServerThread& operator=(const TlsServerThread&) = delete;

    [[nodiscard]] std::string url(const std::string& host = "127.0.0.1") const {
        return "https://" + host + ":" + std::to_string(server->port());
    }
};

// Sets SSL_CERT_FILE (which OpenSSL's default verify paths read) for one scope.
struct TrustFile {
    explicit TrustFile(const std::string& file) { ::setenv("SSL_CERT_FILE", file.c_str(), 1); }
    ~TrustFile() { ::unsetenv("SSL_CERT_FILE"); }
    TrustFile(const TrustFile&) = delete;
    TrustFile& operator=(const TrustFile&) = delete;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_https)

BOOST_AUTO_TEST_CASE(api_call_speaks_https_to_a_trusted_server) {
    const TlsServerThread server;
    const TrustFile trust(server.certificate.files().cert_pem.string());
    const auto reply = api_call(server.url(), "GET", "/api/health", {}, {}, 5s);
    BOOST_TEST(reply.error.empty(), reply.error);
    BOOST_TEST(reply.status == 200);
}

BOOST_AUTO_TEST_CASE(api_call_refuses_an_untrusted_certificate_or_another_host_name) {
    const TlsServerThread server;
    const auto untrusted = api_call(server.url(), "GET", "/api/health", {}, {}, 5s);
    BOOST_TEST(untrusted.status == 0);
    BOOST_TEST(untrusted.error.find("TLS handshake failed") != std::string::npos, untrusted.error);
    BOOST_TEST(untrusted.error.find("SSL_CERT_FILE") != std::string::npos, untrusted.error);

    const TrustFile trust(server.certificate.files().cert_pem.string());
    const auto wrong_host = api_call(server.url("localhost"), "GET", "/api/health", {}, {}, 5s);
    BOOST_TEST(wrong_host.status == 0);  // the certificate names 127.0.0.1 only
    BOOST_TEST(wrong_host.error.find("TLS handshake failed") != std::string::npos, wrong_host.error);

    const auto plain = api_call("http://127.0.0.1:" + std::to_string(server.server->port()), "GET",
                                "/api/health", {}, {}, 5s);
    BOOST_TEST(plain.status == 0, plain.body);
}

BOOST_AUTO_TEST_SUITE_END()

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
