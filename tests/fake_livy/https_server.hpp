#pragma once

// A throwaway certificate authority for TLS tests: a self-signed certificate generated at run
// time (OpenSSL), and an HTTPS server on 127.0.0.1:0 (own thread) presenting it.

#include <filesystem>
#include <memory>
#include <string>

namespace steward::engine_tests {

/// A key and a self-signed certificate for `subject_alt_name` (e.g. "IP:127.0.0.1" or
/// "DNS:example.org"), written as PEM files in `dir`.
struct TestCertificate {
    std::filesystem::path cert_pem;
    std::filesystem::path key_pem;
};
TestCertificate make_certificate(const std::filesystem::path& dir, const std::string& subject_alt_name);

/// An HTTPS server answering every request with 200 "ok".
class HttpsSink {
public:
    explicit HttpsSink(const TestCertificate& certificate);
    ~HttpsSink();
    HttpsSink(const HttpsSink&) = delete;
    HttpsSink& operator=(const HttpsSink&) = delete;

    /// "https://127.0.0.1:PORT/hook".
    [[nodiscard]] std::string url() const;
    /// Requests answered so far (thread-safe).
    [[nodiscard]] int answered() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace steward::engine_tests
