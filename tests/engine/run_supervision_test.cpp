// No orphaned run (docs/engine.md, "Supervision"): a run whose coroutine fails unexpectedly is
// re-driven with backoff (condition `retrying`), failed after the bound (or marked `stuck`), and a
// supervisor re-drives unfinished runs that no coroutine drives. The process running out of file
// descriptors is a Livy connection failure like any other, never a cancellation.

#include "tests/engine/harness.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/test/unit_test.hpp>

#include "orchestrator/engine/run_supervisor.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <stdexcept>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kNotify = R"(name: told
steps:
  - {id: first, type: notify, channel: ops, message: one}
  - {id: second, type: notify, channel: ops, message: two}
)";

constexpr std::string_view kBatch = R"(name: batched
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)";

/// Short supervision delays for the tests.
void quick_supervision(EngineHarness& h, int retry_limit = 5) {
    h.settings.run_retry_limit = retry_limit;
    h.settings.run_retry_delay = 10ms;
    h.settings.run_retry_max_delay = 40ms;
    h.settings.supervise_interval = 50ms;
}

/// Throws (like a failing store call) while committing a transition holding an event of
/// `type`, `times` times (negative: every time).
struct FaultInjector {
    std::string type;
    int times = 1;
    int thrown = 0;
    void operator()(const std::vector<std::string>& types) {
        if (times == 0) {
            return;
        }
        for (const auto& t : types) {
            if (type == "*" || t == type) {
                if (times > 0) {
                    --times;
                }
                ++thrown;
                throw std::runtime_error("injected store failure");
            }
        }
    }
};

std::optional<std::string> condition_kind(EngineHarness& h, RowId run) {
    const auto record = h.run(run);
    return record.condition ? std::optional<std::string>(record.condition->kind) : std::nullopt;
}

std::size_t count_events(EngineHarness& h, RowId run, std::string_view type) {
    std::size_t n = 0;
    for (const auto& event : h.events(run)) {
        n += event == type ? 1U : 0U;
    }
    return n;
}

/// Holds the process at its file-descriptor limit: the soft RLIMIT_NOFILE lowered to just above
/// the highest open descriptor and every free number below it taken. Restores both on `release`
/// (and destruction), so the other tests of the executable are unaffected.
class FdExhaustion {
public:
    FdExhaustion() {
        BOOST_REQUIRE(::getrlimit(RLIMIT_NOFILE, &saved_) == 0);
        int highest = 2;
        for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) {
            highest = std::max(highest, std::stoi(entry.path().filename().string()));
        }
        rlimit lowered = saved_;
        lowered.rlim_cur = static_cast<rlim_t>(highest + 1);
        BOOST_REQUIRE(::setrlimit(RLIMIT_NOFILE, &lowered) == 0);
        active_ = true;
        for (;;) {
            const int fd = ::dup(0);
            if (fd < 0) {
                break;
            }
            taken_.push_back(fd);
        }
    }
    ~FdExhaustion() { release(); }
    FdExhaustion(const FdExhaustion&) = delete;
    FdExhaustion& operator=(const FdExhaustion&) = delete;

    void release() {
        if (!active_) {
            return;
        }
        for (const int fd : taken_) {
            ::close(fd);
        }
        taken_.clear();
        ::setrlimit(RLIMIT_NOFILE, &saved_);
        active_ = false;
    }

private:
    rlimit saved_{};
    std::vector<int> taken_;
    bool active_ = false;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(run_supervision)

BOOST_AUTO_TEST_CASE(redrive_delays_double_up_to_the_cap) {
    engine::EngineSettings settings;
    settings.run_retry_delay = 1s;
    settings.run_retry_max_delay = 5min;
    BOOST_TEST(engine::detail::redrive_delay(settings, 1).count() == 1'000);
    BOOST_TEST(engine::detail::redrive_delay(settings, 2).count() == 2'000);
    BOOST_TEST(engine::detail::redrive_delay(settings, 5).count() == 16'000);
    BOOST_TEST(engine::detail::redrive_delay(settings, 40).count() == 300'000);
}

BOOST_AUTO_TEST_CASE(running_out_of_file_descriptors_is_a_connection_failure_not_an_orphan) {
    EngineHarness h;
    quick_supervision(h);
    h.boot();
    const RowId run = h.start(kBatch);
    {
        FdExhaustion exhausted;
        // The client cannot open a socket for a second: the run must keep being driven (without
        // the fix its coroutine ended on "livy call cancelled" and nothing drove it any more).
        const bool ended = h.run_until([&] { return h.engine().active_runs() == 0; }, 1s);
        exhausted.release();
        BOOST_TEST(!ended);
        BOOST_TEST(h.engine().active_runs() == 1U);
        BOOST_TEST(!store::is_terminal(h.run(run).state));
        // A connection failure waits inside the step: no coroutine ended on a "cancellation".
        BOOST_TEST((condition_kind(h, run) != std::optional<std::string>("retrying")));
    }
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.livy().count("POST", "/batches") == 1U);
    BOOST_TEST(!h.run(run).condition.has_value());
}

BOOST_AUTO_TEST_CASE(a_store_failure_mid_step_is_retried_from_the_last_committed_state) {
    EngineHarness h;
    quick_supervision(h);
    auto fault = std::make_shared<FaultInjector>(FaultInjector{"step.succeeded", 1});
    h.settings.before_commit = [fault](const std::vector<std::string>& types) { (*fault)(types); };
    h.boot();
    const RowId run = h.start(kNotify);
    BOOST_REQUIRE(
        h.run_until([&] { return condition_kind(h, run) == std::optional<std::string>("retrying"); }));
    const auto condition = h.run(run).condition.value();
    BOOST_TEST(condition.detail.find("injected store failure") != std::string::npos);
    BOOST_TEST(condition.detail.find("retry 1 of 5") != std::string::npos);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(fault->thrown == 1);
    BOOST_TEST(!h.run(run).condition.has_value());
    BOOST_TEST(count_events(h, run, "step.succeeded") == 2U);
    BOOST_TEST(count_events(h, run, "run.succeeded") == 1U);
}

BOOST_AUTO_TEST_CASE(a_failure_that_persists_fails_the_run_after_the_bound) {
    EngineHarness h;
    quick_supervision(h, 3);
    auto fault = std::make_shared<FaultInjector>(FaultInjector{"step.succeeded", -1});
    h.settings.before_commit = [fault](const std::vector<std::string>& types) { (*fault)(types); };
    h.boot();
    const RowId run = h.start(kNotify);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(fault->thrown == 4);  // the first drive and 3 re-drives
    const auto record = h.run(run);
    BOOST_TEST(record.error.value_or("").find("internal error: injected store failure") != std::string::npos);
    BOOST_TEST(record.error.value_or("").find("gave up after 3 re-drives") != std::string::npos);
    BOOST_TEST(!record.condition.has_value());
    BOOST_TEST(h.engine().active_runs() == 0U);
}

BOOST_AUTO_TEST_CASE(a_run_that_cannot_even_be_failed_is_stuck_then_re_driven_by_the_supervisor) {
    EngineHarness h;
    quick_supervision(h, 1);
    auto fault = std::make_shared<FaultInjector>(FaultInjector{"*", 0});
    h.settings.before_commit = [fault](const std::vector<std::string>& types) { (*fault)(types); };
    h.boot();
    const RowId run = h.start(kNotify);
    fault->times = -1;                       // from the run's first transition on
    std::optional<store::RunState> awaited;  // what Engine::wait_for_run says (`steward run`)
    struct Awaited {
        std::optional<store::RunState>* out;
        void operator()(const std::exception_ptr&, store::RunState state) const { *out = state; }
    };
    boost::asio::co_spawn(h.io(), h.engine().wait_for_run(run), Awaited{&awaited});
    // Nothing can be committed: after the bound, failing the run fails too: `stuck`, no coroutine.
    BOOST_REQUIRE(h.run_until([&] { return condition_kind(h, run) == std::optional<std::string>("stuck"); }));
    BOOST_TEST(h.run(run).condition->detail.find("injected store failure") != std::string::npos);
    BOOST_TEST(h.run_until([&] { return h.engine().active_runs() == 0; }));
    BOOST_TEST((h.run(run).state == store::RunState::pending));
    BOOST_TEST(!awaited.has_value());  // not ended: it waits for the re-drive
    fault->times = 0;  // the database works again: the supervisor's next pass re-drives the run
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(!h.run(run).condition.has_value());
    BOOST_TEST(count_events(h, run, "run.succeeded") == 1U);
    BOOST_TEST(h.run_until([&] { return awaited.has_value(); }));
    BOOST_TEST((awaited == std::optional<store::RunState>(store::RunState::succeeded)));
}

BOOST_AUTO_TEST_CASE(the_supervisor_re_drives_a_run_no_coroutine_drives) {
    EngineHarness h;
    quick_supervision(h);
    h.boot();
    auto added = h.engine().add_workflow(kNotify, "test.yaml");
    BOOST_REQUIRE(added.has_value());
    // A run left in the store with nothing driving it (as a coroutine that vanished leaves it).
    const RowId run = h.store().runs().create_run(added->definition_id, "{}", "test", h.now());
    h.settle();
    BOOST_TEST(h.engine().active_runs() == 0U);
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    BOOST_TEST(h.record().sent.size() == 2U);
}

BOOST_AUTO_TEST_SUITE_END()
