#include "livy_client/url.hpp"

#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(livy_url)

BOOST_AUTO_TEST_CASE(defaults_and_ports) {
    auto a = livy::parse_base_url("http://127.0.0.1:8998");
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST(!a->https);
    BOOST_TEST(a->host == "127.0.0.1");
    BOOST_TEST(a->port == "8998");
    BOOST_TEST(a->prefix == "");
    BOOST_TEST(a->host_header == "127.0.0.1:8998");

    auto b = livy::parse_base_url("https://gateway.example.com/livy/");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->https);
    BOOST_TEST(b->port == "443");
    BOOST_TEST(b->prefix == "/livy");
    BOOST_TEST(b->host_header == "gateway.example.com");

    auto c = livy::parse_base_url("HTTP://livy");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->port == "80");

    auto v6 = livy::parse_base_url("http://[::1]:8998/a/b");
    BOOST_TEST_REQUIRE(v6.has_value());
    BOOST_TEST(v6->host == "::1");
    BOOST_TEST(v6->host_header == "[::1]:8998");
    BOOST_TEST(v6->prefix == "/a/b");
}

BOOST_AUTO_TEST_CASE(rejections_name_the_problem) {
    auto check = [](const char* url, const char* expected) {
        auto r = livy::parse_base_url(url);
        BOOST_TEST_REQUIRE(!r.has_value(), url);
        BOOST_TEST(r.error().code == livy::Errc::invalid_request);
        BOOST_TEST(r.error().message.find(expected) != std::string::npos, url << " -> " << r.error().message);
    };
    check("ftp://x", "scheme must be http or https");
    check("127.0.0.1:8998", "expected http[s]://host");
    check("not a url", "expected http[s]://host");
    check("http://exa mple", "not an absolute URL");
    check("http://x:99999", "bad port");
    check("http://x:0", "bad port");
    check("http://u:p@x", "credentials");
    check("http://x/?a=1", "query");
    check("http:///path", "missing host");
}

BOOST_AUTO_TEST_CASE(targets) {
    auto b = livy::parse_base_url("https://gw:8443/livy");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(livy::make_target(*b, "/batches/3/log", {{"from", "0"}, {"size", "-1"}}) ==
               "/livy/batches/3/log?from=0&size=-1");
    BOOST_TEST(livy::make_target(*b, "/version") == "/livy/version");
    BOOST_TEST(livy::encode_path_segment("run 7/a?b") == "run%207%2Fa%3Fb");
    BOOST_TEST(livy::encode_path_segment("run-7_a.b~") == "run-7_a.b~");
}

BOOST_AUTO_TEST_CASE(route_templates_hide_ids_prefix_and_query) {
    auto base = livy::parse_base_url("https://gw.example/livy");
    BOOST_TEST_REQUIRE(base.has_value());
    BOOST_TEST(livy::route_template(*base, "/livy/batches") == "/batches");
    BOOST_TEST(livy::route_template(*base, "/livy/batches?from=0&size=100") == "/batches");
    BOOST_TEST(livy::route_template(*base, "/livy/batches/17") == "/batches/{id}");
    BOOST_TEST(livy::route_template(*base, "/livy/batches/17/log?from=5&size=100") == "/batches/{id}/log");
    BOOST_TEST(livy::route_template(*base, "/livy/sessions/a%2Fb/statements/3/cancel") ==
               "/sessions/{id}/statements/{id}/cancel");
    BOOST_TEST(livy::route_template(*base, "/livy/sessions/4/completion") == "/sessions/{id}/completion");
    auto plain = livy::parse_base_url("http://127.0.0.1:8998");
    BOOST_TEST_REQUIRE(plain.has_value());
    BOOST_TEST(livy::route_template(*plain, "/version") == "/version");
    BOOST_TEST(livy::route_template(*plain, "/") == "/");
}

BOOST_AUTO_TEST_SUITE_END()
