#include "orchestrator/api/static_site.hpp"

#include "orchestrator/api/errors.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace steward::api {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
constexpr std::string_view kRevalidate = "no-cache";
constexpr std::string_view kIndex = "/index.html";

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// Calls `visit` with each trimmed element of a comma-separated header value until it returns true.
template <class Visit>
bool any_element(std::string_view list, Visit visit) {
    while (true) {
        const auto comma = list.find(',');
        if (visit(trim(list.substr(0, comma)))) {
            return true;
        }
        if (comma == std::string_view::npos) {
            return false;
        }
        list.remove_prefix(comma + 1);
    }
}

// A q-value ("0", "0.5", "1.000") is zero when it has no non-zero digit.
bool zero_quality(std::string_view params) {
    while (!params.empty()) {
        const auto semi = params.find(';');
        const std::string_view param = trim(params.substr(0, semi));
        if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
            const std::string_view value = param.substr(2);
            return value.find_first_of("123456789") == std::string_view::npos;
        }
        params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    }
    return false;
}

// True when the last segment of `path` names a file by a web file extension ("/favicon.ico",
// "/robots.txt"). Other dots do not make a file: "/models/risk:churn/versions/1.0.3" is a route.
bool names_a_file(std::string_view path) {
    constexpr std::array<std::string_view, 22> kFileExtensions{
        "js",  "mjs", "css", "map",  "html", "htm",  "json",  "txt", "xml",  "svg", "png",
        "jpg", "gif", "ico", "webp", "avif", "woff", "woff2", "ttf", "wasm", "gz",  "webmanifest"};
    const std::string_view segment = path.substr(path.rfind('/') + 1);
    const auto dot = segment.rfind('.');
    if (dot == std::string_view::npos) {
        return false;
    }
    const std::string_view extension = segment.substr(dot + 1);
    return std::any_of(kFileExtensions.begin(), kFileExtensions.end(),
                       [&](std::string_view known) { return iequals(extension, known); });
}

Response not_found(const Request& request) {
    return error_response(Errc::not_found, "no UI file at '" + request.path.substr(0, 200) + "'");
}

// The file `path` as a response (or its 304), with the validators and caching headers.
std::optional<Response> file_response(const AssetSource& source, std::string_view path,
                                      const Request& request) {
    const auto info = source.find(path);
    if (!info) {
        return std::nullopt;
    }
    const std::string* accept = request.header("accept-encoding");
    const bool gzip = info->has_gzip && accept != nullptr && accepts_gzip(*accept);
    // One tag per representation; either names the same content, so either validates.
    const std::string etag = "\"" + info->etag + (gzip ? "-gzip\"" : "\"");
    Response response;
    response.content_type = info->content_type;
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", info->immutable ? kImmutable : kRevalidate);
    response.headers.emplace_back("Vary", "Accept-Encoding");
    if (const std::string* tags = request.header("if-none-match");
        tags != nullptr &&
        (etag_matches(*tags, info->etag) || (info->has_gzip && etag_matches(*tags, info->etag + "-gzip")))) {
        response.status = 304;
        response.content_type.clear();
        return response;
    }
    auto body = source.read(path, gzip);
    if (!body) {
        return std::nullopt;  // removed since `find` (a rebuild in --ui-dir mode)
    }
    response.body = std::move(*body);
    if (gzip) {
        response.headers.emplace_back("Content-Encoding", "gzip");
    }
    return response;
}

}  // namespace

bool is_ui_path(std::string_view path) noexcept {
    return !(path == "/api" || path.starts_with("/api/") || path == "/metrics");
}

bool is_safe_ui_path(std::string_view path) noexcept {
    if (path.empty() || path.front() != '/') {
        return false;
    }
    if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
        return false;
    }
    path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        const std::string_view segment = path.substr(0, slash);
        if (slash == std::string_view::npos) {
            return segment.empty() || segment.front() != '.';  // "/" and "/runs/" are fine
        }
        if (segment.empty() || segment.front() == '.') {
            return false;  // "//", ".", "..", ".hidden"
        }
        path.remove_prefix(slash + 1);
    }
}

bool accepts_gzip(std::string_view accept_encoding) noexcept {
    bool gzip = false;
    bool refused = false;
    bool any = false;
    any_element(accept_encoding, [&](std::string_view element) {
        const auto semi = element.find(';');
        const std::string_view coding = trim(element.substr(0, semi));
        const bool zero = semi != std::string_view::npos && zero_quality(element.substr(semi + 1));
        if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) {
            gzip = !zero;
            refused = zero;
        } else if (coding == "*") {
            any = !zero;
        }
        return false;
    });
    return gzip || (any && !refused);
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) noexcept {
    return any_element(if_none_match, [&](std::string_view tag) {
        if (tag == "*") {
            return true;
        }
        if (tag.starts_with("W/")) {
            tag.remove_prefix(2);
        }
        return tag.size() == etag.size() + 2 && tag.front() == '"' && tag.back() == '"' &&
               tag.substr(1, etag.size()) == etag;
    });
}

Response serve_ui(const AssetSource& source, const Request& request) {
    if (request.method != "GET" && request.method != "HEAD") {
        Response response = error_response(
            Errc::method_not_allowed,
            request.method + " is not allowed on '" + request.path.substr(0, 200) + "' (allowed: GET, HEAD)");
        response.headers.emplace_back("Allow", "GET, HEAD");
        return response;
    }
    if (!is_safe_ui_path(request.path)) {
        return error_response(Errc::bad_request, "not a valid UI path");
    }
    const std::string_view path = request.path == "/" ? kIndex : std::string_view(request.path);
    if (auto response = file_response(source, path, request)) {
        return std::move(*response);
    }
    if (!path.starts_with("/assets/") && !names_a_file(path)) {  // a client-side route
        if (auto response = file_response(source, kIndex, request)) {
            return std::move(*response);
        }
    }
    return not_found(request);
}

}  // namespace steward::api
