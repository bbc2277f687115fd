#pragma once

// The engine integration harness: a fake Livy on its own thread (it outlives engine
// "generations"), a temp-file database, and engine generations that can crash (their io_context
// is stopped and abandoned, exactly as kill -9 leaves things) and be rebooted on the same files.

#include "livy_client/client.hpp"
#include "orchestrator/engine/clock.hpp"
#include "orchestrator/engine/engine.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/fake_livy/threaded_fake.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace steward::engine_tests {

using store::Millis;
using store::RowId;

/// 2024-05-01T06:00:00Z: where every test's manual clock starts.
inline constexpr Millis kT0 = 1'714'543'200'000;

using fake_livy::FakeLivyThread;

/// What every generation's notifier sent, and every event the observers saw (shared across
/// generations).
struct Record {
    struct Sent {
        std::string channel;
        engine::NotifyMessage message;
    };
    std::vector<Sent> sent;
    std::vector<engine::EngineEvent> events;
    std::vector<std::string> log_lines;
    std::function<void(const engine::EngineEvent&)> on_event;  ///< test hook (e.g. crash here)
};

/// Records messages instead of sending them; channel "broken" fails.
class RecordingNotifier final : public engine::Notifier {
public:
    RecordingNotifier(const engine::EngineSettings& settings, Record& record)
        : Notifier(settings), record_(record) {}
    boost::asio::awaitable<boost::system::result<void, std::string>> send(
        std::string_view channel, const engine::NotifyMessage& message) override;

private:
    Record& record_;
};

/// Observer feeding `Record`.
class RecordingObserver final : public engine::EngineObserver {
public:
    explicit RecordingObserver(Record& record) : record_(record) {}
    void on_event(const engine::EngineEvent& event) override;
    void on_log_lines(RowId run_id, RowId step_exec_id, std::string_view step_id, std::int64_t first_seq,
                      std::span<const std::string> lines) override;

private:
    Record& record_;
};

/// One engine process: clock, loop, store, Livy client, engine.
struct Generation {
    Generation(const std::string& db_path, const std::string& livy_url, Millis now,
               engine::EngineSettings settings, engine::EngineObserver* observer,
               std::unique_ptr<engine::Notifier> notifier,
               std::chrono::milliseconds livy_request_timeout = std::chrono::milliseconds(5'000));

    engine::ManualClock clock;  // first: waiters' frames die with the loop, after it
    boost::asio::io_context io{1};
    store::Store store;
    livy::Client client;
    engine::Engine engine;
};

/// Options for `EngineHarness`.
struct HarnessOptions {
    fake_livy::FakeLivyOptions fake;
    bool real_notifier = false;  ///< use the channels of the settings instead of recording
    /// The Livy client's per-attempt request deadline (slow-reply tests shorten it).
    std::chrono::milliseconds livy_request_timeout{5'000};
};

/// Fake Livy + database + the current engine generation.
class EngineHarness {
public:
    explicit EngineHarness(HarnessOptions options = {});
    ~EngineHarness();
    EngineHarness(const EngineHarness&) = delete;
    EngineHarness& operator=(const EngineHarness&) = delete;

    /// Settings used by `boot` (change before booting).
    engine::EngineSettings settings;

    /// Starts a new generation on the same database and fake Livy, with the clock at `now()`;
    /// `start` also calls Engine::start (resume + cron).
    void boot(bool start = true);
    /// Kill -9: stops the loop mid-flight and abandons the generation (never destroyed).
    void crash();

    engine::Engine& engine() { return gen_->engine; }
    store::Store& store() { return gen_->store; }
    engine::ManualClock& clock() { return gen_->clock; }
    boost::asio::io_context& io() { return gen_->io; }
    FakeLivyThread& livy() { return *fake_; }
    Record& record() { return record_; }
    const std::filesystem::path& dir() const { return dir_; }

    /// Adds the workflow (failing the test on diagnostics) and starts a run.
    RowId start(std::string_view yaml, const std::map<std::string, core::Value>& params = {});
    /// Runs the loop until `done()` or `timeout` (real time); false on timeout.
    bool run_until(const std::function<bool()>& done,
                   std::chrono::milliseconds timeout = std::chrono::seconds(15));
    /// Runs the loop until nothing is ready to run right now (no waiting for I/O or time).
    void settle();
    /// Runs the loop until the latest attempt of `step_id` has a Livy object of `kind` with an id,
    /// and returns that id as stored (empty on timeout).
    std::string livy_id(RowId run_id, std::string_view step_id,
                        store::LivyKind kind = store::LivyKind::batch);
    /// Runs until the run is terminal; its state (failed on timeout, with a test error).
    store::RunState finish(RowId run_id, std::chrono::milliseconds timeout = std::chrono::seconds(15));
    /// Moves the manual clock (and wakes what is due).
    void advance(std::chrono::milliseconds by);

    [[nodiscard]] Millis now() const { return now_; }
    store::Run run(RowId run_id) { return store().runs().get_run(run_id).value(); }
    store::StepExecution step(RowId run_id, std::string_view step_id) {
        return store().runs().latest_step(run_id, step_id).value();
    }
    /// The state of the step's latest attempt; empty while it has not begun.
    std::optional<store::StepState> state_of(RowId run_id, std::string_view step_id) {
        auto exec = store().runs().latest_step(run_id, step_id);
        return exec ? std::optional<store::StepState>(exec->state) : std::nullopt;
    }
    boost::json::object outputs(RowId run_id, std::string_view step_id);
    std::vector<std::string> log(RowId run_id, std::string_view step_id);
    /// Event types of a run, in order (from the store).
    std::vector<std::string> events(RowId run_id);
    /// True when the run's history has an event of `type`.
    bool has_event(RowId run_id, std::string_view type);
    /// The open task of a run, if any.
    std::optional<store::UserTask> open_task(RowId run_id);

private:
    std::filesystem::path dir_;
    std::string db_path_;
    std::unique_ptr<FakeLivyThread> fake_;
    Record record_;
    RecordingObserver observer_{record_};
    bool real_notifier_;
    std::chrono::milliseconds livy_request_timeout_;
    Millis now_ = kT0;
    std::unique_ptr<Generation> gen_;
};

}  // namespace steward::engine_tests
