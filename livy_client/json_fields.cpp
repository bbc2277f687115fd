#include "livy_client/json_fields.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

namespace livy {
namespace {

std::optional<std::int64_t> integral(double d) {
    if (!std::isfinite(d) || std::trunc(d) != d || std::fabs(d) > 9.0e18) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(d);
}

std::string snippet(std::string_view body) {
    constexpr std::size_t kMax = 80;
    std::string s(body.substr(0, kMax));
    for (char& c : s) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    if (body.size() > kMax) {
        s += "...";
    }
    return s;
}

}  // namespace

std::string_view json_kind(const boost::json::value& v) noexcept {
    switch (v.kind()) {
        case boost::json::kind::null: return "null";
        case boost::json::kind::bool_: return "bool";
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_: return "number";
        case boost::json::kind::string: return "string";
        case boost::json::kind::array: return "array";
        case boost::json::kind::object: return "object";
    }
    return "unknown";
}

std::string json_to_text(const boost::json::value& v) {
    if (v.is_string()) {
        return std::string(v.get_string());
    }
    return boost::json::serialize(v);
}

Result<boost::json::value> parse_json_body(std::string_view body, std::string_view what) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec) {
        return make_error(Errc::bad_response, std::string(what) + ": invalid JSON (" + ec.message() +
                                                  ") in body '" + snippet(body) + "'");
    }
    return v;
}

Result<const boost::json::object*> require_object(const boost::json::value& v, std::string_view what) {
    if (!v.is_object()) {
        return make_error(Errc::bad_response,
                          std::string(what) + ": expected a JSON object, got " + std::string(json_kind(v)));
    }
    return &v.get_object();
}

JsonFields::JsonFields(const boost::json::object& object, std::string where)
    : object_(object), where_(std::move(where)) {}

std::string JsonFields::path(std::string_view key) const {
    return where_.empty() ? std::string(key) : where_ + "." + std::string(key);
}

void JsonFields::fail(std::string message) {
    if (!error_) {
        error_ = make_error(Errc::bad_response, std::move(message));
    }
}

const boost::json::value* JsonFields::raw(std::string_view key) const {
    return object_.if_contains(key);
}

std::optional<std::string> JsonFields::str(std::string_view key) {
    const auto* v = raw(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (v->is_array() || v->is_object()) {
        fail(path(key) + ": expected a string, got " + std::string(json_kind(*v)));
        return std::nullopt;
    }
    return json_to_text(*v);
}

std::optional<std::int64_t> JsonFields::int64(std::string_view key) {
    const auto* v = raw(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (v->is_int64()) {
        return v->get_int64();
    }
    if (v->is_uint64() &&
        v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return static_cast<std::int64_t>(v->get_uint64());
    }
    if (v->is_double()) {
        if (auto i = integral(v->get_double())) {
            return i;
        }
    }
    if (v->is_string()) {
        const auto s = v->get_string();
        std::int64_t out = 0;
        const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
        if (!s.empty() && ec == std::errc{} && ptr == s.data() + s.size()) {
            return out;
        }
    }
    fail(path(key) + ": expected an integer, got " + std::string(json_kind(*v)) + " " +
         boost::json::serialize(*v));
    return std::nullopt;
}

std::optional<std::string> JsonFields::id(std::string_view key) {
    const auto* v = raw(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (v->is_int64()) {
        return std::to_string(v->get_int64());
    }
    if (v->is_uint64()) {
        return std::to_string(v->get_uint64());
    }
    if (v->is_string() && !v->get_string().empty()) {
        return std::string(v->get_string());
    }
    fail(path(key) + ": expected an id (a JSON integer or a non-empty string), got " +
         std::string(json_kind(*v)) + " " + boost::json::serialize(*v));
    return std::nullopt;
}

std::optional<double> JsonFields::number(std::string_view key) {
    const auto* v = raw(key);
    if (v == nullptr || v->is_null()) {
        return std::nullopt;
    }
    if (v->is_number()) {
        return v->to_number<double>();
    }
    if (v->is_string()) {
        const std::string s(v->get_string());
        char* end = nullptr;
        const double d = std::strtod(s.c_str(), &end);
        if (!s.empty() && end == s.c_str() + s.size()) {
            return d;
        }
    }
    fail(path(key) + ": expected a number, got " + std::string(json_kind(*v)));
    return std::nullopt;
}

std::vector<std::string> JsonFields::str_list(std::string_view key) {
    std::vector<std::string> out;
    const auto* v = raw(key);
    if (v == nullptr || v->is_null()) {
        return out;
    }
    if (v->is_string()) {
        out.emplace_back(v->get_string());
        return out;
    }
    if (!v->is_array()) {
        fail(path(key) + ": expected an array of strings, got " + std::string(json_kind(*v)));
        return out;
    }
    out.reserve(v->get_array().size());
    for (const auto& e : v->get_array()) {
        out.push_back(json_to_text(e));
    }
    return out;
}

std::map<std::string, std::string> JsonFields::str_map(std::string_view key) {
    std::map<std::string, std::string> out;
    const auto* v = raw(key);
    if (v == nullptr || v->is_null()) {
        return out;
    }
    if (!v->is_object()) {
        fail(path(key) + ": expected an object, got " + std::string(json_kind(*v)));
        return out;
    }
    for (const auto& kv : v->get_object()) {
        if (!kv.value().is_null()) {
            out.emplace(std::string(kv.key()), json_to_text(kv.value()));
        }
    }
    return out;
}

const boost::json::object* JsonFields::object(std::string_view key) {
    const auto* v = raw(key);
    if (v == nullptr || v->is_null()) {
        return nullptr;
    }
    if (!v->is_object()) {
        fail(path(key) + ": expected an object, got " + std::string(json_kind(*v)));
        return nullptr;
    }
    return &v->get_object();
}

}  // namespace livy
