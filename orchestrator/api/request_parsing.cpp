#include "orchestrator/api/request_parsing.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <charconv>
#include <set>
#include <vector>

namespace steward::api {
namespace json = boost::json;
namespace {

ApiError bad_request(std::string message) {
    return ApiError{make_error_code(Errc::bad_request), std::move(message)};
}

// A boost::json::basic_parser handler that builds the value as boost::json::parser does, but
// refuses an object that repeats a key (Boost.JSON would silently keep the last one, so
// {"user":"bob","user":"alice"} would act as alice while a proxy or log saw bob).
class StrictHandler {
public:
    // The names Boost.JSON looks for.
    // NOLINTBEGIN(readability-identifier-naming)
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();
    // NOLINTEND(readability-identifier-naming)

    StrictHandler() { stack_.reset(); }

    /// The key an object repeated, when parsing stopped for that reason.
    [[nodiscard]] const std::optional<std::string>& duplicate() const noexcept { return duplicate_; }
    [[nodiscard]] json::value release() { return stack_.release(); }

    bool on_document_begin(boost::system::error_code& /*ec*/) { return true; }
    bool on_document_end(boost::system::error_code& /*ec*/) { return true; }
    bool on_object_begin(boost::system::error_code& /*ec*/) {
        keys_.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t n, boost::system::error_code& /*ec*/) {
        keys_.pop_back();
        stack_.push_object(n);
        return true;
    }
    bool on_array_begin(boost::system::error_code& /*ec*/) { return true; }
    bool on_array_end(std::size_t n, boost::system::error_code& /*ec*/) {
        stack_.push_array(n);
        return true;
    }
    bool on_key_part(json::string_view part, std::size_t /*n*/, boost::system::error_code& /*ec*/) {
        key_.append(part.data(), part.size());
        stack_.push_chars(part);
        return true;
    }
    bool on_key(json::string_view last, std::size_t /*n*/, boost::system::error_code& ec) {
        key_.append(last.data(), last.size());
        if (!keys_.back().insert(key_).second) {
            duplicate_ = std::move(key_);
            ec = boost::system::errc::make_error_code(boost::system::errc::invalid_argument);
            return false;
        }
        key_.clear();
        stack_.push_key(last);
        return true;
    }
    bool on_string_part(json::string_view part, std::size_t /*n*/, boost::system::error_code& /*ec*/) {
        stack_.push_chars(part);
        return true;
    }
    bool on_string(json::string_view last, std::size_t /*n*/, boost::system::error_code& /*ec*/) {
        stack_.push_string(last);
        return true;
    }
    bool on_number_part(json::string_view /*part*/, boost::system::error_code& /*ec*/) { return true; }
    bool on_int64(std::int64_t i, json::string_view /*text*/, boost::system::error_code& /*ec*/) {
        stack_.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, json::string_view /*text*/, boost::system::error_code& /*ec*/) {
        stack_.push_uint64(u);
        return true;
    }
    bool on_double(double d, json::string_view /*text*/, boost::system::error_code& /*ec*/) {
        stack_.push_double(d);
        return true;
    }
    bool on_bool(bool b, boost::system::error_code& /*ec*/) {
        stack_.push_bool(b);
        return true;
    }
    bool on_null(boost::system::error_code& /*ec*/) {
        stack_.push_null();
        return true;
    }
    bool on_comment_part(json::string_view /*part*/, boost::system::error_code& /*ec*/) { return true; }
    bool on_comment(json::string_view /*text*/, boost::system::error_code& /*ec*/) { return true; }

private:
    json::value_stack stack_;
    std::vector<std::set<std::string, std::less<>>> keys_;  // the keys of each open object
    std::string key_;                                       // the key being read (parts)
    std::optional<std::string> duplicate_;
};

// A key as quoted in an error: at most 64 characters.
std::string shown_key(const std::string& key) {
    return key.size() <= 64 ? key : key.substr(0, 64) + "...";
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

ApiResult<PageQuery> page_query(const Request& request, int default_limit, bool keyset) {
    PageQuery page;
    const auto limit = int_query(request, "limit", default_limit, 1, 1000);
    if (!limit) {
        return limit.error();
    }
    page.limit = static_cast<int>(*limit);
    const auto offset = int_query(request, "offset", 0, 0, kMaxListOffset);
    if (!offset) {
        if (keyset && int_query(request, "offset", 0, kMaxListOffset + 1, INT64_MAX)) {
            return ApiError{make_error_code(Errc::invalid_param),
                            "query parameter 'offset' must be at most " + std::to_string(kMaxListOffset) +
                                ", got '" + *request.query_param("offset") +
                                "'; page further with 'before' (the previous page's 'next_before')"};
        }
        return offset.error();
    }
    page.offset = static_cast<int>(*offset);
    if (keyset) {
        const auto before = int_query(request, "before", 0, 1, INT64_MAX);
        if (!before) {
            return before.error();
        }
        if (request.query_param("before") != nullptr) {
            page.before = *before;
        }
    }
    return page;
}

ApiResult<bool> bool_query(const Request& request, std::string_view name, bool fallback) {
    const std::string* text = request.query_param(name);
    if (!text || text->empty()) {
        return fallback;
    }
    if (*text == "true" || *text == "false") {
        return *text == "true";
    }
    return ApiError{make_error_code(Errc::invalid_param), "query parameter '" + std::string(name) +
                                                              "' must be true or false, got '" +
                                                              text->substr(0, 100) + "'"};
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
    json::basic_parser<StrictHandler> parser{json::parse_options{}};
    const std::size_t used = parser.write_some(false, request.body.data(), request.body.size(), ec);
    if (const auto& key = parser.handler().duplicate()) {
        return bad_request("the body repeats the key '" + shown_key(*key) + "' (at offset " +
                           std::to_string(used) + ")");
    }
    if (!ec && used < request.body.size()) {
        ec = json::error::extra_data;
    }
    if (ec) {
        return bad_request("the body is not valid JSON: " + ec.message() + " (at offset " +
                           std::to_string(used) + ")");
    }
    json::value value = parser.handler().release();
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

}  // namespace steward::api
