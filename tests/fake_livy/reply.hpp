#pragma once

#include <boost/json/value.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace steward::fake_livy {

/// The Content-Type Livy (Scalatra) sends with JSON.
inline constexpr const char* kJsonContentType = "application/json;charset=utf-8";

/// An HTTP answer independent of Beast: status, body, content type, extra headers, and how long
/// the server holds it back before sending (a blocking DELETE).
struct Reply {
    unsigned status = 200;
    std::string body;
    std::string content_type = kJsonContentType;
    std::vector<std::pair<std::string, std::string>> headers;
    std::chrono::milliseconds hold{0};
};

/// A JSON body with `status`.
Reply json_reply(unsigned status, const boost::json::value& body);
/// Livy's `ResponseMessage`: `{"msg": msg}`.
Reply msg_reply(unsigned status, std::string msg);
/// Livy's bare JSON string body (parse errors, "Statement not found", every 500).
Reply string_reply(unsigned status, std::string text);
/// No body (Scalatra's 404/405 for unknown routes, 204).
Reply empty_reply(unsigned status);
/// Jetty's HTML error page, as sent by `sendError` (CSRF filter, auth filter).
Reply jetty_error_page(unsigned status, const std::string& path, const std::string& reason);

}  // namespace steward::fake_livy
