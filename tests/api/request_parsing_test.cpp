// json_body: a request body is one JSON object, with only the allowed top-level fields, and no
// object at any depth may repeat a key (Boost.JSON alone would keep the last one silently).

#include "orchestrator/api/request_parsing.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace api = steward::api;
namespace json = boost::json;

namespace {

api::ApiResult<json::object> parse_body(std::string body) {
    api::Request request;
    request.method = "POST";
    request.path = "/x";
    request.body = std::move(body);
    return api::json_body(request, {"user", "params", "outcome"});
}

// The error message of a body that must be refused as a bad request.
std::string refusal_of(const std::string& body) {
    const auto result = parse_body(body);
    BOOST_TEST_REQUIRE(result.has_error(), "accepted: " << body);
    BOOST_TEST(result.error().code == make_error_code(api::Errc::bad_request));
    return result.error().message;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(request_parsing)

BOOST_AUTO_TEST_CASE(a_repeated_top_level_key_is_refused) {
    const std::string message = refusal_of(R"({"user":"bob","user":"alice"})");
    BOOST_TEST(message.find("the body repeats the key 'user'") != std::string::npos, message);
    BOOST_TEST(message.find("at offset 19") != std::string::npos, message);  // the second key's closing quote
}

BOOST_AUTO_TEST_CASE(a_repeated_key_at_any_depth_is_refused) {
    const std::string in_params = refusal_of(R"({"params":{"n":1,"scored":"a","n":2}})");
    BOOST_TEST(in_params.find("repeats the key 'n'") != std::string::npos, in_params);
    const std::string in_array = refusal_of(R"({"params":{"x":[{"a":1},{"b":2,"b":3}]}})");
    BOOST_TEST(in_array.find("repeats the key 'b'") != std::string::npos, in_array);
}

BOOST_AUTO_TEST_CASE(keys_are_compared_after_unescaping) {
    // "\u0075ser" is "user": a check that compared raw text would let it through.
    const std::string message = refusal_of(R"({"user":"bob","\u0075ser":"alice"})");
    BOOST_TEST(message.find("repeats the key 'user'") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(the_same_key_in_sibling_or_nested_objects_is_fine) {
    const auto result = parse_body(R"({"user":"bob","params":{"user":"x","o":{"user":1}},"outcome":"ok"})");
    BOOST_TEST_REQUIRE(result.has_value(), result.error().message);
    BOOST_TEST(json::serialize(*result) ==
               R"({"user":"bob","params":{"user":"x","o":{"user":1}},"outcome":"ok"})");
    const auto siblings = parse_body(R"({"params":{"a":[{"k":1},{"k":2}],"b":{"k":true,"j":null}}})");
    BOOST_TEST_REQUIRE(siblings.has_value(), siblings.error().message);
    BOOST_TEST(siblings->at("params").at("a").as_array().size() == 2u);
}

BOOST_AUTO_TEST_CASE(values_of_every_kind_are_kept) {
    const auto result = parse_body(
        R"( {"params":{"s":"t\"x","i":-3,"u":18446744073709551615,"d":2.5,"b":false,"n":null,"a":[1,"2"]}} )");
    BOOST_TEST_REQUIRE(result.has_value(), result.error().message);
    const auto& params = result->at("params").as_object();
    BOOST_TEST(params.at("s").as_string() == "t\"x");
    BOOST_TEST(params.at("i").as_int64() == -3);
    BOOST_TEST(params.at("u").as_uint64() == 18446744073709551615ULL);
    BOOST_TEST(params.at("d").as_double() == 2.5);
    BOOST_TEST(params.at("b").as_bool() == false);
    BOOST_TEST(params.at("n").is_null());
    BOOST_TEST(params.at("a").as_array().size() == 2u);
}

BOOST_AUTO_TEST_CASE(invalid_json_and_other_shapes_are_refused_as_before) {
    BOOST_TEST(refusal_of(R"({"params":{"x":1})").find("not valid JSON") != std::string::npos);
    BOOST_TEST(refusal_of(R"({"user":"a"} {"user":"b"})").find("not valid JSON") != std::string::npos);
    BOOST_TEST(refusal_of("[1,2]").find("must be a JSON object") != std::string::npos);
    BOOST_TEST(refusal_of(R"({"usr":"a"})").find("unknown field 'usr'") != std::string::npos);
    const auto empty = parse_body(" \n");
    BOOST_TEST_REQUIRE(empty.has_value());
    BOOST_TEST(empty->empty());
}

BOOST_AUTO_TEST_CASE(a_boolean_query_parameter_is_true_or_false) {
    api::Request request;
    const auto flag = [&request](const std::string& text) {
        request.query = {{"revoked", text}};
        return api::bool_query(request, "revoked", false);
    };
    BOOST_TEST(flag("true").value());
    BOOST_TEST(!flag("false").value());
    BOOST_TEST(!flag("").value());  // empty counts as absent, like text_query
    request.query.clear();
    BOOST_TEST(api::bool_query(request, "revoked", true).value());
    for (const std::string bad : {"null", "TRUE", "1", "yes"}) {
        const auto result = flag(bad);
        BOOST_TEST_REQUIRE(result.has_error(), bad);
        BOOST_TEST(result.error().code == make_error_code(api::Errc::invalid_param));
        BOOST_TEST(result.error().message ==
                   "query parameter 'revoked' must be true or false, got '" + bad + "'");
    }
}

BOOST_AUTO_TEST_CASE(a_long_repeated_key_is_shortened_in_the_message) {
    const std::string key(500, 'k');
    const std::string message = refusal_of(R"({"params":{")" + key + R"(":1,")" + key + R"(":2}})");
    BOOST_TEST(message.size() < 200u, message);
    BOOST_TEST(message.find(std::string(64, 'k') + "...'") != std::string::npos, message);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(request_headers)

BOOST_AUTO_TEST_CASE(repeated_headers_are_listed_once_in_lower_case) {
    api::Request request;
    request.add_header("X-Steward-User", "bob");
    request.add_header("Host", "a");
    request.add_header("x-steward-user", "alice");
    request.add_header("X-STEWARD-USER", "carol");
    request.add_header("Accept", "*/*");
    request.add_header("HOST", "b");
    BOOST_TEST(*request.header("x-steward-user") == "carol");  // `headers` keeps the last value
    BOOST_TEST(*request.header("host") == "b");
    BOOST_TEST(request.repeated_headers == (std::vector<std::string>{"host", "x-steward-user"}),
               boost::test_tools::per_element());
    BOOST_TEST(request.header_repeated("x-steward-user"));
    BOOST_TEST(request.header_repeated("host"));
    BOOST_TEST(!request.header_repeated("accept"));
    BOOST_TEST(!request.header_repeated("cookie"));
}

BOOST_AUTO_TEST_SUITE_END()
