// The fake's fidelity to Livy 0.9's routes, bodies and state machines (Livy's REST API docs and
// its server/*Servlet.scala; docs/livy-client.md lists the quirks), checked with raw HTTP so it
// does not depend on the client under test.
#include "tests/fake_livy/fake_fixture.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

using namespace steward::fake_livy;
namespace json = boost::json;
namespace utf = boost::unit_test;

BOOST_FIXTURE_TEST_SUITE(fake_routes, FakeFixture)

BOOST_AUTO_TEST_CASE(version_and_unknown_routes, *utf::timeout(20)) {
    const auto v = call_json("GET", "/version");
    BOOST_TEST(v.at("version").as_string() == "0.9.0-incubating");
    const auto missing = call("GET", "/nothing/here");
    BOOST_TEST(missing.status == 404U);
    BOOST_TEST(missing.body.empty());
    BOOST_TEST(call("PUT", "/batches").status == 405U);
    BOOST_TEST(call("GET", "/version", {}, {{"Accept", "application/vnd.livy.v9.9+json"}}).status == 406U);
    BOOST_TEST(call("GET", "/version", {}, {{"Accept", "application/vnd.livy.v0.1+json"}}).status == 200U);
}

BOOST_AUTO_TEST_CASE(session_lifecycle, *utf::timeout(20)) {
    const auto created = call("POST", "/sessions", R"({"kind":"python","name":"s-one","conf":{"a":"b"}})");
    BOOST_TEST(created.status == 201U);
    BOOST_TEST(created.header("Location") == "/sessions/0");
    BOOST_TEST(created.header("Content-Type") == "application/json;charset=utf-8");
    const auto body = json::parse(created.body);
    BOOST_TEST(body.at("state").as_string() == "starting");
    BOOST_TEST(body.at("kind").as_string() == "pyspark");  // alias normalised
    BOOST_TEST(body.at("conf").at("a").as_string() == "b");
    BOOST_TEST(body.at("driverCores").as_int64() == 0);
    BOOST_TEST(json::serialize(body.at("log")) == R"(["stdout: ","\nstderr: "])");

    // Posting a statement while starting is the real 500 with a bare string body.
    const auto early = call("POST", "/sessions/0/statements", R"({"code":"1+1"})");
    BOOST_TEST(early.status == 500U);
    BOOST_TEST(early.body == R"("java.lang.IllegalStateException: Session is in state starting")");

    fake.model().advance(Millis(1000));
    BOOST_TEST(call_json("GET", "/sessions/0/state").at("state").as_string() == "idle");
    BOOST_TEST(call_json("GET", "/sessions/s-one").at("id").as_int64() == 0);  // by name

    const auto list = call_json("GET", "/sessions");
    BOOST_TEST(list.at("total").as_int64() == 1);
    BOOST_TEST(list.at("from").as_int64() == 0);
    BOOST_TEST(list.at("sessions").as_array().size() == 1U);

    const auto deleted = call("DELETE", "/sessions/0");
    BOOST_TEST(deleted.status == 200U);
    BOOST_TEST(deleted.body == R"({"msg":"deleted"})");
    const auto gone = call("GET", "/sessions/0");
    BOOST_TEST(gone.status == 404U);
    BOOST_TEST(gone.body == R"({"msg":"Session '0' not found."})");
}

BOOST_AUTO_TEST_CASE(statements_run_in_order_with_scripted_outputs, *utf::timeout(20)) {
    fake.model().script_statement("boom", error_output("NameError", "name 'x' is not defined", {"line 1"}));
    fake.model().script_statement("%json x", ok_json(json::parse(R"([{"a":1}])")));
    BOOST_TEST(call("POST", "/sessions", "{}").status == 201U);
    BOOST_TEST(call_json("GET", "/sessions/0").at("kind").as_string() == "shared");
    fake.model().advance(Millis(1000));
    const auto s0 = call("POST", "/sessions/0/statements", R"({"code":"boom","kind":"pyspark"})");
    BOOST_TEST(s0.status == 201U);
    BOOST_TEST(s0.header("Location") == "/sessions/0/statements/0");
    BOOST_TEST(json::parse(s0.body).at("state").as_string() == "waiting");
    BOOST_TEST(call("POST", "/sessions/0/statements", R"({"code":"%json x"})").status == 201U);
    BOOST_TEST(call_json("GET", "/sessions/0/state").at("state").as_string() == "busy");

    fake.model().advance(Millis(1000));  // statement 0 running, 1 waiting behind it
    BOOST_TEST(call_json("GET", "/sessions/0/statements/0").at("state").as_string() == "running");
    BOOST_TEST(call_json("GET", "/sessions/0/statements/1").at("state").as_string() == "waiting");
    fake.model().advance(Millis(1000));
    const auto st0 = call_json("GET", "/sessions/0/statements/0");
    BOOST_TEST(st0.at("state").as_string() == "available");
    BOOST_TEST(st0.at("output").at("status").as_string() == "error");
    BOOST_TEST(st0.at("output").at("ename").as_string() == "NameError");
    BOOST_TEST(st0.at("output").at("execution_count").as_int64() == 0);
    BOOST_TEST(call_json("GET", "/sessions/0/statements/1").at("state").as_string() == "running");
    fake.model().advance(Millis(1000));
    const auto st1 = call_json("GET", "/sessions/0/statements/1");
    BOOST_TEST(st1.at("output").at("data").at("application/json").at(0).at("a").as_int64() == 1);
    BOOST_TEST(call_json("GET", "/sessions/0/state").at("state").as_string() == "idle");

    const auto all = call_json("GET", "/sessions/0/statements?order=desc&size=1");
    BOOST_TEST(all.at("total_statements").as_int64() == 2);
    BOOST_TEST(all.at("statements").at(0).at("id").as_int64() == 1);
    const auto missing = call("GET", "/sessions/0/statements/9");
    BOOST_TEST(missing.status == 404U);
    BOOST_TEST(missing.body == R"("Statement not found")");
}

BOOST_AUTO_TEST_CASE(cancel_and_completion, *utf::timeout(20)) {
    BOOST_TEST(call("POST", "/sessions", R"({"kind":"spark"})").status == 201U);
    fake.model().advance(Millis(1000));
    BOOST_TEST(call("POST", "/sessions/0/statements", R"({"code":"long"})").status == 201U);
    fake.model().advance(Millis(1000));  // running
    const auto cancel = call("POST", "/sessions/0/statements/0/cancel");
    BOOST_TEST(cancel.status == 200U);
    BOOST_TEST(cancel.body == R"({"msg":"canceled"})");
    BOOST_TEST(call_json("GET", "/sessions/0/statements/0").at("state").as_string() == "cancelling");
    fake.model().advance(Millis(1000));
    const auto st = call_json("GET", "/sessions/0/statements/0");
    BOOST_TEST(st.at("state").as_string() == "cancelled");
    BOOST_TEST(st.at("output").is_null());
    BOOST_TEST(call("POST", "/sessions/0/statements/77/cancel").status == 200U);  // driver ignores
    const auto completion =
        call_json("POST", "/sessions/0/completion", R"({"code":"sc.","kind":"spark","cursor":3})");
    BOOST_TEST(completion.at("candidates").as_array().size() == 2U);
}

BOOST_AUTO_TEST_CASE(batch_lifecycle_and_scripted_outcome, *utf::timeout(20)) {
    fake.model().script_batch("bad",
                              BatchScript{BatchOutcome::dead, std::nullopt, std::nullopt, {"Traceback"}});
    const auto created = call("POST", "/batches", R"({"file":"/f/pi.py","args":["2"],"name":"good"})");
    BOOST_TEST(created.status == 201U);
    BOOST_TEST(created.header("Location") == "/batches/0");
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f/x.py","name":"bad"})").status == 201U);
    BOOST_TEST(call_json("GET", "/batches/0/state").at("state").as_string() == "starting");
    fake.model().advance(Millis(1000));
    BOOST_TEST(call_json("GET", "/batches/good/state").at("state").as_string() == "running");
    fake.model().advance(Millis(1000));
    BOOST_TEST(call_json("GET", "/batches/0").at("state").as_string() == "success");
    const auto bad = call_json("GET", "/batches/bad");
    BOOST_TEST(bad.at("state").as_string() == "dead");
    BOOST_TEST(json::serialize(bad.at("log")) == R"(["stdout: ","Traceback","\nstderr: "])");
    const auto list = call_json("GET", "/batches?from=1&size=5");
    BOOST_TEST(list.at("total").as_int64() == 2);
    BOOST_TEST(list.at("sessions").as_array().size() == 1U);  // Livy's key for batches too
    BOOST_TEST(call("POST", "/batches", R"({"name":"nofile"})").status == 400U);
}

BOOST_AUTO_TEST_CASE(a_yarn_batch_reports_its_app_and_diagnostics, *utf::timeout(20)) {
    BatchScript script;
    script.outcome = BatchOutcome::dead;
    script.stderr_lines = {"train.py: error: --rows must be at least 100"};
    script.yarn_diagnostics = std::vector<std::string>{"AM Container exited with exitCode: 1"};
    script.app = AppInfoScript{"application_1_0001", "http://nm:8042/logs",
                               "http://rm:8088/proxy/application_1_0001/"};
    fake.model().script_batch("yarn", script);
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f/x.py","name":"yarn"})").status == 201U);
    const auto starting = call_json("GET", "/batches/0");
    BOOST_TEST(starting.at("appId").is_null());  // not known before it runs
    BOOST_TEST(starting.at("appInfo").at("sparkUiUrl").is_null());
    fake.model().advance(Millis(5000));
    const auto dead = call_json("GET", "/batches/0");
    BOOST_TEST(dead.at("state").as_string() == "dead");
    BOOST_TEST(dead.at("appId").as_string() == "application_1_0001");
    BOOST_TEST(dead.at("appInfo").at("driverLogUrl").as_string() == "http://nm:8042/logs");
    BOOST_TEST(dead.at("appInfo").at("sparkUiUrl").as_string() == "http://rm:8088/proxy/application_1_0001/");
    BOOST_TEST(json::serialize(call_json("GET", "/batches/0/log?size=-1").at("log")) ==
               R"(["stdout: ","\nstderr: ","train.py: error: --rows must be at least 100",)"
               R"("\nYARN Diagnostics: ","AM Container exited with exitCode: 1"])");
    BOOST_TEST(fake.model().set_yarn_diagnostics(Collection::batches, 0, {"replaced"}));
    BOOST_TEST(call_json("GET", "/batches/0/log?size=-1").at("log").as_array().back().as_string() ==
               "replaced");
}

BOOST_AUTO_TEST_CASE(deleting_a_running_batch_kills_it_then_it_is_gone, *utf::timeout(20)) {
    fake.model().options().delete_delay = Millis(50);
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f/pi.py"})").status == 201U);
    fake.model().advance(Millis(1000));
    bool first_done = false;
    RawResponse first;
    boost::asio::co_spawn(io, raw_request(fake.port(), "DELETE", "/batches/0"),
                          [&](const std::exception_ptr&, RawResponse r) {
                              first = std::move(r);
                              first_done = true;
                          });
    // While the DELETE blocks, the batch is visibly killed and a second DELETE is refused.
    while (fake.count_requests("DELETE", "/batches/0") == 0) {
        io.run_one();
    }
    BOOST_TEST((fake.model().state_of(Collection::batches, 0) == std::optional<std::string>("killed")));
    const auto second = call("DELETE", "/batches/0");
    BOOST_TEST(second.status == 404U);
    BOOST_TEST(second.body == R"({"msg":"Session 0 already stopped."})");
    while (!first_done) {
        io.run_one();
    }
    BOOST_TEST(first.status == 200U);
    BOOST_TEST(first.body == R"({"msg":"deleted"})");
    BOOST_TEST(call("GET", "/batches/0").status == 404U);
}

BOOST_AUTO_TEST_CASE(names_are_unique_and_not_numeric, *utf::timeout(20)) {
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f","name":"job"})").status == 201U);
    const auto dup = call("POST", "/batches", R"({"file":"/f","name":"job"})");
    BOOST_TEST(dup.status == 400U);
    BOOST_TEST(dup.body == R"({"msg":"Rejected, Reason: Duplicate session name: Some(job) for session 1"})");
    const auto digits = call("POST", "/batches", R"({"file":"/f","name":"123"})");
    BOOST_TEST(digits.status == 400U);
    BOOST_TEST(digits.body == R"({"msg":"Rejected, Reason: Invalid session name: 123"})");
    // Rejected creates still consumed ids 1 and 2.
    BOOST_TEST(json::parse(call("POST", "/batches", R"({"file":"/f"})").body).at("id").as_int64() == 3);
    BOOST_TEST(fake.model().count(Collection::batches) == 2U);
    BOOST_TEST(call("GET", "/batches/nosuch").body == R"({"msg":"Session 'nosuch' not found."})");
}

BOOST_AUTO_TEST_CASE(strict_parsing_like_jackson, *utf::timeout(20)) {
    const auto unknown = call("POST", "/batches", R"({"file":"/f","kind":"pyspark"})");
    BOOST_TEST(unknown.status == 400U);
    BOOST_TEST(unknown.body.front() == '"');
    BOOST_TEST(unknown.body.find("Unrecognized field \\\"kind\\\"") != std::string::npos);
    const auto malformed = call("POST", "/sessions", R"({"kind":)");
    BOOST_TEST(malformed.status == 400U);
    BOOST_TEST(malformed.body.front() == '"');
    BOOST_TEST(call("POST", "/sessions", R"({"numExecutors":"two"})").status == 400U);
    BOOST_TEST(call("POST", "/sessions", R"({"kind":"pyspark3"})").status == 400U);
    BOOST_TEST(call("POST", "/sessions", "").status == 400U);
    const auto bad_from = call("GET", "/batches?from=abc");
    BOOST_TEST(bad_from.status == 400U);
    BOOST_TEST(bad_from.body == R"({"msg":"For input string: \"abc\""})");
}

BOOST_AUTO_TEST_CASE(log_offsets_shift_like_a_ring_buffer, *utf::timeout(20)) {
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f"})").status == 201U);
    for (int i = 0; i < 250; ++i) {
        fake.model().append_log(Collection::batches, 0, LogStream::stdout_stream, "l" + std::to_string(i));
    }
    fake.model().append_log(Collection::batches, 0, LogStream::stderr_stream, "err");
    const auto all = call_json("GET", "/batches/0/log?size=-1");
    BOOST_TEST(all.at("total").as_int64() == 203);
    BOOST_TEST(all.at("from").as_int64() == 0);
    BOOST_TEST(all.at("log").at(1).as_string() == "l50");  // the first 50 lines fell off
    const auto last = call_json("GET", "/batches/0/log");
    BOOST_TEST(last.at("from").as_int64() == 103);
    BOOST_TEST(last.at("log").as_array().size() == 100U);
    BOOST_TEST(last.at("log").at(99).as_string() == "err");
    const auto beyond = call_json("GET", "/batches/0/log?from=500&size=10");
    BOOST_TEST(beyond.at("log").as_array().empty());
    BOOST_TEST(beyond.at("total").as_int64() == 203);
}

BOOST_AUTO_TEST_CASE(garbage_collection_and_retention, *utf::timeout(20)) {
    fake.model().options().retain_finished = Millis(500);
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f"})").status == 201U);
    fake.model().advance(Millis(2000));  // starting 1 s + running 1 s: success
    BOOST_TEST(call_json("GET", "/batches/0/state").at("state").as_string() == "success");
    fake.model().advance(Millis(500));
    BOOST_TEST(call("GET", "/batches/0").status == 404U);
    BOOST_TEST(call("POST", "/batches", R"({"file":"/f"})").status == 201U);
    fake.model().force_state(Collection::batches, 1, "dead");
    BOOST_TEST(fake.model().collect_garbage() == 1U);
    BOOST_TEST(call("GET", "/batches/1/state").status == 404U);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(fake_list_paging, FakeFixture)

BOOST_AUTO_TEST_CASE(batch_lists_page_like_livy_or_their_own_way_and_requests_are_counted_by_route,
                     *utf::timeout(20)) {
    for (int i = 0; i < 5; ++i) {
        BOOST_TEST(call("POST", "/batches", R"({"file":"/a.py"})").status == 201U);
    }
    fake.model().advance(Millis(1000));
    BOOST_TEST(fake.model().append_log(Collection::batches, 3, LogStream::stdout_stream, "hello"));
    const auto page = call_json("GET", "/batches?from=2&size=2");
    BOOST_TEST(page.at("from").as_int64() == 2);
    BOOST_TEST(page.at("total").as_int64() == 5);
    const auto& entries = page.at("sessions").as_array();
    BOOST_REQUIRE(entries.size() == 2U);
    BOOST_TEST(entries.at(0).at("id").as_int64() == 2);
    BOOST_TEST(json::serialize(entries.at(1).at("log")) == R"(["stdout: ","hello","\nstderr: "])");

    fake.model().options().list_page_cap = 1;  // fewer than asked
    BOOST_TEST(call_json("GET", "/batches?from=2&size=2").at("sessions").as_array().size() == 1U);
    fake.model().options().list_page_cap = 0;
    fake.model().options().list_ignores_from = true;  // from echoed, first page served
    const auto first = call_json("GET", "/batches?from=2&size=2");
    BOOST_TEST(first.at("from").as_int64() == 2);
    BOOST_TEST(first.at("sessions").as_array().at(0).at("id").as_int64() == 0);

    BOOST_TEST(call("GET", "/batches/1/state").status == 200U);
    BOOST_TEST(fake.route_count("POST /batches") == 5U);
    BOOST_TEST(fake.route_count("GET /batches") == 3U);
    BOOST_TEST(fake.route_count("GET /batches/{id}/state") == 1U);
    const auto counts = call_json("GET", "/_fake/requests");  // not counted itself
    BOOST_TEST(counts.at("GET /batches").as_int64() == 3);
    BOOST_TEST(fake.route_counts().count("GET /_fake/requests") == 0U);
    fake.clear_route_counts();
    BOOST_TEST(fake.route_counts().empty());
}

BOOST_AUTO_TEST_CASE(running_batches_print_tick_lines_when_asked, *utf::timeout(20)) {
    fake.model().options().batch_log_every = Millis(100);
    fake.model().options().batch_log_every_nth = 2;
    BOOST_TEST(call("POST", "/batches", R"({"file":"/a.py"})").status == 201U);
    BOOST_TEST(call("POST", "/batches", R"({"file":"/a.py"})").status == 201U);
    fake.model().advance(Millis(10'000));  // it ran from 1 s to 2 s: ten ticks
    const auto log0 = call_json("GET", "/batches/0/log?from=0&size=-1").at("log").as_array();
    const auto log1 = call_json("GET", "/batches/1/log?from=0&size=-1").at("log").as_array();
    BOOST_TEST(log0.size() == 12U);  // markers + tick 1..10
    BOOST_TEST(log0.at(1).as_string() == "tick 1");
    BOOST_TEST(log1.size() == 2U);  // only every 2nd batch id prints
}

BOOST_AUTO_TEST_SUITE_END()
