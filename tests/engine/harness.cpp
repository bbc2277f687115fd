#include "tests/engine/harness.hpp"

#include "orchestrator/engine/json_values.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>

namespace steward::engine_tests {

namespace asio = boost::asio;

asio::awaitable<boost::system::result<void, std::string>> RecordingNotifier::send(
    std::string_view channel, const engine::NotifyMessage& message) {
    record_.sent.push_back(Record::Sent{std::string(channel), message});
    if (channel == "broken") {
        co_return std::string("notify channel 'broken': POST http://127.0.0.1:9/ answered HTTP 500");
    }
    co_return boost::system::result<void, std::string>{};
}

void RecordingObserver::on_event(const engine::EngineEvent& event) {
    record_.events.push_back(event);
    if (record_.on_event) {
        record_.on_event(event);
    }
}

void RecordingObserver::on_log_lines(RowId, RowId, std::string_view, std::int64_t,
                                     std::span<const std::string> lines) {
    record_.log_lines.insert(record_.log_lines.end(), lines.begin(), lines.end());
}

namespace {

livy::ClientConfig client_config(const std::string& url, std::chrono::milliseconds request_timeout) {
    livy::ClientConfig config;
    config.base_url = url;
    config.requested_by = "steward-engine-tests";
    config.connect_timeout = livy::Millis(2'000);
    config.request_timeout = request_timeout;
    config.retry.initial_delay = livy::Millis(5);
    config.retry.max_delay = livy::Millis(20);
    config.retry.jitter = 0;
    config.poll.initial = livy::Millis(5);
    config.poll.max = livy::Millis(20);
    return config;
}

std::filesystem::path make_temp_dir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "steward-engine-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("cannot create a temp directory");
    }
    return pattern;
}

}  // namespace

Generation::Generation(const std::string& db_path, const std::string& livy_url, Millis now,
                       engine::EngineSettings settings, engine::EngineObserver* observer,
                       std::unique_ptr<engine::Notifier> notifier,
                       std::chrono::milliseconds livy_request_timeout)
    : clock(now),
      store(db_path),
      client(io.get_executor(), client_config(livy_url, livy_request_timeout)),
      engine(io.get_executor(), store, client, clock, std::move(settings), observer, std::move(notifier)) {}

EngineHarness::EngineHarness(HarnessOptions options)
    : dir_(make_temp_dir()),
      db_path_((dir_ / "steward.db").string()),
      fake_(std::make_unique<FakeLivyThread>(std::move(options.fake))),
      real_notifier_(options.real_notifier),
      livy_request_timeout_(options.livy_request_timeout) {
    settings.livy_poll_interval = std::chrono::milliseconds(5);
    settings.livy_log_interval = std::chrono::milliseconds(5);
    settings.livy_cleanup_timeout = std::chrono::milliseconds(2'000);
    settings.jobs_dir = dir_ / "jobs";
    settings.data_roots = {dir_};  // local inputs of the tests live in the harness's directory
    std::filesystem::create_directories(settings.jobs_dir);
}

EngineHarness::~EngineHarness() {
    if (gen_) {
        bool done = false;
        struct Done {
            bool* flag;
            void operator()(std::exception_ptr) const { *flag = true; }
        };
        asio::co_spawn(gen_->io, gen_->engine.shutdown(), Done{&done});
        run_until([&] { return done; }, std::chrono::seconds(10));
        gen_.reset();
    }
    fake_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

void EngineHarness::boot(bool start) {
    std::unique_ptr<engine::Notifier> notifier;
    if (!real_notifier_) {
        notifier = std::make_unique<RecordingNotifier>(settings, record_);
    }
    gen_ = std::make_unique<Generation>(db_path_, fake_->base_url(), now_, settings, &observer_,
                                        std::move(notifier), livy_request_timeout_);
    if (start) {
        gen_->engine.start();
    }
}

void EngineHarness::crash() {
    gen_->io.stop();
    // Deliberately never destroyed: nothing of a killed process runs again. Kept reachable so
    // LeakSanitizer does not report it.
    static auto* graveyard = new std::vector<std::unique_ptr<Generation>>();
    graveyard->push_back(std::move(gen_));
    record_.on_event = nullptr;
}

RowId EngineHarness::start(std::string_view yaml, const std::map<std::string, core::Value>& params) {
    auto added = engine().add_workflow(yaml, "test.yaml");
    BOOST_REQUIRE_MESSAGE(added.has_value(), (added ? std::string() : added.error().message));
    auto run_id = engine().start_run(added->spec->name, params, "test");
    BOOST_REQUIRE_MESSAGE(run_id.has_value(), (run_id ? std::string() : run_id.error().message));
    return *run_id;
}

std::string EngineHarness::livy_id(RowId run_id, std::string_view step_id, store::LivyKind kind) {
    std::string id;
    run_until([&] {
        auto exec = store().runs().latest_step(run_id, step_id);
        if (!exec) {
            return false;
        }
        auto handle = store().livy().find_handle(exec->id, kind);
        if (handle && handle->livy_id) {
            id = *handle->livy_id;
        }
        return !id.empty();
    });
    return id;
}

bool EngineHarness::run_until(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        if (gen_->io.stopped()) {
            gen_->io.restart();
        }
        gen_->io.run_one_for(std::chrono::milliseconds(2));
    }
    return true;
}

void EngineHarness::settle() {
    for (int i = 0; i < 1000; ++i) {
        gen_->io.restart();
        if (gen_->io.poll() == 0) {
            return;
        }
    }
}

store::RunState EngineHarness::finish(RowId run_id, std::chrono::milliseconds timeout) {
    const bool done = run_until([&] { return store::is_terminal(run(run_id).state); }, timeout);
    BOOST_TEST(
        done, "run " << run_id << " did not finish; events: " << [&] {
            std::string all;
            for (const auto& type : events(run_id)) {
                all += type + " ";
            }
            return all;
        }());
    return run(run_id).state;
}

void EngineHarness::advance(std::chrono::milliseconds by) {
    now_ += by.count();
    if (gen_) {  // while "down", only the time the next generation starts at moves
        gen_->clock.set_now(now_);
        settle();
    }
}

boost::json::object EngineHarness::outputs(RowId run_id, std::string_view step_id) {
    return engine::object_from_text(step(run_id, step_id).outputs_json.value_or(""));
}

std::vector<std::string> EngineHarness::log(RowId run_id, std::string_view step_id) {
    std::vector<std::string> lines;
    for (const auto& line : store().livy().get_log(step(run_id, step_id).id, 0, 10000).value()) {
        lines.push_back(line.line);
    }
    return lines;
}

std::vector<std::string> EngineHarness::events(RowId run_id) {
    std::vector<std::string> types;
    for (const auto& event : store().runs().list_events(run_id, 0, 10000).value()) {
        types.push_back(event.type);
    }
    return types;
}

bool EngineHarness::has_event(RowId run_id, std::string_view type) {
    for (const auto& t : events(run_id)) {
        if (t == type) {
            return true;
        }
    }
    return false;
}

std::optional<store::UserTask> EngineHarness::open_task(RowId run_id) {
    store::TaskFilter filter;
    filter.run_id = run_id;
    auto tasks = store().tasks().list(filter).value();
    if (tasks.empty()) {
        return std::nullopt;
    }
    return tasks.front();
}

}  // namespace steward::engine_tests
