// livy_session against the fake Livy: statements in order, JSON outputs, errors, sessions shared
// by key, keep_open, statement timeouts.

#include "tests/engine/harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

std::vector<json::object> posts_to(EngineHarness& h, std::string_view pattern) {
    return h.livy().call([&] {
        std::vector<json::object> bodies;
        for (const auto& request : h.livy().fake().requests()) {
            if (request.method == "POST" && fake_livy::path_matches(pattern, request.path())) {
                bodies.push_back(json::parse(request.body).as_object());
            }
        }
        return bodies;
    });
}

std::size_t index_of(const std::vector<std::string>& events, std::string_view type, std::size_t from = 0) {
    for (std::size_t i = from; i < events.size(); ++i) {
        if (events[i] == type) {
            return i;
        }
    }
    return events.size();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(livy_session)

BOOST_AUTO_TEST_CASE(statements_run_in_order_and_json_dicts_become_outputs) {
    EngineHarness h;
    std::ofstream(h.settings.jobs_dir / "features.py") << "features = 12\nfeatures";
    h.boot();
    h.livy().call([&] {
        auto& model = h.livy().fake().model();
        model.script_statement("m = {'auc': 0.81, 'n': 10}\n%json m",
                               fake_livy::ok_json(json::parse(R"({"auc": 0.81, "n": 10})")));
        model.script_statement("SELECT 1 AS a",
                               fake_livy::ok_json(json::parse(R"({"schema": {}, "data": [[1]]})")));
        return 0;
    });
    const RowId run = h.start(R"y(name: sessions
params:
  tag: {type: string, default: t1}
steps:
  - id: explore
    type: livy_session
    kind: pyspark
    statements:
      - code: "print('tag ${params.tag}')"
      - code_file: jobs/features.py
      - code: "m = {'auc': 0.81, 'n': 10}\n%json m"
      - {code: "SELECT 1 AS a", kind: sql}
  - {id: check, type: gate, cases: [{if: steps.explore.outputs.auc > 0.8, goto: end}], default: low}
  - {id: low, type: fail, message: low}
)y");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    const auto outputs = h.outputs(run, "explore");
    BOOST_TEST(outputs.at("auc").as_double() == 0.81);
    BOOST_TEST(outputs.at("n").as_int64() == 10);
    const auto statements = posts_to(h, "/sessions/*/statements");
    BOOST_REQUIRE_EQUAL(statements.size(), 4U);
    BOOST_TEST(statements[0].at("code").as_string() == "print('tag t1')");
    BOOST_TEST(statements[1].at("code").as_string() == "features = 12\nfeatures");
    BOOST_TEST(statements[3].at("kind").as_string() == "sql");
    BOOST_TEST(!statements[0].contains("kind"));
    const auto sessions = posts_to(h, "/sessions");
    BOOST_REQUIRE_EQUAL(sessions.size(), 1U);
    BOOST_TEST(sessions[0].at("kind").as_string() == "pyspark");
    // The echoed text of the first statement is in the step log; the session was closed.
    const auto log = h.log(run, "explore");
    BOOST_TEST((std::find(log.begin(), log.end(), "print('tag t1')") != log.end()));
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);
    const auto records = h.store().livy().list_statements(h.step(run, "explore").id);
    BOOST_REQUIRE_EQUAL(records.size(), 4U);
    BOOST_TEST(records[2].state == "available");
}

BOOST_AUTO_TEST_CASE(a_session_dying_at_start_fails_the_step_with_the_cause_from_its_log) {
    HarnessOptions options;
    options.fake.model.session_start = fake_livy::kNever;
    EngineHarness h(options);
    h.boot();
    const RowId run = h.start(R"y(name: dying
steps:
  - id: s
    type: livy_session
    statements:
      - code: "1+1"
)y");
    const std::string id = h.livy_id(run, "s", store::LivyKind::session);
    BOOST_REQUIRE(!id.empty());
    h.livy().call([&] {
        auto& model = h.livy().fake().model();
        const int sid = std::stoi(id);
        model.append_log(
            fake_livy::Collection::sessions, sid, fake_livy::LogStream::stderr_stream,
            "Exception in thread \"main\" java.lang.IllegalArgumentException: Required executor memory (8g) "
            "is above the max threshold (4096 MB) of this cluster!");
        model.append_log(fake_livy::Collection::sessions, sid, fake_livy::LogStream::stderr_stream,
                         "\tat org.apache.spark.deploy.yarn.Client.verifyClusterResources(Client.scala:390)");
        return model.force_state(fake_livy::Collection::sessions, sid, "dead");
    });
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const auto error = h.step(run, "s").error.value_or("");
    BOOST_TEST(
        error == "step 's': session " + id +
                     " ended in state dead: Exception in thread \"main\" java.lang.IllegalArgumentException: "
                     "Required executor memory (8g) is above the max threshold (4096 MB) of this cluster!",
        error);
}

BOOST_AUTO_TEST_CASE(the_sessions_spark_application_is_kept_with_its_handle) {
    HarnessOptions options;
    options.fake.model.app = {"application_1_0002", "http://nm:8042/node/containerlogs/c_02/u",
                              "http://rm:8088/proxy/application_1_0002/"};
    EngineHarness h(options);
    h.boot();
    const RowId run = h.start(R"y(name: linked
steps:
  - id: s
    type: livy_session
    statements:
      - code: "1+1"
)y");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    const auto handle = h.store().livy().find_handle(h.step(run, "s").id, store::LivyKind::session);
    BOOST_REQUIRE(handle.has_value());
    BOOST_TEST(handle->app.app_id.value_or("") == "application_1_0002");
    BOOST_TEST(handle->app.driver_log_url.value_or("") == "http://nm:8042/node/containerlogs/c_02/u");
    BOOST_TEST(handle->app.spark_ui_url.value_or("") == "http://rm:8088/proxy/application_1_0002/");
    BOOST_TEST(h.has_event(run, "livy.app_info"));
}

BOOST_AUTO_TEST_CASE(an_error_output_fails_the_step_with_its_name_and_value) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        h.livy().fake().model().script_statement(
            "raise ValueError('bad')",
            fake_livy::error_output("ValueError", "bad", {"Traceback...", "ValueError: bad"}));
        return 0;
    });
    const RowId run = h.start(R"y(name: erroring
steps:
  - id: s
    type: livy_session
    statements:
      - code: "1+1"
      - code: "raise ValueError('bad')"
      - code: "never"
)y");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const auto error = h.step(run, "s").error.value_or("");
    BOOST_TEST(error.find("statement 2") != std::string::npos, error);
    BOOST_TEST(error.find("ValueError: bad") != std::string::npos, error);
    BOOST_TEST(posts_to(h, "/sessions/*/statements").size() == 2U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);  // its own session goes with the step
}

BOOST_AUTO_TEST_CASE(a_session_key_shares_one_session_until_the_run_ends) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"y(name: shared
steps:
  - {id: load, type: livy_session, session: main, statements: [{code: "df = load()"}]}
  - {id: use, type: livy_session, session: main, statements: [{code: "df.count()"}]}
  - {id: tell, type: notify, channel: ops, message: "done"}
)y");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(posts_to(h, "/sessions").size() == 1U);
    BOOST_TEST(h.outputs(run, "load").at("session_id").as_string() ==
               h.outputs(run, "use").at("session_id").as_string());
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);
    // Deleted once the run ended, not when the first step did.
    const auto events = h.events(run);
    const auto use_done = index_of(events, "step.succeeded", index_of(events, "step.started", 3));
    BOOST_TEST(index_of(events, "livy.deleted") > use_done);
}

BOOST_AUTO_TEST_CASE(keep_open_leaves_the_session_to_livy) {
    EngineHarness h;
    h.boot();
    const RowId run = h.start(R"y(name: kept
steps:
  - {id: a, type: livy_session, session: warm, keep_open: true, statements: [{code: "x = 1"}]}
  - {id: b, type: livy_session, keep_open: true, statements: [{code: "y = 2"}]}
)y");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(posts_to(h, "/sessions").size() == 2U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 0U);
    BOOST_TEST(h.has_event(run, "livy.kept_open"));
    BOOST_TEST(h.store().livy().handles_to_reattach().empty());
}

BOOST_AUTO_TEST_CASE(a_timed_out_statement_is_cancelled) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        auto script = fake_livy::ok_text("finally");
        script.run = fake_livy::kNever;
        h.livy().fake().model().script_statement("spin()", script);
        return 0;
    });
    const RowId run = h.start(R"y(name: spinning
steps:
  - {id: s, type: livy_session, timeout: 5m, statements: [{code: "spin()"}]}
)y");
    BOOST_REQUIRE(h.run_until([&] {
        auto exec = h.store().runs().latest_step(run, "s");
        if (!exec) {
            return false;
        }
        auto records = h.store().livy().list_statements(exec->id);
        return !records.empty() && records[0].statement_id.has_value();
    }));
    h.settle();
    h.advance(5min);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "s").state == store::StepState::timed_out));
    BOOST_TEST(h.livy().count("POST", "/sessions/*/statements/*/cancel") == 1U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);
    BOOST_TEST(h.has_event(run, "livy.statement_cancelled"));
}

BOOST_AUTO_TEST_SUITE_END()
