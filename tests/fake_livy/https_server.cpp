#include "tests/fake_livy/https_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <cstdio>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <unistd.h>

namespace steward::fake_livy {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

void check(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("test certificate: ") + what + " failed");
    }
}

void write_pem(const std::filesystem::path& path, EVP_PKEY* key, X509* cert) {
    FILE* out = std::fopen(path.c_str(), "w");
    check(out != nullptr, "opening a PEM file");
    const bool ok = key != nullptr
                        ? PEM_write_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr) == 1
                        : PEM_write_X509(out, cert) == 1;
    std::fclose(out);
    check(ok, "writing PEM");
}

}  // namespace

TestCertificate make_certificate(const std::filesystem::path& dir, const std::string& subject_alt_name) {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
    check(key != nullptr, "EC key generation");
    std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), X509_free);
    check(cert != nullptr, "X509_new");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24L * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    const std::string cn = "steward-test";
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()),
                               -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, subject_alt_name},
                                     std::pair{NID_basic_constraints, std::string("critical,CA:TRUE")}}) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
        check(ext != nullptr, "an extension");
        X509_add_ext(cert.get(), ext, -1);
        X509_EXTENSION_free(ext);
    }
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "signing");
    TestCertificate out{dir / "cert.pem", dir / "key.pem"};
    write_pem(out.cert_pem, nullptr, cert.get());
    write_pem(out.key_pem, key.get(), nullptr);
    return out;
}

namespace {

std::filesystem::path make_temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "steward-tls-XXXXXX").string();
    check(::mkdtemp(pattern.data()) != nullptr, "creating a temporary directory");
    return pattern;
}

}  // namespace

TempCertificate::TempCertificate(const std::string& subject_alt_name)
    : dir_(make_temp_dir()), files_(make_certificate(dir_, subject_alt_name)) {}

TempCertificate::~TempCertificate() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

struct HttpsSink::Impl {
    Impl(const TestCertificate& certificate, std::string reply_body, std::string reply_type)
        : acceptor(io, {asio::ip::make_address("127.0.0.1"), 0}),
          body(std::move(reply_body)),
          content_type(std::move(reply_type)) {
        ssl.use_certificate_chain_file(certificate.cert_pem.string());
        ssl.use_private_key_file(certificate.key_pem.string(), asio::ssl::context::pem);
    }
    asio::io_context io{1};
    asio::ssl::context ssl{asio::ssl::context::tls_server};
    asio::ip::tcp::acceptor acceptor;
    std::string body;
    std::string content_type;
    std::atomic<int> answered{0};
    mutable std::mutex mutex;
    std::string authorization;  // guarded by mutex
    std::thread thread;
};

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);

asio::awaitable<void> serve_tls(HttpsSink::Impl& impl, asio::ip::tcp::socket socket) {
    beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), impl.ssl);
    auto [hec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kNothrow);
    if (hec) {
        co_return;  // the client refused our certificate
    }
    beast::flat_buffer buffer;
    http::request<http::string_body> request;
    auto [rec, read] = co_await http::async_read(stream, buffer, request, kNothrow);
    (void)read;
    if (rec) {
        co_return;
    }
    {
        const std::lock_guard lock(impl.mutex);
        impl.authorization = std::string(request[http::field::authorization]);
    }
    // Counted before the answer is written: a client that has read the answer must see the count
    // (counting after the write raced with the client's next check).
    ++impl.answered;
    http::response<http::string_body> response{http::status::ok, 11};
    response.set(http::field::content_type, impl.content_type);
    response.body() = impl.body;
    response.keep_alive(false);
    response.prepare_payload();
    (void)co_await http::async_write(stream, response, kNothrow);
}

asio::awaitable<void> accept_tls(HttpsSink::Impl& impl) {
    for (;;) {
        auto [ec, socket] = co_await impl.acceptor.async_accept(kNothrow);
        if (ec) {
            co_return;
        }
        asio::co_spawn(impl.io, serve_tls(impl, std::move(socket)), asio::detached);
    }
}

}  // namespace

HttpsSink::HttpsSink(const TestCertificate& certificate, std::string body, std::string content_type)
    : impl_(std::make_unique<Impl>(certificate, std::move(body), std::move(content_type))) {
    asio::co_spawn(impl_->io, accept_tls(*impl_), asio::detached);
    impl_->thread = std::thread([impl = impl_.get()] { impl->io.run(); });
}

HttpsSink::~HttpsSink() {
    try {
        asio::post(impl_->io, [impl = impl_.get()] {
            boost::system::error_code ignored;
            impl->acceptor.close(ignored);
        });
        impl_->io.stop();
        impl_->thread.join();
    } catch (const std::exception&) {
        std::terminate();  // a test double that cannot stop its thread: nothing sane to continue with
    }
}

std::string HttpsSink::url() const {
    return "https://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port()) + "/hook";
}

int HttpsSink::answered() const {
    return impl_->answered.load();
}

std::string HttpsSink::last_authorization() const {
    const std::lock_guard lock(impl_->mutex);
    return impl_->authorization;
}

}  // namespace steward::fake_livy
