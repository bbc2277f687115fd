#include "orchestrator/engine/engine_context.hpp"

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/transition_log.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>

namespace steward::engine::detail {

namespace asio = boost::asio;

Wakeup::Wakeup(const asio::any_io_executor& executor)
    : timer_(executor, asio::steady_timer::time_point::max()) {}

void Wakeup::notify() {
    pending_ = true;
    timer_.cancel();
}

asio::awaitable<void> Wakeup::wait() {
    if (!pending_) {
        timer_.expires_at(asio::steady_timer::time_point::max());
        auto [ec] = co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
        (void)ec;  // cancelled by notify() or by the awaiting operation's cancellation
    }
    pending_ = false;
}

void Services::publish(std::span<const EngineEvent> events) const {
    if (observer == nullptr) {
        return;
    }
    for (const auto& event : events) {
        observer->on_event(event);
    }
}

void Services::publish_log(store::RowId run_id, store::RowId step_exec_id, std::string_view step_id,
                           std::int64_t first_seq, std::span<const std::string> lines) const {
    if (observer != nullptr && !lines.empty()) {
        observer->on_log_lines(run_id, step_exec_id, step_id, first_seq, lines);
    }
}

void Services::step_ended(std::string_view type, store::StepState state, const store::StepExecution& exec,
                          Millis now) const {
    if (settings.on_step_end) {
        const Millis began = exec.started_at.value_or(exec.created_at);
        settings.on_step_end(type, store::to_string(state),
                             static_cast<double>(std::max<Millis>(0, now - began)) / 1000.0);
    }
}

struct Transition::Tx {
    explicit Tx(store::Store& store) : tx(store.transaction()) {}
    store::Transaction tx;
};

Transition::Transition(Services& services, ActiveRun* run) : services_(services), run_(run) {
    if (run != nullptr && run->interrupted) {
        throw RunInterrupted{};
    }
    tx_ = std::make_unique<Tx>(services.store);
    now_ = services.clock.now();
}

Transition::~Transition() = default;

void Transition::event(store::RowId run_id, std::optional<store::RowId> step_exec_id,
                       std::string_view step_id, std::string_view type, const boost::json::object& payload) {
    EngineEvent event;
    event.run_id = run_id;
    event.step_exec_id = step_exec_id;
    event.step_id = std::string(step_id);
    event.type = std::string(type);
    boost::json::object body = payload;
    if (!step_id.empty() && !body.contains("step")) {
        body["step"] = step_id;
    }
    event.payload_json = json_text(body);
    event.at = now_;
    services_.store.runs().append_event(run_id, step_exec_id, now_, event.type, event.payload_json);
    if (ends_run_or_step(type)) {
        std::string workflow = run_ != nullptr && run_->id == run_id && run_->spec ? run_->spec->name : "";
        if (workflow.empty()) {
            if (auto run = services_.store.runs().get_run(run_id)) {
                workflow = run->workflow_name;
            }
        }
        if (auto line = end_log_line(event, workflow)) {
            end_lines_.push_back(std::move(*line));
        }
    }
    events_.push_back(std::move(event));
}

void Transition::commit() {
    if (services_.settings.before_commit) {
        std::vector<std::string> types;
        for (const auto& event : events_) {
            types.push_back(event.type);
        }
        services_.settings.before_commit(types);
    }
    tx_->tx.commit();
    if (run_ != nullptr) {
        ++run_->commits;
    }
    if (!end_lines_.empty()) {
        auto logger = spdlog::get("engine");
        for (const auto& line : end_lines_) {
            (logger ? logger : spdlog::default_logger())->info("{}", line);
        }
        end_lines_.clear();
    }
    services_.publish(events_);
    events_.clear();
}

}  // namespace steward::engine::detail
