#include "orchestrator/store/store.hpp"
#include "tests/store/printers.hpp"
#include "tests/store/temp_db.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <string>
#include <vector>

using namespace steward::store;
using steward::store::test::TempDb;

namespace {

constexpr int kTransitions = 300;

// One durable step transition as the engine writes it: the step ends, an event is appended, the
// next step begins and the run's cursor moves, all in one commit.
RowId transition(Store& store, RowId run, RowId step, int i) {
    auto tx = store.transaction();
    if (!store.runs().finish_step(step, {.state = StepState::succeeded}, i)) {
        throw std::runtime_error("finish_step failed");
    }
    store.runs().append_event(run, step, i, "step.succeeded");
    const auto next = store.runs().begin_step(run, "s" + std::to_string(i + 1), 1, i);
    if (!next || !store.runs().set_current_step(run, std::string_view("s" + std::to_string(i + 1)), i)) {
        throw std::runtime_error("begin_step failed");
    }
    tx.commit();
    return *next;
}

struct Chain {
    RowId run;
    RowId step;
};

Chain start_chain(Store& store) {
    const RowId def = store.runs().upsert_definition("chain", "name: chain\n", "h", 0);
    const RowId run = store.runs().create_run(def, "{}", "manual", 0);
    return {run, *store.runs().begin_step(run, "s0", 1, 0)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(durability)

BOOST_AUTO_TEST_CASE(kill_9_loses_no_committed_write_and_keeps_no_uncommitted_one) {
    TempDb tmp;
    const pid_t pid = fork();
    BOOST_TEST_REQUIRE(pid >= 0);
    if (pid == 0) {
        // Child: no test assertions here; any failure shows as an exit status instead of SIGKILL.
        try {
            Store store(tmp.path());
            auto [run, step] = start_chain(store);
            for (int i = 0; i < kTransitions; ++i) {
                step = transition(store, run, step, i);
            }
            const std::vector<std::string> lines{"a", "b"};
            if (!store.livy().append_log_lines(step, 0, lines)) {
                _exit(3);
            }
            auto tx = store.transaction();
            store.runs().append_event(run, step, 9999, "never.committed");
            std::raise(SIGKILL);  // mid-transaction, connection never closed
        } catch (...) {
            _exit(2);
        }
        _exit(4);
    }
    int status = 0;
    BOOST_TEST_REQUIRE(waitpid(pid, &status, 0) == pid);
    BOOST_TEST_REQUIRE(WIFSIGNALED(status), "child exited with status " << WEXITSTATUS(status));
    BOOST_TEST(WTERMSIG(status) == SIGKILL);

    Store store(tmp.path());
    const auto runs = store.runs().unfinished_runs();
    BOOST_TEST_REQUIRE(runs.size() == 1u);
    const auto steps = store.runs().list_steps(runs[0].id);
    BOOST_TEST_REQUIRE(steps.size() == static_cast<std::size_t>(kTransitions + 1));
    BOOST_TEST(steps.back().state == StepState::running);
    BOOST_TEST(steps[kTransitions - 1].state == StepState::succeeded);
    BOOST_TEST(*runs[0].current_step == "s" + std::to_string(kTransitions));
    const auto events = store.runs().list_events(runs[0].id, 0, 10000);
    BOOST_TEST(events->size() == static_cast<std::size_t>(kTransitions));
    BOOST_TEST(events->back().type == "step.succeeded");
    BOOST_TEST(store.livy().next_log_seq(steps.back().id) == 2);
}

BOOST_AUTO_TEST_CASE(committed_transitions_per_second_on_a_file) {
    // A measurement for the report, not a pass/fail speed bound (the benchmark script owns that).
    TempDb tmp;
    constexpr int kCount = 2000;
    RowId run = 0;
    {
        Store store(tmp.path());
        auto chain = start_chain(store);
        run = chain.run;
        const auto start = std::chrono::steady_clock::now();
        for (int i = 0; i < kCount; ++i) {
            chain.step = transition(store, chain.run, chain.step, i);
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        BOOST_TEST_MESSAGE("store: " << kCount << " committed step transitions in " << seconds
                                     << " s = " << static_cast<long>(kCount / seconds)
                                     << "/s (WAL, synchronous=NORMAL)");
    }
    Store reopened(tmp.path());
    BOOST_TEST(reopened.runs().list_steps(run).size() == static_cast<std::size_t>(kCount + 1));
}

BOOST_AUTO_TEST_SUITE_END()
