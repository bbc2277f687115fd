#include "livy_client/error_body.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>

namespace livy {
namespace {

constexpr std::size_t kMaxMessage = 500;

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

std::string collapse(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    if (out.size() > kMaxMessage) {
        out.resize(kMaxMessage);
        out += "...";
    }
    return out;
}

std::string strip_tags(std::string_view html) {
    std::string out;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<') {
            in_tag = true;
            out += ' ';
        } else if (c == '>') {
            in_tag = false;
        } else if (!in_tag) {
            out += c;
        }
    }
    return out;
}

std::string from_html(std::string_view body) {
    const std::string low = lower(body);
    const auto open = low.find("<title>");
    if (open != std::string::npos) {
        const auto start = open + 7;
        const auto close = low.find("</title>", start);
        if (close != std::string::npos && close > start) {
            return collapse(body.substr(start, close - start));
        }
    }
    // Drop <head>/<style>/<script> contents before stripping tags.
    std::string text(body);
    for (const char* tag : {"style", "script"}) {
        const std::string open_tag = std::string("<") + tag;
        const std::string close_tag = std::string("</") + tag + ">";
        for (;;) {
            const std::string l = lower(text);
            const auto a = l.find(open_tag);
            if (a == std::string::npos) {
                break;
            }
            const auto b = l.find(close_tag, a);
            text.erase(a, b == std::string::npos ? std::string::npos : b + close_tag.size() - a);
        }
    }
    return collapse(strip_tags(text));
}

}  // namespace

std::string decode_error_message(std::string_view body) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(body, ec);
    if (!ec) {
        if (v.is_object()) {
            if (const auto* msg = v.get_object().if_contains("msg"); msg && msg->is_string()) {
                return collapse(msg->get_string());
            }
        }
        if (v.is_string()) {
            return collapse(v.get_string());
        }
        if (!v.is_null()) {
            return collapse(boost::json::serialize(v));
        }
        return {};
    }
    const std::string low = lower(body.substr(0, 512));
    if (low.find("<html") != std::string::npos || low.find("<!doctype") != std::string::npos ||
        low.find("<body") != std::string::npos) {
        return from_html(body);
    }
    return collapse(body);
}

Error http_error(int status, std::string_view body, std::string method, std::string target) {
    Error e;
    e.code = status == 404 ? Errc::not_found : Errc::http_status;
    e.http_status = status;
    e.message = decode_error_message(body);
    e.method = std::move(method);
    e.target = std::move(target);
    return e;
}

bool is_retryable_status(int status) noexcept {
    return status == 502 || status == 503 || status == 504;
}

bool is_session_state_rejection(const Error& e) noexcept {
    return e.code == Errc::http_status && e.http_status == 500 &&
           e.message.find("Session is in state") != std::string::npos;
}

bool refused_while_coming_up(const Error& e) noexcept {
    return is_session_state_rejection(e) && (e.message.find("state starting") != std::string::npos ||
                                             e.message.find("state recovering") != std::string::npos ||
                                             e.message.find("state not_started") != std::string::npos);
}

}  // namespace livy
