// kill -9 at random moments: `steward serve` (a real process, temp database) runs workflows with
// livy_batch and user_task steps against a fake Livy process; the test kills it with SIGKILL
// several times while runs are in flight, restarts it, answers tasks over the API, waits for every
// run to finish, then checks the store and what the fake saw.
#define BOOST_TEST_MODULE crash
#include <boost/test/unit_test.hpp>

#include "orchestrator/app/api_client.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/crash/child_process.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

namespace fs = std::filesystem;
namespace json = boost::json;
namespace store = steward::store;
using steward::app::api_call;
using steward::app::ApiReply;
using steward::crash_test::ChildProcess;
using namespace std::chrono_literals;

namespace {

constexpr int kInitialRuns = 6;
constexpr int kLaterRuns = 2;
constexpr int kKills = 8;

const char* const kWorkflow = R"(name: crash-flow
params:
  n: {type: integer, default: 1}
steps:
  - id: prepare
    type: livy_batch
    file: jobs/crash/job.py
    args: ["--n", "${params.n}"]
  - id: approve
    type: user_task
    title: "Approve run ${run.id}?"
    assignees: {users: [tester]}
    form:
      note: {type: string}
    outcomes: [yes, no]
    next: {yes: finish, no: refused}
  - id: finish
    type: livy_batch
    file: jobs/crash/job.py
    args: ["--final"]
    next: end
  - id: refused
    type: fail
    message: "refused by ${steps.approve.outcome}"
)";

// What the test answered (or tried to) for one task.
struct Answer {
    std::string outcome;
    std::string note;
    bool confirmed = false;  ///< a 200 (or a 409 after an earlier attempt) was seen
};

struct Harness {
    fs::path dir;
    std::string fake_port;
    std::unique_ptr<ChildProcess> fake;
    std::unique_ptr<ChildProcess> steward;
    std::string url;
    std::string token;  ///< tester's API token, made by `steward token create` before the first start
    int restarts = 0;

    Harness() {
        dir = fs::temp_directory_path() / ("steward-crash-" + std::to_string(::getpid()));
        fs::remove_all(dir);
        fs::create_directories(dir / "workflows");
        fs::create_directories(dir / "jobs" / "crash");
        std::ofstream(dir / "jobs" / "crash" / "job.py") << "print('hello')\n";
        std::ofstream(dir / "workflows" / "crash-flow.yaml") << kWorkflow;
        fake = std::make_unique<ChildProcess>(
            std::vector<std::string>{STEWARD_BINARY_DIR "/tests/crash/crash_fake_livy"},
            (dir / "fake.log").string());
        const auto port = fake->read_line(20s);
        BOOST_REQUIRE_MESSAGE(port && !port->empty(), "the fake Livy did not print its port");
        fake_port = *port;
        std::ofstream(dir / "steward.yaml")
            << "http: {listen: '127.0.0.1:0'}\n"
            << "livy: {url: 'http://127.0.0.1:" << fake_port
            << "', poll_interval: 100ms, request_timeout: 5s, connect_timeout: 2s}\n"
            << "store: {path: steward.db}\n"
            << "roles: {approver: {permissions: [view, trigger, answer]}}\n"
            << "users: {tester: {roles: [approver]}}\n"
            << "logging: {level: info}\n";
        create_token();
    }

    // `steward token create` as an operator runs it: one line on stdout, the token.
    void create_token() {
        ChildProcess create(
            {STEWARD_BINARY_DIR "/steward", "token", "create", "--config", (dir / "steward.yaml").string(),
             "--user", "tester", "--scope", "read,runs:trigger,tasks:answer"},
            (dir / "token.log").string());
        const auto line = create.read_line(30s);
        const auto status = create.wait(30s);
        BOOST_REQUIRE_MESSAGE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0,
                              "steward token create failed; see " << (dir / "token.log").string());
        BOOST_REQUIRE_MESSAGE(line && line->rfind("stw_", 0) == 0, "steward token create printed no token");
        token = *line;
    }

    ~Harness() {
        steward.reset();
        fake.reset();
        if (!std::getenv("STEWARD_KEEP_CRASH_DIR")) {
            std::error_code ignored;
            fs::remove_all(dir, ignored);
        }
    }

    void start_steward() {
        steward = std::make_unique<ChildProcess>(
            std::vector<std::string>{STEWARD_BINARY_DIR "/steward", "serve", "--config",
                                     (dir / "steward.yaml").string()},
            (dir / "steward.log").string());
        const auto line = steward->read_line(30s);
        BOOST_REQUIRE_MESSAGE(line && line->rfind("steward: listening on ", 0) == 0,
                              "steward serve did not start; see " << (dir / "steward.log").string());
        url = line->substr(std::string("steward: listening on ").size());
    }

    void kill_steward() {
        steward->send(SIGKILL);
        const auto status = steward->wait(10s);
        BOOST_REQUIRE(status.has_value());
        BOOST_REQUIRE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL);
        steward.reset();
        ++restarts;
    }

    ApiReply call(const std::string& method, const std::string& target, const std::string& body = {}) {
        std::vector<std::pair<std::string, std::string>> headers{{"Authorization", "Bearer " + token}};
        if (!body.empty())
            headers.emplace_back("Content-Type", "application/json");
        return api_call(url, method, target, body, headers, 5s);
    }
};

json::value parse(const std::string& text) {
    return json::parse(text);
}

// Expected outcome of a run: even ids are approved, odd ids refused.
std::string outcome_for(std::int64_t run_id) {
    return run_id % 2 == 0 ? "yes" : "no";
}

void start_runs(Harness& h, int count, std::vector<std::int64_t>& runs) {
    for (int i = 0; i < count; ++i) {
        const auto reply = h.call("POST", "/api/workflows/crash-flow/runs",
                                  R"({"params":{"n":)" + std::to_string(runs.size() + 1) + "}}");
        BOOST_REQUIRE_MESSAGE(reply.status == 201, "start run: " << steward::app::describe_failure(reply));
        runs.push_back(parse(reply.body).at("id").as_int64());
    }
}

// Answers the open tasks (all, or each with probability `share`); tolerates the server dying.
void answer_tasks(Harness& h, std::map<std::int64_t, Answer>& answers, std::mt19937& random, double share) {
    const auto listed = h.call("GET", "/api/tasks?state=open&limit=1000");
    if (listed.status != 200) {
        return;
    }
    const json::value body = parse(listed.body);
    for (const auto& task : body.at("tasks").as_array()) {
        const auto id = task.at("id").as_int64();
        const auto run_id = task.at("run_id").as_int64();
        if (std::uniform_real_distribution<double>(0, 1)(random) > share) {
            continue;
        }
        Answer& answer = answers[id];
        const bool retry = !answer.outcome.empty();
        answer.outcome = outcome_for(run_id);
        answer.note = "run " + std::to_string(run_id) + " checked";
        const json::object request{{"outcome", answer.outcome}, {"values", {{"note", answer.note}}}};
        const auto reply =
            h.call("POST", "/api/tasks/" + std::to_string(id) + "/complete", json::serialize(request));
        if (reply.status == 200 || (reply.status == 409 && retry)) {
            answer.confirmed = true;
        }
    }
}

bool all_finished(Harness& h, const std::vector<std::int64_t>& runs) {
    const auto reply = h.call("GET", "/api/runs?limit=1000");
    if (reply.status != 200)
        return false;
    std::set<std::int64_t> done;
    const json::value body = parse(reply.body);
    for (const auto& run : body.at("runs").as_array()) {
        const auto state = run.at("state").as_string();
        if (state == "succeeded" || state == "failed" || state == "cancelled")
            done.insert(run.at("id").as_int64());
    }
    for (const auto id : runs) {
        if (!done.contains(id))
            return false;
    }
    return true;
}

}  // namespace

BOOST_AUTO_TEST_CASE(kill_minus_nine_at_random_moments_loses_nothing_and_repeats_nothing) {
    const unsigned seed = std::random_device{}();
    BOOST_TEST_MESSAGE("seed " << seed);
    std::mt19937 random(seed);
    Harness h;
    h.start_steward();
    std::vector<std::int64_t> runs;
    std::map<std::int64_t, Answer> answers;
    start_runs(h, kInitialRuns, runs);

    for (int kill = 0; kill < kKills; ++kill) {
        const auto alive_for =
            std::chrono::milliseconds(std::uniform_int_distribution<int>(150, 1500)(random));
        const auto until = std::chrono::steady_clock::now() + alive_for;
        while (std::chrono::steady_clock::now() < until) {
            answer_tasks(h, answers, random, 0.3);
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::uniform_int_distribution<int>(10, 200)(random)));
        }
        h.kill_steward();
        h.start_steward();
        if (kill == 2) {
            start_runs(h, kLaterRuns, runs);
        }
    }

    const auto deadline = std::chrono::steady_clock::now() + 120s;
    while (!all_finished(h, runs)) {
        BOOST_REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline, "runs did not finish in time");
        answer_tasks(h, answers, random, 1.0);
        std::this_thread::sleep_for(100ms);
    }
    h.steward->send(SIGTERM);
    const auto status = h.steward->wait(30s);
    BOOST_REQUIRE(status.has_value());
    BOOST_TEST((WIFEXITED(*status) && WEXITSTATUS(*status) == 0), "clean shutdown after SIGTERM");

    // What the fake saw: one POST /batches per name; then its batches and their logs.
    std::map<std::string, int> creates;
    std::map<std::string, std::vector<std::string>> fake_logs;
    {
        const std::string base = "http://127.0.0.1:" + h.fake_port;
        const auto list = api_call(base, "GET", "/batches?from=0&size=10000", {}, {}, 5s);
        BOOST_REQUIRE(list.status == 200);
        const json::value batches = parse(list.body);
        for (const auto& batch : batches.at("sessions").as_array()) {
            const std::string name(batch.at("name").as_string());
            const auto log =
                api_call(base, "GET",
                         "/batches/" + std::to_string(batch.at("id").as_int64()) + "/log?from=0&size=10000",
                         {}, {}, 5s);
            BOOST_REQUIRE(log.status == 200);
            auto& lines = fake_logs[name];
            const json::value page = parse(log.body);
            for (const auto& line : page.at("log").as_array()) {
                const std::string text(line.as_string());
                if (text.rfind("batch ", 0) == 0)
                    lines.push_back(text);
            }
        }
        h.fake->send(SIGTERM);
        for (;;) {
            const auto line = h.fake->read_line(10s);
            BOOST_REQUIRE_MESSAGE(line.has_value(), "the fake did not print its summary");
            if (*line == "end")
                break;
            if (line->rfind("create ", 0) == 0)
                ++creates[line->substr(7)];
        }
    }
    BOOST_TEST_MESSAGE(h.restarts << " restarts, " << creates.size() << " batches");

    store::Store db((h.dir / "steward.db").string());
    std::size_t handles = 0;
    for (const auto run_id : runs) {
        BOOST_TEST_CONTEXT("run " << run_id) {
            const store::Run run = db.runs().get_run(run_id).value();
            const bool approved = outcome_for(run_id) == "yes";
            BOOST_TEST(store::to_string(run.state) == (approved ? "succeeded" : "failed"));
            if (!approved) {
                BOOST_TEST(run.error.value_or("").find("refused by no") != std::string::npos,
                           run.error.value_or(""));
            }
            // Every step ran exactly once (the fake never fails a batch), in order.
            std::vector<std::string> steps;
            for (const auto& exec : db.runs().list_steps(run_id)) {
                steps.push_back(exec.step_id + ":" + std::to_string(exec.attempt) + ":" +
                                std::string(store::to_string(exec.state)));
                if (exec.step_id == "prepare" || exec.step_id == "finish") {
                    const auto handle = db.livy().find_handle(exec.id, store::LivyKind::batch);
                    BOOST_REQUIRE(handle.has_value());
                    ++handles;
                    BOOST_TEST(handle->livy_id.has_value());
                    BOOST_TEST(creates[handle->name] == 1,
                               handle->name << " was created " << creates[handle->name] << " times");
                    // The stored log is exactly the fake's log: nothing lost, nothing twice.
                    std::vector<std::string> stored;
                    for (const auto& line : db.livy().get_log(exec.id, 0, 10000).value()) {
                        if (line.line.rfind("batch ", 0) == 0)
                            stored.push_back(line.line);
                    }
                    BOOST_TEST(stored == fake_logs[handle->name], boost::test_tools::per_element());
                }
            }
            const std::vector<std::string> expected =
                approved ? std::vector<std::string>{"prepare:1:succeeded", "approve:1:succeeded",
                                                    "finish:1:succeeded"}
                         : std::vector<std::string>{"prepare:1:succeeded", "approve:1:succeeded",
                                                    "refused:1:failed"};
            BOOST_TEST(steps == expected, boost::test_tools::per_element());

            // Transitions that happen once appear once, however often the server died.
            std::map<std::string, int> counts;
            for (const auto& event : db.runs().list_events(run_id, 0, 10000).value()) {
                const std::string key = event.type + "@" + std::to_string(event.step_exec_id.value_or(0));
                ++counts[key];
            }
            for (const auto& [key, count] : counts) {
                const std::string type = key.substr(0, key.find('@'));
                const bool once = type == "run.created" || type == "run.started" || type == "run.succeeded" ||
                                  type == "run.failed" || type == "step.started" ||
                                  type == "step.succeeded" || type == "step.failed" ||
                                  type == "task.opened" || type == "task.completed" ||
                                  type == "livy.submitted" || type == "livy.intent";
                if (once) {
                    BOOST_TEST(count == 1, key << " appears " << count << " times");
                }
            }

            // The answer is the one the test gave.
            store::TaskFilter filter;
            filter.answerable_only = false;
            filter.run_id = run_id;
            const auto tasks = db.tasks().list(filter).value();
            BOOST_REQUIRE(tasks.size() == 1u);
            const auto& task = tasks.front();
            BOOST_REQUIRE(answers.contains(task.id));
            BOOST_TEST(task.outcome.value_or("") == answers[task.id].outcome);
            BOOST_TEST(task.responder.value_or("") == "tester");
            BOOST_TEST(json::parse(task.response_json.value_or("{}")).at("note").as_string() ==
                       answers[task.id].note);
        }
    }
    BOOST_TEST(creates.size() == handles, "every batch the fake created belongs to a step attempt");
    BOOST_TEST(h.restarts == kKills);
}
