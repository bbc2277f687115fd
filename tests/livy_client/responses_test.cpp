#include "livy_client/responses.hpp"

#include <boost/json/value.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace {

// Livy 0.9 session as emitted by the server (its SessionServlet/InteractiveSessionServlet views).
constexpr const char* kSession09 =
    R"({"id":4,"name":null,"appId":null,"owner":null,"proxyUser":null,"state":"starting","kind":"pyspark",)"
    R"("appInfo":{"driverLogUrl":null,"sparkUiUrl":null,"executorLogUrls":null},"log":["stdout: ","\nstderr: "],)"
    R"("ttl":null,"idleTimeout":null,"driverMemory":null,"driverCores":0,"executorMemory":null,"executorCores":0,)"
    R"("conf":{},"archives":[],"files":[],"heartbeatTimeoutInSecond":0,"jars":[],"numExecutors":0,"pyFiles":[],"queue":null})";

}  // namespace

BOOST_AUTO_TEST_SUITE(livy_responses)

BOOST_AUTO_TEST_CASE(session_0_9) {
    auto s = livy::parse_session(kSession09);
    BOOST_TEST_REQUIRE(s.has_value());
    BOOST_TEST(s->id == "4");
    BOOST_TEST(!s->name.has_value());
    BOOST_TEST(s->state == livy::SessionState::starting);
    BOOST_TEST(s->state_text == "starting");
    BOOST_TEST(*s->kind == "pyspark");
    BOOST_TEST(!s->app_info.driver_log_url.has_value());
    BOOST_TEST(s->app_info.extra.empty());  // executorLogUrls null is skipped
    BOOST_TEST(s->log.size() == 2u);
    BOOST_TEST(*s->driver_cores == 0);
    BOOST_TEST(*s->heartbeat_timeout_in_second == 0);
    BOOST_TEST(s->conf.empty());
}

BOOST_AUTO_TEST_CASE(session_unknown_fields_state_and_conf) {
    auto s = livy::parse_session(
        R"({"id":7,"state":"weird_new_state","futureField":{"a":[1,2]},"conf":{"spark.x":"1","n":2,"z":null},)"
        R"("appInfo":{"driverLogUrl":"http://d","sparkUiUrl":"http://ui","executorLogUrls":"e1"},"ttl":"alice"})");
    BOOST_TEST_REQUIRE(s.has_value());
    BOOST_TEST(s->state == livy::SessionState::unknown);
    BOOST_TEST(s->state_text == "weird_new_state");
    BOOST_TEST(s->conf.at("spark.x") == "1");
    BOOST_TEST(s->conf.at("n") == "2");
    BOOST_TEST(s->conf.count("z") == 0u);
    BOOST_TEST(*s->app_info.driver_log_url == "http://d");
    BOOST_TEST(*s->app_info.spark_ui_url == "http://ui");
    BOOST_TEST(s->app_info.extra.at("executorLogUrls") == "e1");
    BOOST_TEST(*s->ttl == "alice");  // 0.8 echoed proxyUser here; keep whatever arrives
}

BOOST_AUTO_TEST_CASE(batch_0_9) {
    auto b = livy::parse_batch(
        R"({"id":0,"name":null,"owner":null,"proxyUser":null,"state":"running","appId":"application_1_2",)"
        R"("appInfo":{"driverLogUrl":"http://nm/log","sparkUiUrl":"http://rm/proxy"},"log":["a","b"]})");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->id == "0");
    BOOST_TEST(b->state == livy::BatchState::running);
    BOOST_TEST(*b->app_id == "application_1_2");
    BOOST_TEST(*b->app_info.spark_ui_url == "http://rm/proxy");
    BOOST_TEST(b->log.size() == 2u);
}

BOOST_AUTO_TEST_CASE(string_ids_of_fabric_synapse_and_lighter_are_kept_as_sent) {
    const std::string guid = "9f3c2a7e-1b4d-4e8a-9c21-0d5e6f7a8b9c";
    auto b = livy::parse_batch(R"({"id":")" + guid + R"(","state":"running","appInfo":null,"log":null})");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->id == guid);
    auto s = livy::parse_session(R"({"id":")" + guid + R"(","state":"idle","kind":"pyspark"})");
    BOOST_TEST_REQUIRE(s.has_value());
    BOOST_TEST(s->id == guid);
    auto state = livy::parse_state_info(R"({"id":")" + guid + R"(","state":"success"})");
    BOOST_TEST_REQUIRE(state.has_value());
    BOOST_TEST(state->id == guid);
    auto log = livy::parse_log_page(R"({"id":")" + guid + R"(","from":0,"total":1,"log":["x"]})");
    BOOST_TEST_REQUIRE(log.has_value());
    BOOST_TEST(log->id == guid);
    auto list = livy::parse_batch_list(R"({"from":0,"total":2,"sessions":[{"id":")" + guid +
                                       R"(","state":"running"},{"id":7,"state":"dead"}]})");
    BOOST_TEST_REQUIRE(list.has_value());
    BOOST_TEST(list->batches.at(0).id == guid);
    BOOST_TEST(list->batches.at(1).id == "7");
    auto big = livy::parse_batch(R"({"id":18446744073709551615,"state":"running"})");
    BOOST_TEST_REQUIRE(big.has_value());
    BOOST_TEST(big->id == "18446744073709551615");
}

BOOST_AUTO_TEST_CASE(an_id_of_another_type_or_a_missing_id_is_a_bad_response_naming_the_field) {
    for (const char* body : {R"({"id":1.5,"state":"running"})", R"({"id":true})", R"({"id":[1]})",
                             R"({"id":""})", R"({"state":"running"})", R"({"id":null})"}) {
        auto b = livy::parse_batch(body);
        BOOST_TEST_REQUIRE(!b.has_value(), body);
        BOOST_TEST(b.error().code == livy::Errc::bad_response);
        BOOST_TEST(b.error().message.find("batch.id") != std::string::npos, b.error().message);
    }
}

BOOST_AUTO_TEST_CASE(batch_synapse_nulls_and_old_server) {
    auto b = livy::parse_batch(R"({"id":12,"appId":null,"appInfo":null,"log":null,"state":"not_started"})");
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST(b->id == "12");
    BOOST_TEST(b->state == livy::BatchState::not_started);
    BOOST_TEST(b->log.empty());
    BOOST_TEST(!b->app_info.driver_log_url.has_value());
    BOOST_TEST(!b->name.has_value());
    // HDInsight 0.4/0.5: no name/owner/proxyUser at all.
    auto old = livy::parse_batch(R"({"id":3,"state":"success","appId":"a","appInfo":{},"log":[]})");
    BOOST_TEST_REQUIRE(old.has_value());
    BOOST_TEST(old->state == livy::BatchState::success);
}

BOOST_AUTO_TEST_CASE(statement_ok_with_text_and_json) {
    auto st = livy::parse_statement(
        R"({"id":0,"code":"1+1","state":"available","output":{"status":"ok","execution_count":0,)"
        R"("data":{"text/plain":"2","application/json":{"a":[1,2]}}},"progress":1.0,)"
        R"("started":1754515902001,"completed":1754515902003})");
    BOOST_TEST_REQUIRE(st.has_value());
    BOOST_TEST(st->state == livy::StatementState::available);
    BOOST_TEST_REQUIRE(st->output.has_value());
    BOOST_TEST(st->output->ok());
    BOOST_TEST(*st->output->execution_count == 0);
    BOOST_TEST(*st->output->text() == "2");
    const boost::json::value* j = st->output->json();
    BOOST_TEST_REQUIRE(j != nullptr);
    BOOST_TEST(j->at("a").at(1).as_int64() == 2);
    BOOST_TEST(*st->progress == 1.0);
    BOOST_TEST(*st->started == 1754515902001);
    BOOST_TEST(*st->completed == 1754515902003);
}

BOOST_AUTO_TEST_CASE(statement_sql_output_keeps_json_value) {
    auto st = livy::parse_statement(
        R"({"id":3,"code":"SELECT 1 AS a","state":"available","output":{"status":"ok","execution_count":3,)"
        R"("data":{"application/json":{"schema":{"type":"struct","fields":[{"name":"a","type":"integer","nullable":false,"metadata":{}}]},"data":[[1]]}}}})");
    BOOST_TEST_REQUIRE(st.has_value());
    const boost::json::value* j = st->output->json();
    BOOST_TEST_REQUIRE(j != nullptr);
    BOOST_TEST(j->at("data").at(0).at(0).as_int64() == 1);
    BOOST_TEST(j->at("schema").at("fields").at(0).at("name").as_string() == "a");
    BOOST_TEST(!st->output->text().has_value());
    // Old servers: no started/completed/progress.
    BOOST_TEST(!st->started.has_value());
    BOOST_TEST(!st->progress.has_value());
}

BOOST_AUTO_TEST_CASE(statement_error_traceback_shapes) {
    auto arr = livy::parse_statement(
        R"({"id":1,"state":"available","output":{"status":"error","execution_count":1,"ename":"NameError",)"
        R"("evalue":"name 'abcde' is not defined","traceback":["Traceback:\n","  line 1\n"]}})");
    BOOST_TEST_REQUIRE(arr.has_value());
    BOOST_TEST(!arr->output->ok());
    BOOST_TEST(*arr->output->ename == "NameError");
    BOOST_TEST(*arr->output->evalue == "name 'abcde' is not defined");
    BOOST_TEST(arr->output->traceback.size() == 2u);

    auto str = livy::parse_statement(
        R"({"id":2,"state":"available","output":{"status":"error","ename":"Error","evalue":"x","traceback":"l1\nl2"}})");
    BOOST_TEST_REQUIRE(str.has_value());
    BOOST_TEST(str->output->traceback.size() == 2u);
    BOOST_TEST(str->output->traceback[1] == "l2");

    auto empty_obj = livy::parse_statement(
        R"({"id":3,"state":"available","output":{"status":"error","ename":"E","evalue":"v","traceback":{}}})");
    BOOST_TEST_REQUIRE(empty_obj.has_value());
    BOOST_TEST(empty_obj->output->traceback.empty());

    auto obj = livy::parse_statement(
        R"({"id":4,"state":"available","output":{"status":"error","ename":"E","evalue":"v","traceback":{"k":"v"}}})");
    BOOST_TEST_REQUIRE(obj.has_value());
    BOOST_TEST(obj->output->traceback.size() == 1u);
}

BOOST_AUTO_TEST_CASE(statement_waiting_null_output) {
    auto st = livy::parse_statement(R"({"id":5,"code":"x","state":"waiting","output":null,"progress":0.0})");
    BOOST_TEST_REQUIRE(st.has_value());
    BOOST_TEST(st->state == livy::StatementState::waiting);
    BOOST_TEST(!st->output.has_value());
}

BOOST_AUTO_TEST_CASE(lists) {
    auto sessions =
        livy::parse_session_list(std::string(R"({"from":0,"total":3,"sessions":[)") + kSession09 + "]}");
    BOOST_TEST_REQUIRE(sessions.has_value());
    BOOST_TEST(sessions->total == 3);  // all sessions on the server, not the page size
    BOOST_TEST(sessions->sessions.size() == 1u);

    auto batches = livy::parse_batch_list(
        R"({"from":2,"total":4,"batches":[{"id":2,"state":"dead","log":null},{"id":3,"state":"killed"}]})");
    BOOST_TEST_REQUIRE(batches.has_value());
    BOOST_TEST(batches->from == 2);
    BOOST_TEST(batches->batches[1].state == livy::BatchState::killed);

    // Livy itself names the array "sessions" for GET /batches.
    auto livy_shape = livy::parse_batch_list(
        R"({"from":0,"total":1,"sessions":[{"id":0,"name":"b","state":"running","appId":null,"appInfo":{},"log":[]}]})");
    BOOST_TEST_REQUIRE(livy_shape.has_value());
    BOOST_TEST_REQUIRE(livy_shape->batches.size() == 1u);
    BOOST_TEST(*livy_shape->batches[0].name == "b");

    auto empty = livy::parse_batch_list(R"({"from":0,"total":0,"batches":[]})");
    BOOST_TEST_REQUIRE(empty.has_value());
    BOOST_TEST(empty->batches.empty());

    auto statements = livy::parse_statement_list(
        R"({"total_statements":2,"statements":[{"id":0,"state":"available","output":null},{"id":1,"state":"cancelled"}]})");
    BOOST_TEST_REQUIRE(statements.has_value());
    BOOST_TEST(statements->total == 2);
    BOOST_TEST(statements->statements[1].state == livy::StatementState::cancelled);
}

BOOST_AUTO_TEST_CASE(log_page_total_and_size) {
    auto page = livy::parse_log_page(R"({"id":0,"from":0,"total":3,"log":["stdout: ","x","\nstderr: "]})");
    BOOST_TEST_REQUIRE(page.has_value());
    BOOST_TEST(page->total == 3);
    BOOST_TEST(page->log.size() == 3u);
    auto beyond = livy::parse_log_page(R"({"id":159,"from":42,"total":42,"log":[]})");
    BOOST_TEST_REQUIRE(beyond.has_value());
    BOOST_TEST(beyond->from == 42);
    BOOST_TEST(beyond->log.empty());
    auto documented = livy::parse_log_page(R"({"id":1,"from":5,"size":9,"log":["a"]})");
    BOOST_TEST_REQUIRE(documented.has_value());
    BOOST_TEST(documented->total == 9);
    auto null_log = livy::parse_log_page(R"({"id":1,"from":0,"total":0,"log":null})");
    BOOST_TEST_REQUIRE(null_log.has_value());
    BOOST_TEST(null_log->log.empty());
}

BOOST_AUTO_TEST_CASE(version_state_completion) {
    auto v = livy::parse_version(
        R"({"version":"0.9.0-incubating","user":"builder","revision":"abc","branch":"HEAD","date":"2026","url":"git"})");
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(*v->version == "0.9.0-incubating");
    BOOST_TEST(*v->revision == "abc");
    auto st = livy::parse_state_info(R"({"id":0,"state":"idle"})");
    BOOST_TEST_REQUIRE(st.has_value());
    BOOST_TEST(st->state == livy::SessionState::idle);
    auto c = livy::parse_completion(R"({"candidates":["str.upper","str.lower"]})");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->candidates.size() == 2u);
}

BOOST_AUTO_TEST_CASE(bad_bodies_name_the_problem) {
    auto not_json = livy::parse_batch("<html>oops</html>");
    BOOST_TEST_REQUIRE(!not_json.has_value());
    BOOST_TEST(not_json.error().code == livy::Errc::bad_response);
    BOOST_TEST(not_json.error().message.find("batch: invalid JSON") != std::string::npos);

    auto not_object = livy::parse_session(R"("Session '3' not found.")");
    BOOST_TEST_REQUIRE(!not_object.has_value());
    BOOST_TEST(not_object.error().message.find("expected a JSON object, got string") != std::string::npos);

    auto no_id = livy::parse_batch(R"({"state":"running"})");
    BOOST_TEST_REQUIRE(!no_id.has_value());
    BOOST_TEST(no_id.error().message == "batch.id: missing");

    auto bad_type = livy::parse_batch(R"({"id":1,"appInfo":[1]})");
    BOOST_TEST_REQUIRE(!bad_type.has_value());
    BOOST_TEST(bad_type.error().message.find("batch.appInfo") != std::string::npos);

    auto bad_item = livy::parse_batch_list(R"({"from":0,"total":1,"batches":[{"id":true}]})");
    BOOST_TEST_REQUIRE(!bad_item.has_value());
    BOOST_TEST(bad_item.error().message.find("batch list.batches[0].id") != std::string::npos);

    auto truncated = livy::parse_statement(R"({"id":1,"state":)");
    BOOST_TEST_REQUIRE(!truncated.has_value());
    BOOST_TEST(truncated.error().code == livy::Errc::bad_response);
}

BOOST_AUTO_TEST_SUITE_END()
