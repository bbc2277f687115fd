// The CLI client commands against a real API server (loopback) over a fake engine.
#include "orchestrator/app/client_commands.hpp"
#include "tests/app/api_server_thread.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace api = steward::api;
namespace app = steward::app;
namespace store = steward::store;

namespace {

using app::test::call;
using app::test::TokenEnv;

// A file holding one token (with a trailing newline, as `steward token create > F` writes it).
struct TokenFile {
    std::filesystem::path path;
    explicit TokenFile(const std::string& token)
        : path(std::filesystem::temp_directory_path() /
               ("steward-token-" + std::to_string(::getpid()) + "-" + token.substr(token.size() - 6))) {
        std::ofstream(path) << token << "\n";
    }
    ~TokenFile() { std::filesystem::remove(path); }
    TokenFile(const TokenFile&) = delete;
    TokenFile& operator=(const TokenFile&) = delete;
};

// A server on its own thread over the access harness (authentication on); tests talk to it only
// over HTTP with the tokens made before it started, and read its state via `on_server`.
struct ServerThread : app::test::ApiServerThread {
    std::string tester = harness.token("tester");  // model_owner and operator
    std::string alice = harness.token("alice");    // model_owner
    std::string bob = harness.token("bob");        // no role
    store::RowId task = 0;

    ServerThread() {
        commands.add_workflow("churn");
        const auto def = commands.known["churn"].definition_id;
        const auto run = db.runs().create_run(def, R"({"x":1})", "manual", 1000);
        db.runs().create_run(def, R"({"x":2})", "http", 2000);
        db.runs().set_run_state(run, store::RunState::running, 1100).value();
        db.runs().set_current_step(run, "approve", 1100).value();
        const auto exec = db.runs().begin_step(run, "approve", 1, 1500, store::StepState::waiting).value();
        store::UserTask t;
        t.run_id = run;
        t.step_exec_id = exec;
        t.title = "Approve churn 1.0.1?";
        t.assignees.roles = {"model_owner"};
        t.outcomes_json = R"(["approve","reject"])";
        // The form as the engine stores it (engine::form_to_json).
        t.form_json = R"({"fields":[{"name":"score","type":"integer","required":true},)"
                      R"({"name":"ok","type":"boolean","required":false},)"
                      R"({"name":"comment","type":"text","required":false,"label":"Why?"},)"
                      R"({"name":"env","type":"enum","required":false,"values":["dev","prod"]}]})";
        t.created_at = 1500;
        task = db.tasks().create(t).value();
        start();
    }
};

// A workflow with every part `steward workflow show` prints.
constexpr std::string_view kMonthly = R"(name: churn-monthly
description: Monthly churn retraining
params:
  train_data: {type: string, required: true, description: "labelled rows", pattern: '^hdfs:///.*$'}
  env: {type: enum, values: [dev, prod], default: dev}
triggers:
  - cron: "0 6 1 * *"
    tz: UTC
    params: {train_data: "hdfs:///data/latest"}
steps:
  - id: train
    type: livy_batch
    file: jobs/churn/train.py
  - id: approve
    type: user_task
    title: Promote?
    assignees: {roles: [model_owner]}
    outcomes: [approve, reject]
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(client_commands)

BOOST_AUTO_TEST_CASE(runs_lists_a_table_and_filters) {
    ServerThread s;
    const TokenEnv env(s.tester);
    const std::string url = s.url();
    const auto all = call(app::runs_main, {"--server", url});
    BOOST_TEST(all.status == 0, all.err);
    BOOST_TEST(all.out.find("ID  UID                         WORKFLOW  STATE") == 0, all.out);
    BOOST_TEST(all.out.find("  churn     running  approve") != std::string::npos, all.out);
    const auto listed = boost::json::parse(call(app::runs_main, {"--server", url, "--json"}).out);
    const std::string uid(listed.at("runs").at(0).at("uid").as_string());
    BOOST_TEST(uid.size() == 26U);
    BOOST_TEST(all.out.find("2   " + uid + "  churn") != std::string::npos, all.out);  // the run's ULID
    BOOST_TEST(all.out.find("1970-01-01 00:00:01") != std::string::npos, all.out);
    const auto running = call(app::runs_main, {"--server", url, "--state", "pending"});
    BOOST_TEST(running.status == 0);
    BOOST_TEST(running.out.find("running") == std::string::npos, running.out);
    BOOST_TEST(running.out.find("pending") != std::string::npos, running.out);
    const auto json = call(app::runs_main, {"--server", url, "--json"});
    BOOST_TEST(boost::json::parse(json.out).at("runs").as_array().size() == 2u);
    const auto bad = call(app::runs_main, {"--server", url, "--state", "asleep"});
    BOOST_TEST(bad.status == 1);
    BOOST_TEST(bad.err.find("HTTP 400 invalid_param: query parameter 'state'") != std::string::npos, bad.err);
}

BOOST_AUTO_TEST_CASE(runs_and_tasks_send_the_token_and_explain_a_401) {
    ServerThread s;
    ::unsetenv("STEWARD_TOKEN");
    const auto anonymous = call(app::runs_main, {"--server", s.url()});
    BOOST_TEST(anonymous.status == 1);
    BOOST_TEST(anonymous.err.find("HTTP 401 unauthenticated") != std::string::npos, anonymous.err);
    BOOST_TEST(anonymous.err.find("--token-file FILE or STEWARD_TOKEN") != std::string::npos, anonymous.err);
    {
        const TokenEnv env("stw_forged");
        BOOST_TEST(call(app::tasks_main, {"--server", s.url()}).status == 1);
        // --token-file wins over STEWARD_TOKEN.
        const TokenFile file(s.tester);
        const auto listed = call(app::tasks_main, {"--server", s.url(), "--token-file", file.path.string()});
        BOOST_TEST(listed.status == 0, listed.err);
        BOOST_TEST(listed.out.find("Approve churn 1.0.1?") != std::string::npos, listed.out);
    }
    const TokenEnv env(s.bob);  // bob has no role: 403 naming the permission
    const auto refused = call(app::runs_main, {"--server", s.url()});
    BOOST_TEST(refused.status == 1);
    BOOST_TEST(refused.err.find("HTTP 403 forbidden") != std::string::npos, refused.err);
    BOOST_TEST(refused.err.find("'view'") != std::string::npos, refused.err);
    const auto unreadable = call(app::runs_main, {"--server", s.url(), "--token-file", "/nonexistent/token"});
    BOOST_TEST(unreadable.status == 2);
    BOOST_TEST(unreadable.err.find("cannot read a token from /nonexistent/token") != std::string::npos,
               unreadable.err);
}

BOOST_AUTO_TEST_CASE(tasks_lists_open_tasks_for_a_user) {
    ServerThread s;
    const TokenEnv env(s.tester);
    const auto all = call(app::tasks_main, {"--server", s.url()});
    BOOST_TEST(all.status == 0, all.err);
    BOOST_TEST(all.out.find("approve|reject") != std::string::npos, all.out);
    BOOST_TEST(all.out.find("Approve churn 1.0.1?") != std::string::npos, all.out);
    const auto bob = call(app::tasks_main, {"--server", s.url(), "--user", "bob"});
    BOOST_TEST(bob.out == "no tasks\n");
}

BOOST_AUTO_TEST_CASE(tasks_show_each_tasks_form_fields) {
    ServerThread s;
    const TokenEnv env(s.tester);
    const auto listed = call(app::tasks_main, {"--server", s.url()});
    BOOST_TEST(listed.status == 0, listed.err);
    BOOST_TEST(listed.out.find("OUTCOMES        FORM") != std::string::npos, listed.out);
    BOOST_TEST(
        listed.out.find("score:integer* ok:boolean comment:text env:enum[dev|prod]") != std::string::npos,
        listed.out);
    BOOST_TEST(listed.out.find("(FORM: name:type, * required, [choices];") != std::string::npos, listed.out);
}

BOOST_AUTO_TEST_CASE(task_complete_types_fields_by_the_form) {
    ServerThread s;
    const TokenFile file(s.alice);  // the answer is alice's: the token's user
    const std::string id = std::to_string(s.task);
    const auto done = call(
        app::task_main, {"complete", id, "--outcome", "approve", "--field", "score=3", "--field", "ok=yes",
                         "--field", "comment=fine", "--token-file", file.path.string(), "--server", s.url()});
    BOOST_TEST(done.status == 0, done.err);
    BOOST_TEST(done.out == "task " + id + " completed: approve by alice\n");
    const auto completion = s.on_server([&] { return *s.commands.last_completion; });
    const auto form = boost::json::parse(completion.form_json);
    BOOST_TEST(form.at("score").as_int64() == 3);
    BOOST_TEST(form.at("ok").as_bool());
    BOOST_TEST(form.at("comment").as_string() == "fine");

    BOOST_TEST(completion.user == "alice");
    const TokenEnv env(s.alice);
    const auto again = call(app::task_main, {"complete", id, "--outcome", "approve", "--server", s.url()});
    BOOST_TEST(again.status == 1);
    BOOST_TEST(again.err.find("HTTP 409 task_closed") != std::string::npos, again.err);
}

BOOST_AUTO_TEST_CASE(task_complete_reports_problems) {
    ServerThread s;
    const std::string id = std::to_string(s.task);
    // --user is gone: nobody names the acting user but the token.
    const auto named = call(
        app::task_main, {"complete", id, "--outcome", "approve", "--user", "mallory", "--server", s.url()});
    BOOST_TEST(named.status == 2);
    BOOST_TEST(named.err.find("--user") != std::string::npos, named.err);
    {
        const TokenEnv env(s.bob);  // bob may not even read the task
        const auto stranger =
            call(app::task_main, {"complete", id, "--outcome", "approve", "--server", s.url()});
        BOOST_TEST(stranger.status == 1);
        BOOST_TEST(stranger.err.find("HTTP 403 forbidden") != std::string::npos, stranger.err);
    }
    const TokenEnv env(s.alice);
    const auto bad_number = call(app::task_main, {"complete", id, "--outcome", "approve", "--field",
                                                  "score=many", "--server", s.url()});
    BOOST_TEST(bad_number.status == 2);
    BOOST_TEST(bad_number.err.find("--field score is not a number: 'many'") != std::string::npos,
               bad_number.err);
    BOOST_TEST(call(app::task_main, {"complete", id}).status == 2);
    BOOST_TEST(call(app::task_main, {"finish", id}).status == 2);
    BOOST_TEST(call(app::task_main, {"complete", "x1", "--outcome", "a"}).status == 2);
    const auto missing = call(app::task_main, {"complete", "999", "--outcome", "a", "--server", s.url()});
    BOOST_TEST(missing.status == 1);
    BOOST_TEST(missing.err.find("HTTP 404") != std::string::npos, missing.err);
}

BOOST_AUTO_TEST_CASE(workflows_lists_params_and_triggers) {
    ServerThread s;
    s.on_server([&] { return s.commands.add_yaml_workflow(kMonthly, 1000); });
    const TokenEnv env(s.tester);
    const auto listed = call(app::workflows_main, {"--server", s.url()});
    BOOST_TEST(listed.status == 0, listed.err);
    BOOST_TEST(listed.out.find("NAME           VERSION  TRIGGER  PARAMS") == 0, listed.out);
    BOOST_TEST(listed.out.find(
                   "churn-monthly  2        yes      train_data*, env  0 6 1 * * (UTC)  2      Monthly") !=
                   std::string::npos,
               listed.out);
    BOOST_TEST(
        listed.out.find("churn          1        yes      x*                -                0      test") !=
            std::string::npos,
        listed.out);
    const auto json = call(app::workflows_main, {"--server", s.url(), "--json"});
    BOOST_TEST(boost::json::parse(json.out).at("workflows").as_array().size() == 2u);
    const TokenEnv bob(s.bob);
    const auto refused = call(app::workflows_main, {"--server", s.url()});
    BOOST_TEST(refused.status == 1);
    BOOST_TEST(refused.err.find("HTTP 403 forbidden") != std::string::npos, refused.err);
    {
        const TokenEnv alice(s.alice);  // model_owner: may read, not trigger
        const auto read_only = call(app::workflows_main, {"--server", s.url()});
        BOOST_TEST(read_only.out.find("churn          1        no ") != std::string::npos, read_only.out);
    }
}

BOOST_AUTO_TEST_CASE(workflow_show_prints_params_triggers_steps_and_source) {
    ServerThread s;
    const auto v2 = s.on_server([&] { return s.commands.add_yaml_workflow(kMonthly, 1000); });
    const TokenEnv env(s.tester);
    const auto shown = call(app::workflow_main, {"show", "churn-monthly", "--server", s.url()});
    BOOST_TEST(shown.status == 0, shown.err);
    const std::string& out = shown.out;
    BOOST_TEST(out.find("workflow churn-monthly (version " + std::to_string(v2) + ", test.yaml)\n") == 0,
               out);
    BOOST_TEST(out.find("you may trigger it: yes") != std::string::npos, out);
    BOOST_TEST(
        out.find("Monthly churn retraining\nyou may trigger it: yes\n\nparams:\n") != std::string::npos, out);
    BOOST_TEST(
        out.find("  PARAM       TYPE    REQUIRED  DEFAULT  CHOICES   DESCRIPTION\n"
                 "  train_data  string  yes                          labelled rows (pattern ^hdfs:///.*$)\n"
                 "  env         enum    no        dev      dev|prod") != std::string::npos,
        out);
    BOOST_TEST(out.find("  CRON       ZONE  NEXT                 PARAMS\n"
                        "  0 6 1 * *  UTC   ") != std::string::npos,
               out);
    BOOST_TEST(out.find("-01 06:00:00  train_data=hdfs:///data/latest\n") != std::string::npos, out);
    BOOST_TEST(out.find("  STEP     TYPE        NEXT     SUMMARY\n"
                        "  train    livy_batch  approve  jobs/churn/train.py\n"
                        "  approve  user_task   end      Promote? [approve|reject]\n") != std::string::npos,
               out);
    BOOST_TEST(out.find("versions:") != std::string::npos, out);
    BOOST_TEST(out.find("  VERSION  CURRENT  LOADED               RUNS  LAST RUN  SHA-256\n"
                        "  " +
                        std::to_string(v2) + "        *        1970-01-01 00:00:01  0") != std::string::npos,
               out);

    const auto source = call(app::workflow_main, {"show", "churn-monthly", "--source", "--server", s.url()});
    BOOST_TEST(source.status == 0, source.err);
    BOOST_TEST(source.out == kMonthly);
    const auto old = call(app::workflow_main, {"show", "churn", "--version", "1", "--server", s.url()});
    BOOST_TEST(old.status == 0, old.err);
    BOOST_TEST(old.out == "name: churn\n");

    const auto unknown = call(app::workflow_main, {"show", "nope", "--server", s.url()});
    BOOST_TEST(unknown.status == 1);
    BOOST_TEST(unknown.err.find("HTTP 404 not_found: no workflow 'nope'") != std::string::npos, unknown.err);
    BOOST_TEST(call(app::workflow_main, {"show"}).status == 2);
    BOOST_TEST(call(app::workflow_main, {"list"}).status == 2);
    BOOST_TEST(call(app::workflow_main, {"show", "a/b"}).status == 2);
    BOOST_TEST(call(app::workflow_main, {"show", "churn", "--version", "x"}).status == 2);
    BOOST_TEST(call(app::workflow_main, {"--help"}).status == 0);
    BOOST_TEST(call(app::workflows_main, {"--help"}).status == 0);
}

BOOST_AUTO_TEST_CASE(unreachable_server_and_usage_errors) {
    const auto down = call(app::runs_main, {"--server", "http://127.0.0.1:1"});
    BOOST_TEST(down.status == 1);
    BOOST_TEST(down.err.find("cannot connect to http://127.0.0.1:1") != std::string::npos, down.err);
    BOOST_TEST(
        down.err.find("; is 'steward serve' running? set --server or STEWARD_SERVER\n") != std::string::npos,
        down.err);
    const auto tasks_down = call(app::tasks_main, {"--server", "http://127.0.0.1:1"});
    BOOST_TEST(tasks_down.err.find("is 'steward serve' running? set --server or STEWARD_SERVER") !=
                   std::string::npos,
               tasks_down.err);
    const auto complete_down =
        call(app::task_main, {"complete", "1", "--outcome", "ok", "--server", "http://127.0.0.1:1"});
    BOOST_TEST(complete_down.err.find("is 'steward serve' running? set --server or STEWARD_SERVER") !=
                   std::string::npos,
               complete_down.err);
    const auto ftp = call(app::tasks_main, {"--server", "ftp://x"});
    BOOST_TEST(ftp.status == 1);
    BOOST_TEST(ftp.err.find("must be http://") != std::string::npos, ftp.err);
    BOOST_TEST(call(app::runs_main, {"--bogus"}).status == 2);
    BOOST_TEST(call(app::runs_main, {"--state"}).status == 2);
    BOOST_TEST(call(app::runs_main, {"--help"}).status == 0);
    BOOST_TEST(call(app::tasks_main, {"--help"}).status == 0);
    BOOST_TEST(call(app::task_main, {"--help"}).status == 0);
}

BOOST_AUTO_TEST_SUITE_END()
