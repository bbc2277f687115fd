// Executor of livy_batch steps: intent before submit, re-attach by id or name, poll the state,
// follow the log (persisted incrementally), STEWARD_OUTPUT lines become outputs.

#include "orchestrator/engine/job_failure.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/livy_app_info.hpp"
#include "orchestrator/engine/livy_common.hpp"
#include "orchestrator/store/store.hpp"

#include <chrono>

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

asio::awaitable<StepOutcome> follow(StepCall& call, store::LivyHandle& handle) {
    auto& s = call.services;
    const livy::Id batch_id = *handle.livy_id;
    livy::LogFollower follower(s.livy, livy::LogSource::batch, batch_id, restore_follower(call, handle));
    std::int64_t next_seq = s.store.livy().next_log_seq(call.exec.id);
    json::object outputs = object_from_text(call.exec.outputs_json.value_or(""));
    bool warned = false;
    UndecodableReplies undecodable;
    auto last_log = std::chrono::steady_clock::time_point{};
    for (;;) {
        auto state = co_await s.livy.batch_state(batch_id);
        if (!state) {
            throw_if_cancelled(state.error());
            if (state.error().code == livy::Errc::not_found) {
                record_livy_state(call, handle, "gone", true);
                co_return failed(call.subject() + ": batch " + batch_id + " ('" + handle.name +
                                 "') is no longer known to Livy (deleted or garbage-collected)");
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
            co_await pause(s);
            continue;
        }
        warned = false;
        undecodable.reset();
        const bool terminal = livy::is_terminal_batch(state->state);
        const auto now = std::chrono::steady_clock::now();
        if (terminal || state->state_text != handle.state || now - last_log >= s.settings.livy_log_interval) {
            last_log = now;
            auto lines = co_await follower.poll();
            if (!lines) {
                throw_if_cancelled(lines.error());
            } else if (!lines->empty()) {
                store_log_lines(call, handle.id, *lines, follower.state(), next_seq, outputs);
            }
        }
        if (state->state_text != handle.state) {
            record_livy_state(call, handle, state->state_text, terminal);
            // appId and the driver log / Spark UI links appear as the application runs.
            auto batch = co_await s.livy.get_batch(batch_id);
            if (batch) {
                record_app_info(call, handle, batch->app_id, batch->app_info);
            } else {
                throw_if_cancelled(batch.error());
            }
        }
        if (terminal) {
            outputs["batch_id"] = batch_id;
            if (state->state == livy::SessionState::success) {
                StepOutcome outcome;
                outcome.outputs = std::move(outputs);
                co_return outcome;
            }
            StepOutcome outcome = failed(
                with_cause(call.subject() + ": batch " + batch_id + " ended in state " + state->state_text,
                           stored_failure_cause(s.store, call.exec.id)));
            outcome.outputs = std::move(outputs);
            co_return outcome;
        }
        co_await pause(s);
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
