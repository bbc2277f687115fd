// The CLI client commands against a real API server (loopback) over a fake engine.
#include "orchestrator/app/client_commands.hpp"
#include "orchestrator/api/server.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/fake_commands.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <future>
#include <sstream>
#include <thread>

namespace api = steward::api;
namespace app = steward::app;
namespace store = steward::store;

namespace {

// A server on its own thread; tests talk to it only over HTTP, and read its state via `on_server`.
struct ServerThread {
    boost::asio::io_context io{1};
    store::Store db{":memory:"};
    api::test::FakeCommands commands{db};
    api::UserDirectory users{{"alice", {"model_owner"}}, {"bob", {}}};
    api::Context context{db, commands, users};
    std::unique_ptr<api::Server> server;
    store::RowId task = 0;
    std::thread thread;

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
        t.form_json = R"({"score":{"type":"integer"},"ok":{"type":"boolean"},"comment":{"type":"text"}})";
        t.created_at = 1500;
        task = db.tasks().create(t).value();

        api::ServerSettings settings;
        settings.port = 0;
        server = std::make_unique<api::Server>(io.get_executor(), settings, context);
        server->start();
        thread = std::thread([this] { io.run(); });
    }

    ~ServerThread() {  // NOLINT(bugprone-exception-escape): a failure here ends the test run anyway
        boost::asio::post(io, [this] {
            server->stop();
            io.stop();
        });
        thread.join();
    }

    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(server->port()); }

    template <class Fn>
    auto on_server(Fn fn) {
        std::packaged_task<decltype(fn())()> job(std::move(fn));
        auto result = job.get_future();
        boost::asio::post(io, [&job] { job(); });
        return result.get();
    }
};

struct Outcome {
    int status;
    std::string out;
    std::string err;
};

template <class Main>
Outcome call(Main main, std::vector<std::string_view> args) {
    std::ostringstream out;
    std::ostringstream err;
    const int status = main(args, out, err);
    return {status, out.str(), err.str()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(client_commands)

BOOST_AUTO_TEST_CASE(runs_lists_a_table_and_filters) {
    ServerThread s;
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

BOOST_AUTO_TEST_CASE(tasks_lists_open_tasks_for_a_user) {
    ServerThread s;
    const auto all = call(app::tasks_main, {"--server", s.url()});
    BOOST_TEST(all.status == 0, all.err);
    BOOST_TEST(all.out.find("approve|reject") != std::string::npos, all.out);
    BOOST_TEST(all.out.find("Approve churn 1.0.1?") != std::string::npos, all.out);
    const auto bob = call(app::tasks_main, {"--server", s.url(), "--user", "bob"});
    BOOST_TEST(bob.out == "no tasks\n");
}

BOOST_AUTO_TEST_CASE(task_complete_types_fields_by_the_form) {
    ServerThread s;
    const std::string id = std::to_string(s.task);
    const auto done =
        call(app::task_main, {"complete", id, "--outcome", "approve", "--field", "score=3", "--field",
                              "ok=yes", "--field", "comment=fine", "--user", "alice", "--server", s.url()});
    BOOST_TEST(done.status == 0, done.err);
    BOOST_TEST(done.out == "task " + id + " completed: approve by alice\n");
    const auto completion = s.on_server([&] { return *s.commands.last_completion; });
    const auto form = boost::json::parse(completion.form_json);
    BOOST_TEST(form.at("score").as_int64() == 3);
    BOOST_TEST(form.at("ok").as_bool());
    BOOST_TEST(form.at("comment").as_string() == "fine");

    const auto again = call(app::task_main,
                            {"complete", id, "--outcome", "approve", "--user", "alice", "--server", s.url()});
    BOOST_TEST(again.status == 1);
    BOOST_TEST(again.err.find("HTTP 409 task_closed") != std::string::npos, again.err);
}

BOOST_AUTO_TEST_CASE(task_complete_reports_problems) {
    ServerThread s;
    const std::string id = std::to_string(s.task);
    const auto stranger = call(
        app::task_main, {"complete", id, "--outcome", "approve", "--user", "mallory", "--server", s.url()});
    BOOST_TEST(stranger.status == 1);
    BOOST_TEST(stranger.err.find("unknown_user") != std::string::npos, stranger.err);
    const auto bad_number = call(app::task_main, {"complete", id, "--outcome", "approve", "--field",
                                                  "score=many", "--user", "alice", "--server", s.url()});
    BOOST_TEST(bad_number.status == 2);
    BOOST_TEST(bad_number.err.find("--field score is not a number: 'many'") != std::string::npos,
               bad_number.err);
    BOOST_TEST(call(app::task_main, {"complete", id, "--user", "alice"}).status == 2);
    BOOST_TEST(call(app::task_main, {"finish", id}).status == 2);
    BOOST_TEST(call(app::task_main, {"complete", "x1", "--outcome", "a"}).status == 2);
    const auto missing =
        call(app::task_main, {"complete", "999", "--outcome", "a", "--user", "alice", "--server", s.url()});
    BOOST_TEST(missing.status == 1);
    BOOST_TEST(missing.err.find("HTTP 404") != std::string::npos, missing.err);
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
    const auto complete_down = call(app::task_main, {"complete", "1", "--outcome", "ok", "--user", "alice",
                                                     "--server", "http://127.0.0.1:1"});
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
