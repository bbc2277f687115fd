#include "livy_client/error_body.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

BOOST_AUTO_TEST_SUITE(livy_error_body)

BOOST_AUTO_TEST_CASE(msg_object) {
    BOOST_TEST(livy::decode_error_message(R"({"msg":"Session '38' not found."})") ==
               "Session '38' not found.");
    BOOST_TEST(livy::decode_error_message(
                   R"({"msg":"Rejected, Reason: Duplicate session name: Some(x) for session 4"})") ==
               "Rejected, Reason: Duplicate session name: Some(x) for session 4");
}

BOOST_AUTO_TEST_CASE(bare_string) {
    BOOST_TEST(livy::decode_error_message(R"("Statement not found")") == "Statement not found");
    BOOST_TEST(
        livy::decode_error_message(R"("java.lang.IllegalStateException: Session is in state starting")") ==
        "java.lang.IllegalStateException: Session is in state starting");
}

BOOST_AUTO_TEST_CASE(html_and_text) {
    const std::string jetty =
        "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n"
        "<title>Error 400 Missing Required Header for CSRF protection.</title>\n</head>\n<body>"
        "<h2>HTTP ERROR 400</h2>\n<p>Problem accessing /batches.</p></body>\n</html>\n";
    BOOST_TEST(livy::decode_error_message(jetty) == "Error 400 Missing Required Header for CSRF protection.");
    BOOST_TEST(livy::decode_error_message("<html><body><h1>502 Bad   Gateway</h1>\n</body></html>") ==
               "502 Bad Gateway");
    BOOST_TEST(livy::decode_error_message("  plain\n text  ") == "plain text");
    BOOST_TEST(livy::decode_error_message("") == "");
    BOOST_TEST(livy::decode_error_message(std::string(2000, 'x')).size() == 503u);
}

BOOST_AUTO_TEST_CASE(other_json) {
    BOOST_TEST(livy::decode_error_message(R"({"error":"x"})") == R"({"error":"x"})");
}

BOOST_AUTO_TEST_CASE(status_mapping) {
    const auto nf = livy::http_error(404, R"({"msg":"Session '3' not found."})", "GET", "/sessions/3");
    BOOST_TEST(nf.code == livy::Errc::not_found);
    BOOST_TEST(nf.http_status == 404);
    BOOST_TEST(nf.message == "Session '3' not found.");
    BOOST_TEST(nf.describe() == "GET /sessions/3: HTTP 404 not found in Livy: Session '3' not found.");
    const auto bad = livy::http_error(400, R"("Unrecognized field \"foo\"")", "POST", "/batches");
    BOOST_TEST(bad.code == livy::Errc::http_status);
    BOOST_TEST(bad.message == "Unrecognized field \"foo\"");
    BOOST_TEST(bad.error_code() == livy::make_error_code(livy::Errc::http_status));
}

BOOST_AUTO_TEST_CASE(retryable_statuses_and_state_rejection) {
    for (int s : {502, 503, 504}) {
        BOOST_TEST(livy::is_retryable_status(s));
    }
    for (int s : {200, 400, 404, 500, 501}) {
        BOOST_TEST(!livy::is_retryable_status(s));
    }
    const auto starting = livy::http_error(
        500, R"("java.lang.IllegalStateException: Session is in state starting")", "POST", "/s");
    BOOST_TEST(livy::is_session_state_rejection(starting));
    const auto other = livy::http_error(500, R"("java.io.FileNotFoundException: x")", "POST", "/s");
    BOOST_TEST(!livy::is_session_state_rejection(other));
}

BOOST_AUTO_TEST_CASE(result_value_throws_typed_exception) {
    livy::Result<int> r = livy::make_error(livy::Errc::timeout, "slow");
    BOOST_CHECK_EXCEPTION((void)r.value(), livy::Exception, [](const livy::Exception& e) {
        return e.error().code == livy::Errc::timeout &&
               e.code() == livy::make_error_code(livy::Errc::timeout);
    });
}

BOOST_AUTO_TEST_SUITE_END()
