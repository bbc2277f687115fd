// seed_api_db: fills a database file for the API benchmark (scripts/bench-api.sh).
//
//   seed_api_db --db PATH [--runs 100000] [--tasks 10000]
//
// Writes through the store's API, as the engine would, in transactions of a few thousand runs:
// RUNS runs of five workflows, newest last; each has its step attempts (two or three), its events
// (run and step state changes) and a final state (most succeeded, one in thirteen failed). TASKS of the runs
// are "model-approval" runs that stop at a user task assigned to one user by name and one role (alice, bob,
// carol, dave; model_owner, head_of_analytics); four in five of those tasks are answered, the rest are open
// and their runs wait. Prints "seeded_runs N", "seeded_tasks M", "seeded_open_tasks K" and "seed_seconds S".
// Refuses an existing file.
#include "orchestrator/store/store.hpp"
#include "orchestrator/store/task_store.hpp"

#include <malloc.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace steward::store;

struct Options {
    std::string db;
    long runs = 100'000;
    long tasks = 10'000;
};

constexpr long kRunsPerTransaction = 5'000;
constexpr Millis kRunSpacingMs = 30'000;  // a run every 30 s: 100,000 runs span about a month

const std::vector<std::string> bench_users{"alice", "bob", "carol", "dave"};
const std::vector<std::string> bench_roles{"model_owner", "head_of_analytics"};

bool parse(int argc, char** argv, Options& out) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view key = argv[i];
        const char* value = argv[i + 1];
        if (key == "--db") {
            out.db = value;
        } else if (key == "--runs") {
            out.runs = std::strtol(value, nullptr, 10);
        } else if (key == "--tasks") {
            out.tasks = std::strtol(value, nullptr, 10);
        } else {
            return false;
        }
    }
    return argc % 2 == 1 && !out.db.empty() && out.runs > 0 && out.tasks >= 0 && out.tasks <= out.runs;
}

struct Definitions {
    std::vector<std::pair<std::string, RowId>> batch;  // workflows of Spark steps
    RowId approval = 0;
};

// Valid definitions (`steward validate` accepts them), so a server that resumes the waiting
// approval runs finds their workflow.
Definitions define_workflows(Store& store, Millis at) {
    Definitions out;
    for (const char* name : {"churn-modelops", "fraud-scoring", "nightly-etl", "feature-refresh"}) {
        const std::string yaml = std::string("name: ") + name +
                                 "\nparams:\n  period: {type: string, required: true}\n"
                                 "  rows: {type: integer, default: 100000}\n"
                                 "  model: {type: string, default: x}\nsteps:\n"
                                 "  - id: extract\n    type: livy_batch\n    file: hdfs:///jobs/extract.py\n"
                                 "    args: [--period, \"${params.period}\"]\n"
                                 "  - id: train\n    type: livy_batch\n    file: hdfs:///jobs/train.py\n"
                                 "    args: [--rows, \"${params.rows}\"]\n";
        out.batch.emplace_back(name,
                               store.runs().upsert_definition(name, yaml, std::string(name) + "-v1", at));
    }
    out.approval = store.runs().upsert_definition("model-approval", R"(name: model-approval
params:
  model: {type: string, default: "churn:xgb"}
  version: {type: string, required: true}
steps:
  - id: validate
    type: shell
    command: [test, -n, "${params.version}"]
  - id: approve
    type: user_task
    title: "Approve ${params.model} version ${params.version} as champion"
    assignees: {users: [alice], roles: [model_owner]}
    form:
      comment: {type: string}
      ticket: {type: string, required: true}
    outcomes: [approve, reject]
)",
                                                  "approval-v1", at);
    return out;
}

// One attempt of `step` that ran from `at` and ended in `state`, with its two events.
void finished_step(Store& store, RowId run, const std::string& step, Millis at, StepState state) {
    const RowId exec = store.runs().begin_step(run, step, 1, at).value();
    store.runs().append_event(run, exec, at, "step.running", R"({"attempt":1})");
    StepResult result;
    result.state = state;
    result.outputs_json = R"({"rows":125000,"auc":0.81})";
    if (state == StepState::failed) {
        result.error = "step '" + step + "': batch 6 ended in state dead";
    }
    store.runs().finish_step(exec, result, at + 20'000).value();
    store.runs().append_event(run, exec, at + 20'000, "step." + std::string(to_string(state)), "{}");
}

void batch_run(Store& store, const Definitions& defs, long i, Millis at) {
    const auto& [name, def] = defs.batch[static_cast<std::size_t>(i) % defs.batch.size()];
    const std::string params =
        R"({"period":"2026-)" + std::to_string(1 + i % 12) + R"(","rows":100000,"model":")" + name + "\"}";
    const RowId run = store.runs().create_run(def, params, i % 10 == 0 ? "schedule" : "api", at);
    store.runs().set_run_state(run, RunState::running, at).value();
    store.runs().append_event(run, std::nullopt, at, "run.running", "{}");
    const bool fails = i % 13 == 0;
    finished_step(store, run, "extract", at, StepState::succeeded);
    finished_step(store, run, "train", at + 20'000, fails ? StepState::failed : StepState::succeeded);
    const RunState end = fails ? RunState::failed : RunState::succeeded;
    store.runs()
        .set_run_state(run, end, at + 40'000,
                       fails ? std::optional<std::string_view>("step 'train' failed") : std::nullopt)
        .value();
    store.runs().append_event(run, std::nullopt, at + 40'000, "run." + std::string(to_string(end)), "{}");
}

// An approval run that stops at a user task; answered (and the run succeeded) unless `open`.
void approval_run(Store& store, const Definitions& defs, long i, bool open, Millis at) {
    const RowId run = store.runs().create_run(
        defs.approval, R"({"model":"churn:xgb","version":")" + std::to_string(i) + "\"}", "api", at);
    store.runs().set_run_state(run, RunState::running, at).value();
    finished_step(store, run, "validate", at, StepState::succeeded);
    const RowId exec = store.runs().begin_step(run, "approve", 1, at + 20'000).value();
    store.runs().set_current_step(run, "approve", at + 20'000).value();
    UserTask task;
    task.run_id = run;
    task.step_exec_id = exec;
    task.title = "Approve churn:xgb version " + std::to_string(i) + " as champion";
    task.description = "AUC 0.81 (champion 0.79); KS 0.42. Review the report before approving.";
    task.assignees.users = {bench_users[static_cast<std::size_t>(i) % bench_users.size()]};
    task.assignees.roles = {bench_roles[static_cast<std::size_t>(i / 7) % bench_roles.size()]};
    task.form_json = R"({"fields":[{"name":"comment","type":"string","required":false},)"
                     R"({"name":"ticket","type":"string","required":true}]})";
    task.outcomes_json = R"(["approve","reject"])";
    task.deadline_at = at + 86'400'000;
    task.created_at = at + 20'000;
    const RowId task_id = store.tasks().create(task).value();
    StepResult waiting;
    waiting.state = StepState::waiting;
    store.runs().finish_step(exec, waiting, at + 20'000).value();
    store.runs().set_run_state(run, RunState::waiting, at + 20'000).value();
    store.runs().append_event(run, exec, at + 20'000, "task.created",
                              R"({"task_id":)" + std::to_string(task_id) + "}");
    if (open) {
        return;
    }
    TaskAnswer answer;
    answer.outcome = i % 5 == 1 ? "reject" : "approve";
    answer.responder = task.assignees.users.front();
    answer.response_json = R"({"comment":"looks good","ticket":"MLOPS-1234"})";
    answer.at = at + 600'000;
    store.tasks().answer(task_id, answer).value();
    StepResult done;
    done.outcome = answer.outcome;
    store.runs().finish_step(exec, done, answer.at).value();
    store.runs().set_current_step(run, std::nullopt, answer.at).value();
    store.runs().set_run_state(run, RunState::succeeded, answer.at).value();
    store.runs().append_event(run, std::nullopt, answer.at, "run.succeeded", "{}");
}

}  // namespace

int seed(int argc, char** argv) {
    Options options;
    if (!parse(argc, argv, options)) {
        std::cerr << "usage: seed_api_db --db PATH [--runs N] [--tasks M (<= N)]\n";
        return 2;
    }
    if (std::filesystem::exists(options.db)) {
        std::cerr << "seed_api_db: " << options.db << " exists; give a new file\n";
        return 2;
    }
    // SQLite frees and re-allocates a large zeroed buffer per statement; without this glibc returns
    // it to the kernel every time and the page faults cost more than the inserts.
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 64 << 20);
    const auto started = std::chrono::steady_clock::now();
    Store store(options.db);
    const Millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
    const Millis first = now - options.runs * kRunSpacingMs;
    const Definitions defs = define_workflows(store, first);
    // Every (runs / tasks)-th run is an approval run; one approval in five (the newest ones first,
    // then spread out) is still open.
    const long every = options.tasks > 0 ? options.runs / options.tasks : 0;
    long tasks = 0;
    long open = 0;
    for (long begin = 0; begin < options.runs; begin += kRunsPerTransaction) {
        auto tx = store.transaction();
        for (long i = begin; i < std::min(options.runs, begin + kRunsPerTransaction); ++i) {
            const Millis at = first + i * kRunSpacingMs;
            if (every > 0 && i % every == 0 && tasks < options.tasks) {
                const bool is_open = tasks % 5 == 0;
                approval_run(store, defs, i, is_open, at);
                ++tasks;
                open += is_open ? 1 : 0;
            } else {
                batch_run(store, defs, i, at);
            }
        }
        tx.commit();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("seeded_runs %ld\nseeded_tasks %ld\nseeded_open_tasks %ld\nseed_seconds %.1f\n", options.runs,
                tasks, open, seconds);
    return 0;
}

int main(int argc, char** argv) {
    try {
        return seed(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "seed_api_db: " << e.what() << "\n";
        return 1;
    }
}
