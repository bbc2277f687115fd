#pragma once

// A throwaway certificate authority for TLS tests: a self-signed certificate generated at run
// time (OpenSSL), and an HTTPS server on 127.0.0.1:0 (own thread) presenting it. Used by the
// Livy client's TLS tests and the engine's https notification tests.

#include <filesystem>
#include <memory>
#include <string>

namespace steward::fake_livy {

/// A key and a self-signed certificate for `subject_alt_name` (e.g. "IP:127.0.0.1" or
/// "DNS:example.org"), written as PEM files in `dir`.
struct TestCertificate {
    std::filesystem::path cert_pem;
    std::filesystem::path key_pem;
};
TestCertificate make_certificate(const std::filesystem::path& dir, const std::string& subject_alt_name);

/// `make_certificate` into a private temporary directory that is removed on destruction.
/// Errors: throws std::runtime_error when the directory or the certificate cannot be made.
class TempCertificate {
public:
    explicit TempCertificate(const std::string& subject_alt_name);
    ~TempCertificate();
    TempCertificate(const TempCertificate&) = delete;
    TempCertificate& operator=(const TempCertificate&) = delete;

    [[nodiscard]] const TestCertificate& files() const noexcept { return files_; }

private:
    std::filesystem::path dir_;
    TestCertificate files_;
};

/// An HTTPS server answering every request with 200 and a fixed body (one request per
/// connection).
class HttpsSink {
public:
    /// Starts serving at once. Throws std::runtime_error when the certificate cannot be loaded.
    explicit HttpsSink(const TestCertificate& certificate, std::string body = "ok",
                       std::string content_type = "text/plain");
    ~HttpsSink();
    HttpsSink(const HttpsSink&) = delete;
    HttpsSink& operator=(const HttpsSink&) = delete;

    /// "https://127.0.0.1:PORT/hook".
    [[nodiscard]] std::string url() const;
    /// Requests read and answered so far, counted before the answer is written (thread-safe).
    [[nodiscard]] int answered() const;
    /// The Authorization header of the last request read ("" when none; thread-safe).
    [[nodiscard]] std::string last_authorization() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace steward::fake_livy
