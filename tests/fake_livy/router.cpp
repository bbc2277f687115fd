#include "tests/fake_livy/router.hpp"

#include <charconv>
#include <vector>

namespace steward::fake_livy {

namespace {

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    while (!path.empty()) {
        if (path.front() == '/') {
            path.remove_prefix(1);
            continue;
        }
        const auto slash = path.find('/');
        out.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash);
    }
    return out;
}

// An integer query parameter; nullopt inside means "absent"; an error reply for a non-integer.
struct IntParam {
    std::optional<long long> value;
    std::optional<Reply> error;
};

IntParam int_param(const RecordedRequest& request, std::string_view key) {
    IntParam out;
    const auto raw = request.query(key);
    if (!raw) {
        return out;
    }
    long long v = 0;
    const auto* end = raw->data() + raw->size();
    const auto [p, ec] = std::from_chars(raw->data(), end, v);
    if (raw->empty() || ec != std::errc{} || p != end) {
        out.error = msg_reply(400, "For input string: \"" + *raw + "\"");
        return out;
    }
    out.value = v;
    return out;
}

bool safe_method(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

}  // namespace

std::string base64_encode(std::string_view in) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    while (i + 2 < in.size()) {
        const auto n = (static_cast<unsigned char>(in[i]) << 16U) |
                       (static_cast<unsigned char>(in[i + 1]) << 8U) | static_cast<unsigned char>(in[i + 2]);
        out += kAlphabet[(n >> 18U) & 63U];
        out += kAlphabet[(n >> 12U) & 63U];
        out += kAlphabet[(n >> 6U) & 63U];
        out += kAlphabet[n & 63U];
        i += 3;
    }
    if (i + 1 == in.size()) {
        const auto n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16U;
        out += kAlphabet[(n >> 18U) & 63U];
        out += kAlphabet[(n >> 12U) & 63U];
        out += "==";
    } else if (i + 2 == in.size()) {
        const auto n = (static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16U) |
                       (static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8U);
        out += kAlphabet[(n >> 18U) & 63U];
        out += kAlphabet[(n >> 12U) & 63U];
        out += kAlphabet[(n >> 6U) & 63U];
        out += '=';
    }
    return out;
}

Reply Router::handle(const RecordedRequest& request) {
    const std::string path(request.path());
    if (options_.basic_auth) {
        const auto expected =
            "Basic " + base64_encode(options_.basic_auth->first + ":" + options_.basic_auth->second);
        if (request.header("Authorization") != expected) {
            auto reply = jetty_error_page(401, path, "Unauthorized");
            reply.headers.emplace_back("WWW-Authenticate", "Basic realm=\"livy\"");
            return reply;
        }
    }
    if (options_.csrf && !safe_method(request.method) && !request.header("X-Requested-By")) {
        return jetty_error_page(400, path, "Missing Required Header for CSRF protection.");
    }
    if (const auto accept = request.header("Accept")) {
        constexpr std::string_view kVendor = "application/vnd.livy.v";
        if (accept->starts_with(kVendor) && *accept != "application/vnd.livy.v0.1+json") {
            return empty_reply(406);
        }
    }
    return route(request);
}

Reply Router::route(const RecordedRequest& request) {
    const auto seg = segments(request.path());
    const std::string_view m = request.method;
    if (seg.size() == 1 && seg[0] == "version") {
        return m == "GET" ? model_.version() : empty_reply(405);
    }
    if (seg.empty() || (seg[0] != "sessions" && seg[0] != "batches")) {
        return empty_reply(404);
    }
    const auto c = seg[0] == "sessions" ? Collection::sessions : Collection::batches;
    const bool sessions = c == Collection::sessions;
    auto from = int_param(request, "from");
    auto size = int_param(request, "size");
    if (seg.size() == 1) {
        if (m == "GET") {
            if (from.error || size.error)
                return from.error ? *from.error : *size.error;
            return model_.list(c, from.value, size.value);
        }
        if (m == "POST") {
            return sessions ? model_.create_session(request.body) : model_.create_batch(request.body);
        }
        return empty_reply(405);
    }
    const auto ref = seg[1];
    if (seg.size() == 2) {
        if (m == "GET")
            return model_.get(c, ref);
        if (m == "DELETE")
            return model_.remove(c, ref);
        return empty_reply(405);
    }
    const auto sub = seg[2];
    if (seg.size() == 3 && (sub == "state" || sub == "log")) {
        if (m != "GET")
            return empty_reply(405);
        if (sub == "state")
            return model_.get_state(c, ref);
        if (from.error || size.error)
            return from.error ? *from.error : *size.error;
        return model_.get_log(c, ref, from.value, size.value);
    }
    if (!sessions) {
        return empty_reply(404);
    }
    if (seg.size() == 3 && sub == "statements") {
        if (m == "GET") {
            if (from.error || size.error)
                return from.error ? *from.error : *size.error;
            return model_.list_statements(ref, from.value, size.value, request.query("order") == "desc");
        }
        if (m == "POST")
            return model_.create_statement(ref, request.body);
        return empty_reply(405);
    }
    if (seg.size() == 3 && (sub == "completion" || sub == "stop" || sub == "interrupt" || sub == "connect")) {
        if (m != "POST")
            return empty_reply(405);
        if (sub == "completion")
            return model_.completion(ref, request.body);
        if (sub == "connect")
            return model_.connect(ref);
        return model_.stop(ref, sub == "interrupt");
    }
    if (seg.size() == 4 && sub == "statements") {
        return m == "GET" ? model_.get_statement(ref, seg[3]) : empty_reply(405);
    }
    if (seg.size() == 5 && sub == "statements" && seg[4] == "cancel") {
        return m == "POST" ? model_.cancel_statement(ref, seg[3]) : empty_reply(405);
    }
    return empty_reply(404);
}

}  // namespace steward::fake_livy
