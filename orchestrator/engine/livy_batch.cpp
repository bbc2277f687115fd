// Executor of livy_batch steps: intent before submit, re-attach by id or name, poll the state,
// follow the log (persisted incrementally), STEWARD_OUTPUT lines become outputs.

#include "orchestrator/engine/batch_list_poller.hpp"
#include "orchestrator/engine/job_failure.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/livy_app_info.hpp"
#include "orchestrator/engine/livy_common.hpp"
#include "orchestrator/engine/livy_outage.hpp"
#include "orchestrator/store/store.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::optional<livy::BatchRequest> build_request(StepCall& call, const core::LivyBatchStep& body,
                                                std::string& error) {
    FieldRenderer render(call.lookup, call.spec, call.step);
    livy::BatchRequest request;
    fill_common(request, core::effective_livy(call.spec, body.livy), render, call.services.settings);
    request.file = livy_path(call.services.settings, render.render(body.file, "file"));
    if (!body.class_name.empty()) {
        request.class_name = render.render(body.class_name, "class_name");
    }
    if (!body.args.empty()) {
        request.args = render.render_all(body.args, "args");
    }
    if (!render.ok()) {
        error = render.error();
        return std::nullopt;
    }
    return request;
}

/// Makes sure the handle has a Livy id: looks a possibly-submitted batch up by name, submits
/// only when Livy has never heard of it. Returns an outcome when the step must end instead.
asio::awaitable<std::optional<StepOutcome>> ensure_submitted(StepCall& call, const core::LivyBatchStep& body,
                                                             store::LivyHandle& handle, bool may_exist) {
    co_return co_await ensure_created_by(
        call, handle, may_exist, "batch",
        [&](std::string& error) { return build_request(call, body, error); },
        [](livy::Client& client, const std::string& name) { return client.find_batch_by_name(name); },
        [](livy::Client& client, livy::BatchRequest request) {
            return client.create_batch(std::move(request));
        });
}

livy::LogFollowerState restore_follower(StepCall& call, const store::LivyHandle& handle) {
    if (handle.follower_state.empty()) {
        return {};
    }
    auto state = livy::LogFollowerState::from_json(handle.follower_state);
    if (!state) {
        Transition t(call.services, &call.run);
        t.event(call.run.id, call.exec.id, call.step.id, "step.warning",
                {{"message", "the stored log position is unreadable (" + state.error().message +
                                 "); the log is followed from its start again"}});
        t.commit();
        return {};
    }
    return *state;
}

// What one poll saw of the batch: from its entry in the shared list round, or its own GET.
struct Observation {
    livy::BatchState state = livy::BatchState::unknown;
    std::string state_text;
    std::optional<livy::Batch> entry;  ///< the list entry (appId, appInfo, log tail), when listed
};

// When a batch's log is fetched. Without a list entry (per-batch polling, or a round that did not
// list it): on a state change, at the end, and every `livy_log_interval`. With one: on a state
// change, at the end, when the entry's log tail differs from the tail seen at the last fetch (at
// most every `livy_log_interval`), and every `livy_log_refresh`.
class LogSchedule {
public:
    using Clock = std::chrono::steady_clock;

    [[nodiscard]] bool due(const EngineSettings& settings, const Observation& seen, bool changed,
                           bool terminal, Clock::time_point now) {
        if (terminal || changed || last_ == Clock::time_point{}) {
            return true;
        }
        const auto since = now - last_;
        if (!seen.entry || seen.entry->log.empty()) {
            return since >= settings.livy_log_interval;  // nothing to compare: as without a list
        }
        if (seen.entry->log != fetched_tail_) {
            dirty_ = true;
        }
        return (dirty_ && since >= settings.livy_log_interval) || since >= settings.livy_log_refresh;
    }
    /// A fetch was attempted at `now`; `ok` when it succeeded (its lines are stored).
    void fetched(const Observation& seen, Clock::time_point now, bool ok) {
        last_ = now;
        if (ok && seen.entry) {
            fetched_tail_ = seen.entry->log;
            dirty_ = false;
        }
    }

private:
    Clock::time_point last_{};
    std::vector<std::string> fetched_tail_;
    bool dirty_ = true;
};

/// The outcome of a batch that ended in failure state `state`: the cause from its stored log.
StepOutcome batch_failed(StepCall& call, const livy::Id& batch_id, const std::string& state,
                         json::object outputs) {
    outputs["batch_id"] = batch_id;
    StepOutcome outcome =
        failed(with_cause(call.subject() + ": batch " + batch_id + " ended in state " + state,
                          stored_failure_cause(call.services.store, call.exec.id)));
    outcome.outputs = std::move(outputs);
    return outcome;
}

asio::awaitable<StepOutcome> follow(StepCall& call, store::LivyHandle& handle) {
    auto& s = call.services;
    const livy::Id batch_id = *handle.livy_id;
    livy::LogFollower follower(s.livy, livy::LogSource::batch, batch_id, restore_follower(call, handle));
    std::int64_t next_seq = s.store.livy().next_log_seq(call.exec.id);
    json::object outputs = object_from_text(call.exec.outputs_json.value_or(""));
    bool warned = false;
    UndecodableReplies undecodable;
    LivyOutage outage;
    LogSchedule logs;
    bool log_warned = false;
    // A failure state (dead, killed) seen in the last look: the step fails only when the next
    // look confirms it, since Livy may report a wrong final state and correct it (LIVY-620).
    bool failure_seen = false;
    std::optional<BatchListPoller::Subscription> listed;
    if (s.batch_list != nullptr) {
        listed.emplace(s.batch_list->subscribe(batch_id));
    }
    for (bool first = true;; first = false) {
        Observation seen;
        if (listed) {
            auto sighting = co_await listed->next();  // waits for the next round (one interval)
            if (sighting.kind == BatchSighting::Kind::listed) {
                seen.state = sighting.batch.state;
                seen.state_text = sighting.batch.state_text;
                seen.entry = std::move(sighting.batch);
            }
        } else if (!first) {
            co_await pause(s);
        }
        if (!seen.entry) {
            // Per-batch polling, or the list did not hold the batch (forgotten, paged away) or failed.
            auto state = co_await s.livy.batch_state(batch_id);
            if (!state) {
                throw_if_cancelled(state.error());
                if (state.error().code == livy::Errc::not_found) {
                    if (failure_seen) {  // it ended so, and Livy forgot it right after
                        const std::string ended_in = handle.state;
                        record_livy_state(call, handle, ended_in, true);
                        co_return batch_failed(call, batch_id, ended_in, std::move(outputs));
                    }
                    record_livy_state(call, handle, "gone", true);
                    co_return failed(gone_message(call, "batch", batch_id));
                }
                if (undecodable.give_up(call, state.error())) {
                    co_return failed(UndecodableReplies::message(call, state.error()));
                }
                if (!is_transient(state.error())) {
                    co_return failed(call.subject() + ": polling batch " + batch_id +
                                     " failed: " + state.error().describe());
                }
                if (!warned) {
                    Transition t(s, &call.run);
                    t.event(call.run.id, call.exec.id, call.step.id, "livy.warning",
                            {{"livy_id", batch_id}, {"error", state.error().describe()}});
                    t.commit();
                    warned = true;
                }
                if (is_outage(state.error())) {
                    co_await outage.wait(call, state.error());  // backoff; the step goes on
                }
                continue;  // the next round (or pause) is the wait
            }
            seen.state = state->state;
            seen.state_text = state->state_text;
        }
        warned = false;
        outage.answered(call);
        undecodable.reset();
        const bool changed = seen.state_text != handle.state;
        const bool final_state = livy::is_terminal_batch(seen.state);
        const bool failure = final_state && seen.state != livy::SessionState::success;
        const bool terminal = final_state && (!failure || (failure_seen && !changed));
        failure_seen = failure;
        const auto now = std::chrono::steady_clock::now();
        if (logs.due(s.settings, seen, changed, terminal, now)) {
            auto lines = co_await follower.poll();
            if (!lines) {
                throw_if_cancelled(lines.error());
                if (!log_warned) {  // the outcome never depends on the log: say it is incomplete
                    Transition t(s, &call.run);
                    t.event(call.run.id, call.exec.id, call.step.id, "livy.warning",
                            {{"livy_id", batch_id},
                             {"error", "the batch log cannot be read: " + lines.error().describe()}});
                    t.commit();
                    log_warned = true;
                }
            } else if (!lines->empty()) {
                store_log_lines(call, handle.id, *lines, follower.state(), next_seq, outputs);
            }
            logs.fetched(seen, now, lines.has_value());
        }
        if (changed || terminal) {
            record_livy_state(call, handle, seen.state_text, terminal);
        }
        if (changed) {
            // appId and the driver log / Spark UI links appear as the application runs; a list
            // entry carries them, a state reply does not.
            if (seen.entry) {
                record_app_info(call, handle, seen.entry->app_id, seen.entry->app_info);
            } else {
                auto batch = co_await s.livy.get_batch(batch_id);
                if (batch) {
                    record_app_info(call, handle, batch->app_id, batch->app_info);
                } else {
                    throw_if_cancelled(batch.error());
                }
            }
        }
        if (terminal) {
            if (seen.state == livy::SessionState::success) {
                outputs["batch_id"] = batch_id;
                StepOutcome outcome;
                outcome.outputs = std::move(outputs);
                co_return outcome;
            }
            co_return batch_failed(call, batch_id, seen.state_text, std::move(outputs));
        }
    }
}

}  // namespace

asio::awaitable<StepOutcome> execute_livy_batch(StepCall& call) {
    const auto& body = std::get<core::LivyBatchStep>(call.step.body);
    auto& s = call.services;
    auto found = s.store.livy().find_handle(call.exec.id, store::LivyKind::batch);
    const bool resumed = found.has_value();
    store::LivyHandle handle;
    if (found) {
        handle = std::move(found).value();
    } else {
        std::string error;
        if (!build_request(call, body, error)) {
            co_return failed(error, false);  // nothing recorded, nothing submitted
        }
        Transition t(s, &call.run);
        handle = t.store()
                     .livy()
                     .record_intent(call.exec.id, store::LivyKind::batch, std::nullopt, t.now())
                     .value();
        t.event(call.run.id, call.exec.id, call.step.id, "livy.intent",
                {{"kind", "batch"}, {"name", handle.name}});
        t.commit();
        call.run.open_handles.insert(handle.id);
    }
    if (handle.terminal && handle.livy_id == std::nullopt) {
        co_return failed(call.subject() + ": the batch was never submitted (" + handle.state + ")");
    }
    if (handle.terminal && handle.livy_id) {
        // It ended before a crash; its log was stored before its terminal state was.
        json::object outputs = object_from_text(call.exec.outputs_json.value_or(""));
        outputs["batch_id"] = *handle.livy_id;
        StepOutcome outcome = handle.state == "success"
                                  ? StepOutcome{}
                                  : failed(with_cause(call.subject() + ": batch " + *handle.livy_id +
                                                          " ended in state " + handle.state,
                                                      stored_failure_cause(s.store, call.exec.id)));
        outcome.outputs = std::move(outputs);
        co_return outcome;
    }
    if (resumed && handle.livy_id) {
        Transition t(s, &call.run);
        t.event(call.run.id, call.exec.id, call.step.id, "livy.reattached",
                {{"kind", "batch"}, {"livy_id", *handle.livy_id}, {"name", handle.name}, {"by", "id"}});
        t.commit();
    }
    if (auto ended = co_await ensure_submitted(call, body, handle, resumed)) {
        co_return std::move(*ended);
    }
    co_return co_await follow(call, handle);
}

}  // namespace steward::engine::detail
