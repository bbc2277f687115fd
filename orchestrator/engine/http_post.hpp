#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <map>
#include <string>
#include <string_view>

namespace steward::engine {

/// What an `http_post` got back.
struct HttpReply {
    unsigned status = 0;
    std::string body;  ///< at most 64 KiB are kept
};

/// TLS settings for https URLs.
struct HttpTls {
    bool verify = true;   ///< verify the chain against the system roots (+ `ca_file`) and the host name
    std::string ca_file;  ///< extra PEM roots; empty: none
};

/// POSTs `body` to `url` (http:// or https://, default ports 80/443) with `content_type` and the
/// extra `headers`, over a fresh connection; resolve, connect, TLS handshake, write and read
/// share one deadline, `timeout`. Errors (value): one sentence naming the URL and the failing
/// stage, e.g. "POST https://hooks.example/x: TLS handshake failed: certificate verify failed",
/// "POST http://h/x: timed out after 10000 ms", "POST http://h/x: bad URL". A reply with any
/// status is a value (the caller decides what a 4xx/5xx means). Threading: awaits on the calling
/// coroutine's executor; no shared state. Cancellation of the awaiting coroutine aborts it.
boost::asio::awaitable<boost::system::result<HttpReply, std::string>> http_post(
    std::string url, std::string body, std::string content_type, std::map<std::string, std::string> headers,
    std::chrono::milliseconds timeout, HttpTls tls);

}  // namespace steward::engine
