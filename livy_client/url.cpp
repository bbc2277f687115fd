#include "livy_client/url.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>

namespace livy {
namespace {

Result<BaseUrl> invalid(std::string_view url, std::string_view why) {
    return make_error(Errc::invalid_request,
                      "invalid Livy base URL '" + std::string(url) + "': " + std::string(why));
}

bool is_unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

std::string percent_encode(std::string_view s) {
    static constexpr std::string_view kHex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (is_unreserved(c)) {
            out += c;
        } else {
            const auto u = static_cast<unsigned char>(c);
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0x0F];
        }
    }
    return out;
}

}  // namespace

Result<BaseUrl> parse_base_url(std::string_view url) {
    if (url.find("://") == std::string_view::npos) {
        return invalid(url, "expected http[s]://host[:port][/prefix]");
    }
    auto parsed = boost::urls::parse_uri(url);
    if (!parsed) {
        return invalid(url, "not an absolute URL (" + parsed.error().message() + ")");
    }
    const boost::urls::url_view& u = *parsed;
    BaseUrl out;
    const std::string scheme = u.scheme();
    std::string lower;
    for (char c : scheme) {
        lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (lower == "https") {
        out.https = true;
    } else if (lower != "http") {
        return invalid(url, "scheme must be http or https");
    }
    if (u.has_userinfo()) {
        return invalid(url, "credentials in the URL are not supported; configure basic auth");
    }
    if (u.has_query() || u.has_fragment()) {
        return invalid(url, "a query or fragment is not allowed");
    }
    out.host = u.host_address();  // IPv6 without brackets, percent-decoded
    if (out.host.empty()) {
        return invalid(url, "missing host");
    }
    const bool ipv6 = u.host_type() == boost::urls::host_type::ipv6;
    out.host_header = ipv6 ? "[" + out.host + "]" : out.host;
    if (u.has_port()) {
        const std::string port = u.port();
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc{} || ptr != port.data() + port.size() || value == 0 ||
            value > 65535) {
            return invalid(url, "bad port '" + port + "'");
        }
        out.port = std::to_string(value);
        out.host_header += ":" + out.port;
    } else {
        out.port = out.https ? "443" : "80";
    }
    std::string path(u.encoded_path());
    while (!path.empty() && path.back() == '/') {
        path.pop_back();
    }
    if (!path.empty() && path.front() != '/') {
        path.insert(path.begin(), '/');
    }
    out.prefix = path;
    return out;
}

std::string encode_path_segment(std::string_view segment) {
    return percent_encode(segment);
}

std::string make_target(const BaseUrl& base, std::string_view path,
                        const std::vector<std::pair<std::string, std::string>>& query) {
    std::string target = base.prefix;
    target += path;
    char sep = '?';
    for (const auto& [k, v] : query) {
        target += sep;
        target += percent_encode(k);
        target += '=';
        target += percent_encode(v);
        sep = '&';
    }
    return target;
}

std::string route_template(const BaseUrl& base, std::string_view target) {
    target = target.substr(0, target.find('?'));
    if (!base.prefix.empty() && target.starts_with(base.prefix)) {
        target.remove_prefix(base.prefix.size());
    }
    std::string route;
    bool id_next = false;
    while (!target.empty()) {
        if (target.front() == '/') {
            target.remove_prefix(1);
            route += '/';
            continue;
        }
        const std::string_view segment = target.substr(0, target.find('/'));
        target.remove_prefix(segment.size());
        route += id_next ? std::string_view("{id}") : segment;
        id_next = !id_next && (segment == "batches" || segment == "sessions" || segment == "statements");
    }
    return route.empty() ? std::string("/") : route;
}

}  // namespace livy
