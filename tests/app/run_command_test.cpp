// `steward run` end to end in-process: a fake Livy on a thread, the command on the test thread.
#include "orchestrator/app/run_command.hpp"
#include "orchestrator/app/api_access.hpp"
#include "orchestrator/app/client_commands.hpp"
#include "orchestrator/app/config.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/fake_livy/threaded_fake.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
namespace app = steward::app;

namespace {

const char* const kFlow = R"(name: flow
params:
  n: {type: integer, default: 2}
  ok: {type: boolean, default: true}
steps:
  - id: train
    type: livy_batch
    file: jobs/x/job.py
    args: ["${params.n}"]
  - id: decide
    type: gate
    cases:
      - if: params.ok
        goto: done
    default: broken
  - id: done
    type: notify
    channel: log
    message: "run ${run.id} done"
    next: end
  - id: broken
    type: fail
    message: "not ok"
)";

const char* const kApproval = R"(name: approval
steps:
  - id: ask
    type: user_task
    title: "Ship it?"
    assignees: {users: [tester]}
    form:
      note: {type: string}
    outcomes: [yes, no]
    next: {yes: end, no: refused}
  - id: refused
    type: fail
    message: "refused"
)";

// A fake Livy served from its own thread, and a scratch directory with jobs/ and a config.
struct Fixture {
    steward::fake_livy::FakeLivyThread livy{options()};
    fs::path dir = fs::temp_directory_path() / ("steward-run-test-" + std::to_string(::getpid()));

    static steward::fake_livy::FakeLivyOptions options() {
        steward::fake_livy::FakeLivyOptions o;
        o.model.batch_start = steward::fake_livy::Millis(20);
        o.model.batch_run = steward::fake_livy::Millis(100);
        return o;
    }

    Fixture() {
        fs::create_directories(dir / "jobs" / "x");
        std::ofstream(dir / "jobs" / "x" / "job.py") << "print(1)\n";
        std::ofstream(dir / "flow.yaml") << kFlow;
        std::ofstream(dir / "approval.yaml") << kApproval;
        std::ofstream(dir / "steward.yaml")
            << "livy: {url: '" << livy.base_url() << "', poll_interval: 20ms}\n"
            << "jobs_dir: jobs\n"
            << "channels: {log: {type: command, command: [true]}}\n"
            << "roles: {approver: {permissions: [view, answer]}}\n"
            << "users: {tester: {roles: [approver]}}\nlogging: {level: warn}\n";
    }

    ~Fixture() { fs::remove_all(dir); }

    struct Outcome {
        int status;
        std::string out;
        std::string err;
    };

    Outcome run(std::vector<std::string> args) {
        std::vector<std::string_view> views(args.begin(), args.end());
        std::ostringstream out;
        std::ostringstream err;
        const int status = app::run_workflow_main(views, out, err);
        return {status, out.str(), err.str()};
    }

    std::string path(const char* name) const { return (dir / name).string(); }

    // An API token of `tester` (read, tasks:answer) in the database at `db_path`, made as
    // `steward token create` makes it.
    std::string token_in(const std::string& db_path) const {
        steward::store::Store db(db_path);
        const app::Config config = app::load_config(path("steward.yaml"));
        app::ApiAccess access(db, config);
        steward::auth::TokenRequest request;
        request.user = "tester";
        request.scopes = {"read", "tasks:answer"};
        request.created_by = "run_command_test";
        auto issued = access.auth.issue_token(request);
        BOOST_REQUIRE_MESSAGE(issued.has_value(), "token for tester");
        return issued->secret;
    }
};

unsigned short free_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(run_command, Fixture)

BOOST_AUTO_TEST_CASE(local_data_is_confined_to_the_data_roots) {
    std::ofstream(dir / "cwd.yaml") << "name: cwd\nparams:\n  dir: {type: string}\nsteps:\n"
                                       "  - {id: sh, type: shell, command: [true], cwd: \"${params.dir}\"}\n";
    // Without --config: below the working directory only.
    auto r = run({path("cwd.yaml"), "--param", "dir=/"});
    BOOST_TEST(r.status == 1, r.err);
    BOOST_TEST(r.out.find("step 'sh': cwd '/' is outside the configured data_roots (config 'data_roots')") !=
                   std::string::npos,
               r.out);
    // With a config without data_roots: its workflows, jobs and database directories.
    r = run({path("cwd.yaml"), "--param", "dir=" + path("jobs"), "--config", path("steward.yaml")});
    BOOST_TEST(r.status == 0, r.out << r.err);
    r = run({path("cwd.yaml"), "--param", "dir=/", "--config", path("steward.yaml")});
    BOOST_TEST(r.status == 1, r.err);
}

BOOST_AUTO_TEST_CASE(successful_run_prints_progress_and_exits_0) {
    const auto r = run({path("flow.yaml"), "--param", "n=5", "--config", path("steward.yaml")});
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find(" step train livy_batch submitted (batch 0)\n") != std::string::npos, r.out);
    BOOST_TEST(r.out.find(" step train livy_batch running (batch 0)\n") != std::string::npos, r.out);
    BOOST_TEST(r.out.find(" step decide gate succeeded -> done\n") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("run 1 succeeded after ") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(the_spark_ui_link_is_printed_once_livy_reports_it) {
    livy.call([&] {
        livy.fake().model().options().app = {"application_1_0001", "http://nm:8042/node/containerlogs/c_01/u",
                                             "http://rm:8088/proxy/application_1_0001/"};
        return 0;
    });
    const auto r = run({path("flow.yaml"), "--config", path("steward.yaml")});
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(r.out.find(" step train livy_batch application application_1_0001 (batch 0): Spark UI "
                          "http://rm:8088/proxy/application_1_0001/, driver log "
                          "http://nm:8042/node/containerlogs/c_01/u\n") != std::string::npos,
               r.out);
}

BOOST_AUTO_TEST_CASE(failed_run_exits_1_with_the_error) {
    const auto r = run({path("flow.yaml"), "--param", "ok=no", "--config", path("steward.yaml")});
    BOOST_TEST(r.status == 1);
    BOOST_TEST(r.out.find("run 1 failed after ") != std::string::npos, r.out);
    BOOST_TEST(r.out.find("step 'broken' failed: not ok") != std::string::npos, r.out);
}

BOOST_AUTO_TEST_CASE(usage_workflow_and_param_errors_exit_2) {
    const auto bad_param = run({path("flow.yaml"), "--param", "n=abc", "--config", path("steward.yaml")});
    BOOST_TEST(bad_param.status == 2);
    BOOST_TEST(bad_param.err.find("param 'n'") != std::string::npos, bad_param.err);
    const auto unknown = run({path("flow.yaml"), "--param", "zz=1", "--config", path("steward.yaml")});
    BOOST_TEST(unknown.status == 2);
    BOOST_TEST(unknown.err.find("unknown param 'zz'") != std::string::npos, unknown.err);
    std::ofstream(dir / "broken.yaml") << "name: broken\nsteps:\n  - id: a\n    type: nope\n";
    const auto invalid = run({path("broken.yaml"), "--config", path("steward.yaml")});
    BOOST_TEST(invalid.status == 2);
    BOOST_TEST(invalid.err.find("broken.yaml:4:") != std::string::npos, invalid.err);
    BOOST_TEST(run({}).status == 2);
    BOOST_TEST(run({path("flow.yaml"), "--param", "novalue"}).status == 2);
    BOOST_TEST(run({path("flow.yaml"), "--config", path("missing.yaml")}).status == 2);
    BOOST_TEST(run({"--help"}).status == 0);
}

BOOST_AUTO_TEST_CASE(a_missing_file_or_a_run_id_is_explained) {
    const auto id = run({"5"});
    BOOST_TEST(id.status == 2);
    BOOST_TEST(id.err ==
               "steward run: the workflow file '5' does not exist ('steward run' takes a workflow file and "
               "starts a new run; to look at run 5 of a server, use 'steward runs')\n");
    const auto missing = run({path("nope.yaml")});
    BOOST_TEST(missing.status == 2);
    BOOST_TEST(missing.err == "steward run: the workflow file '" + path("nope.yaml") + "' does not exist\n");
    const auto directory = run({dir.string()});
    BOOST_TEST(directory.err ==
               "steward run: '" + dir.string() + "' is a directory; give a workflow file (.yaml)\n");
}

BOOST_AUTO_TEST_CASE(a_missing_jobs_file_names_the_jobs_directory_option) {
    std::ofstream(dir / "jobs.yaml")
        << "name: j\nsteps:\n  - id: t\n    type: livy_batch\n    file: jobs/nope.py\n";
    const auto r = run({path("jobs.yaml"), "--jobs-dir", dir.string()});
    BOOST_TEST(r.status == 2);
    BOOST_TEST(r.err == path("jobs.yaml") + ":5:11: file 'jobs/nope.py' not found (looked for " +
                            (dir / "nope.py").lexically_normal().string() + ")\n");
    const auto with_config = run({path("jobs.yaml"), "--config", path("steward.yaml")});
    BOOST_TEST(with_config.status == 2);
    BOOST_TEST(with_config.err.find("; the jobs directory is jobs_dir in " + path("steward.yaml") +
                                    "; give another with --jobs-dir DIR)\n") != std::string::npos,
               with_config.err);
}

BOOST_AUTO_TEST_CASE(user_task_is_answered_through_the_served_api) {
    const std::string url = "http://127.0.0.1:" + std::to_string(free_port());
    const std::string db_path = path("run.db");
    ::setenv("STEWARD_TOKEN", token_in(db_path).c_str(), 1);  // the answerer is tester, by its token
    std::atomic<int> answered{-1};
    std::thread answerer([&] {
        for (int attempt = 0; attempt < 200 && answered < 0; ++attempt) {
            std::ostringstream out;
            std::ostringstream err;
            const std::vector<std::string_view> list{"--server", url};
            if (app::tasks_main(list, out, err) == 0 && out.str().find("Ship it?") != std::string::npos) {
                const std::vector<std::string_view> complete{"complete", "1",         "--outcome", "yes",
                                                             "--field",  "note=fine", "--server",  url};
                answered = app::task_main(complete, out, err);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
    });
    const auto r = run({path("approval.yaml"), "--config", path("steward.yaml"), "--db", db_path, "--listen",
                        url.substr(std::string("http://").size())});
    answerer.join();
    ::unsetenv("STEWARD_TOKEN");
    BOOST_TEST(answered == 0);
    BOOST_TEST(r.status == 0, r.err);
    BOOST_TEST(
        r.out.find("waiting for an answer: task 1 \"Ship it?\" (outcomes: yes, no)") != std::string::npos,
        r.out);
    BOOST_TEST(r.out.find("run 1 succeeded") != std::string::npos, r.out);
    steward::store::Store db(db_path);
    const auto task = db.tasks().get(1);
    BOOST_REQUIRE(task.has_value());
    BOOST_TEST(task->responder.value_or("") == "tester");
}

BOOST_AUTO_TEST_CASE(the_served_api_refuses_a_caller_without_a_token) {
    const std::string url = "http://127.0.0.1:" + std::to_string(free_port());
    ::unsetenv("STEWARD_TOKEN");
    std::atomic<int> listed{-1};
    std::string refusal;
    std::thread caller([&] {
        for (int attempt = 0; attempt < 200; ++attempt) {
            std::ostringstream out;
            std::ostringstream err;
            const std::vector<std::string_view> list{"--server", url};
            listed = app::tasks_main(list, out, err);
            if (err.str().find("cannot connect") == std::string::npos) {
                refusal = err.str();
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ::kill(::getpid(), SIGINT);  // end the waiting run
    });
    const auto r = run({path("approval.yaml"), "--config", path("steward.yaml"), "--listen",
                        url.substr(std::string("http://").size())});
    caller.join();
    BOOST_TEST(listed == 1);
    BOOST_TEST(refusal.find("HTTP 401") != std::string::npos, refusal);
    BOOST_TEST(r.status == 130, r.status << " " << r.out << r.err);
}

BOOST_AUTO_TEST_SUITE_END()
