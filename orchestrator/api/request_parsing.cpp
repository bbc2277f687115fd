#include "orchestrator/api/request_parsing.hpp"

#include <boost/json/parser.hpp>

#include <algorithm>
#include <charconv>

namespace steward::api {
namespace json = boost::json;
namespace {

ApiError bad_request(std::string message) {
    return ApiError{make_error_code(Errc::bad_request), std::move(message)};
}

std::string join(std::initializer_list<std::string_view> names) {
    std::string out;
    for (const auto name : names) {
        out += (out.empty() ? "" : ", ") + std::string(name);
    }
    return out;
}

}  // namespace

ApiResult<std::int64_t> int_query(const Request& request, std::string_view name, std::int64_t fallback,
                                  std::int64_t min, std::int64_t max) {
    const std::string* text = request.query_param(name);
    if (!text) {
        return fallback;
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
        return ApiError{make_error_code(Errc::invalid_param),
                        "query parameter '" + std::string(name) + "' must be an integer from " +
                            std::to_string(min) + " to " + std::to_string(max) + ", got '" + *text + "'"};
    }
    return value;
}

std::optional<std::string> text_query(const Request& request, std::string_view name) {
    const std::string* text = request.query_param(name);
    if (!text || text->empty()) {
        return std::nullopt;
    }
    return *text;
}

ApiResult<store::RowId> id_param(const PathParams& params) {
    const auto it = params.find("id");
    store::RowId id = 0;
    if (it != params.end()) {
        const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), id);
        if (ec == std::errc{} && end == it->second.data() + it->second.size() && id > 0) {
            return id;
        }
    }
    return ApiError{make_error_code(Errc::invalid_param),
                    "path parameter 'id' must be a positive integer, got '" +
                        (it == params.end() ? "" : it->second) + "'"};
}

ApiResult<json::object> json_body(const Request& request, std::initializer_list<std::string_view> allowed) {
    if (std::all_of(request.body.begin(), request.body.end(),
                    [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; })) {
        return json::object{};
    }
    boost::system::error_code ec;
    json::parser parser;
    const std::size_t used = parser.write(request.body.data(), request.body.size(), ec);
    if (ec) {
        return bad_request("the body is not valid JSON: " + ec.message() + " (at offset " +
                           std::to_string(used) + ")");
    }
    json::value value = parser.release();
    if (!value.is_object()) {
        return bad_request("the body must be a JSON object");
    }
    for (const auto& item : value.as_object()) {
        if (std::find(allowed.begin(), allowed.end(), std::string_view(item.key())) == allowed.end()) {
            return bad_request("unknown field '" + std::string(item.key()) +
                               "' in the body (expected: " + join(allowed) + ")");
        }
    }
    return std::move(value.as_object());
}

ApiResult<std::map<std::string, core::Value>> params_from_json(const json::object& params) {
    std::map<std::string, core::Value> out;
    for (const auto& item : params) {
        const std::string name(item.key());
        const json::value& v = item.value();
        if (v.is_string()) {
            out[name] = std::string(v.as_string());
        } else if (v.is_bool()) {
            out[name] = v.as_bool();
        } else if (v.is_int64()) {
            out[name] = static_cast<double>(v.as_int64());
        } else if (v.is_uint64()) {
            out[name] = static_cast<double>(v.as_uint64());
        } else if (v.is_double()) {
            out[name] = v.as_double();
        } else if (v.is_null()) {
            out[name] = std::monostate{};
        } else {
            return bad_request("param '" + name + "': arrays and objects are not allowed");
        }
    }
    return out;
}

ApiResult<std::string> acting_user(const Request& request, const json::object& body,
                                   const UserDirectory& users) {
    std::optional<std::string> from_body;
    if (const auto* user = body.if_contains("user")) {
        if (!user->is_string()) {
            return bad_request("field 'user' must be a string");
        }
        from_body = std::string(user->as_string());
    }
    const std::string* from_header = request.header("x-steward-user");
    if (from_body && from_header && *from_body != *from_header) {
        return bad_request("the body's user '" + *from_body + "' and the X-Steward-User header '" +
                           *from_header + "' differ");
    }
    const std::string user = from_body ? *from_body : from_header ? *from_header : std::string();
    if (user.empty()) {
        return ApiError{make_error_code(Errc::unknown_user),
                        "no acting user: give \"user\" in the body or the X-Steward-User header"};
    }
    if (!users.contains(user)) {
        return ApiError{make_error_code(Errc::unknown_user),
                        "user '" + user + "' is not configured on this server (config 'users')"};
    }
    return user;
}

}  // namespace steward::api
