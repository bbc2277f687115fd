#include "orchestrator/engine/livy_common.hpp"

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/livy_outage.hpp"
#include "orchestrator/store/store.hpp"

#include "livy_client/log_text.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

std::string livy_path(const EngineSettings& settings, const std::string& path) {
    constexpr std::string_view kJobs = "jobs/";
    if (path.rfind(kJobs, 0) != 0) {
        return path;
    }
    const std::string rest = path.substr(kJobs.size());
    if (!settings.jobs_uri.empty()) {
        std::string base = settings.jobs_uri;
        while (!base.empty() && base.back() == '/') {
            base.pop_back();
        }
        return base + "/" + rest;
    }
    const std::filesystem::path dir =
        settings.jobs_dir.empty() ? std::filesystem::path("jobs") : settings.jobs_dir;
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(dir, ec);
    return ((ec ? dir : absolute) / rest).lexically_normal().string();
}

namespace {

std::optional<std::vector<std::string>> paths(const std::vector<std::string>& in, std::string_view field,
                                              FieldRenderer& render, const EngineSettings& settings) {
    if (in.empty()) {
        return std::nullopt;
    }
    auto out = render.render_all(in, field);
    for (auto& path : out) {
        path = livy_path(settings, path);
    }
    return out;
}

std::optional<std::string> text(const std::string& value, std::string_view field, FieldRenderer& render) {
    if (value.empty()) {
        return std::nullopt;
    }
    return render.render(value, field);
}

}  // namespace

void fill_common(livy::CommonRequest& request, const core::LivyResources& resources, FieldRenderer& render,
                 const EngineSettings& settings) {
    request.jars = paths(resources.jars, "jars", render, settings);
    request.py_files = paths(resources.py_files, "py_files", render, settings);
    request.files = paths(resources.files, "files", render, settings);
    request.archives = paths(resources.archives, "archives", render, settings);
    if (!resources.conf.empty()) {
        request.conf = render.render_values(resources.conf, "conf");
    }
    request.driver_memory = text(resources.driver_memory, "driver_memory", render);
    request.executor_memory = text(resources.executor_memory, "executor_memory", render);
    request.queue = text(resources.queue, "queue", render);
    request.proxy_user = text(resources.proxy_user, "proxy_user", render);
    if (resources.driver_cores) {
        request.driver_cores = *resources.driver_cores;
    }
    if (resources.executor_cores) {
        request.executor_cores = *resources.executor_cores;
    }
    if (resources.num_executors) {
        request.num_executors = *resources.num_executors;
    }
}

bool is_transient(const livy::Error& error) noexcept {
    switch (error.code) {
        case livy::Errc::timeout:
        case livy::Errc::connection:
        case livy::Errc::bad_response: return true;
        case livy::Errc::http_status: return error.http_status >= 500;
        default: return false;
    }
}

void throw_if_cancelled(const livy::Error& error) {
    if (error.code == livy::Errc::cancelled) {
        throw boost::system::system_error(asio::error::operation_aborted, "livy call cancelled");
    }
}

asio::awaitable<void> pause_for(std::chrono::milliseconds delay) {
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::use_awaitable);
}

asio::awaitable<void> pause(const Services& services) {
    co_await pause_for(services.settings.livy_poll_interval);
}

namespace {

std::shared_ptr<spdlog::logger> engine_logger() {
    auto named = spdlog::get("engine");
    return named ? named : spdlog::default_logger();
}

}  // namespace

bool UndecodableReplies::give_up(const StepCall& call, const livy::Error& error) {
    if (error.code != livy::Errc::bad_response) {
        return false;
    }
    if (++count_ < kMaxUndecodableReplies) {
        return false;
    }
    engine_logger()->warn("run_id={} step={} giving up: {}", call.run.id, call.step.id, message(call, error));
    return true;
}

std::string UndecodableReplies::message(const StepCall& call, const livy::Error& error) {
    const std::string route = error.method.empty() ? std::string("Livy") : error.method + " " + error.target;
    return call.subject() + ": Livy's reply to " + route + " cannot be decoded (" +
           std::to_string(kMaxUndecodableReplies) + " tries): " + error.message;
}

asio::awaitable<std::optional<StepOutcome>> ensure_created(StepCall& call, store::LivyHandle& handle,
                                                           bool may_exist, const CreateOps& ops) {
    auto& s = call.services;
    UndecodableReplies undecodable;
    LivyOutage outage;
    int rounds = 0;
    const auto give_up_at = std::chrono::steady_clock::now() + s.settings.livy_create_patience;
    // One more round after a transient failure or an unknown outcome, or the step's failure.
    auto next_round = [&](const livy::Error& error) -> std::optional<StepOutcome> {
        if (undecodable.give_up(call, error)) {
            return failed(UndecodableReplies::message(call, error));
        }
        if (error.code == livy::Errc::connection && !error.outcome_unknown) {
            return std::nullopt;  // Livy is unreachable: waiting for it is no reason to give up
        }
        if (++rounds >= kMaxCreateRounds && std::chrono::steady_clock::now() >= give_up_at) {
            std::string message = call.subject() + ": gave up creating " + ops.kind + " '" + handle.name +
                                  "' after " + std::to_string(rounds) + " tries: " + error.describe();
            engine_logger()->warn("run_id={} step={} {}", call.run.id, call.step.id, message);
            return failed(std::move(message));
        }
        return std::nullopt;
    };
    // Waits before the next round. While Livy does not answer, the run shows it; a request that
    // never reached Livy is not counted, so its rounds back off, the others keep one interval.
    auto wait_round = [&](const livy::Error& error) -> asio::awaitable<void> {
        if (is_outage(error)) {
            co_await outage.wait(call, error, error.code == livy::Errc::connection && !error.outcome_unknown);
        } else {
            co_await pause(s);
        }
    };
    while (!handle.livy_id) {
        if (may_exist) {
            auto found = co_await ops.find();
            if (!found) {
                throw_if_cancelled(found.error());
                if (!is_transient(found.error())) {
                    co_return failed(call.subject() + ": cannot look up " + ops.kind + " '" + handle.name +
                                     "' in Livy: " + found.error().describe());
                }
                if (auto stop = next_round(found.error())) {
                    co_return stop;
                }
                co_await wait_round(found.error());
                continue;
            }
            outage.answered(call);
            if (*found) {
                Transition t(s, &call.run);
                t.store().livy().set_livy_id(handle.id, (*found)->id, t.now()).value();
                t.event(
                    call.run.id, call.exec.id, call.step.id, "livy.reattached",
                    {{"kind", ops.kind}, {"livy_id", (*found)->id}, {"name", handle.name}, {"by", "name"}});
                t.commit();
                handle.livy_id = (*found)->id;
                break;
            }
        }
        auto attempt = co_await ops.create();
        if (auto* error = std::get_if<std::string>(&attempt)) {
            record_livy_state(call, handle, "not_submitted", true);
            co_return failed(*error, false);
        }
        auto& created = std::get<livy::Result<CreatedObject>>(attempt);
        if (!created) {
            throw_if_cancelled(created.error());
            if (created.error().outcome_unknown || is_transient(created.error())) {
                may_exist = true;  // it may have been created: look it up before any new POST
                if (auto stop = next_round(created.error())) {
                    co_return stop;
                }
                co_await wait_round(created.error());
                continue;
            }
            record_livy_state(call, handle, "rejected", true, {{"error", created.error().describe()}});
            co_return failed(call.subject() + ": Livy refused the " + ops.kind + ": " +
                             created.error().describe());
        }
        outage.answered(call);
        Transition t(s, &call.run);
        t.store().livy().set_livy_id(handle.id, created->id, t.now()).value();
        t.store().livy().update_state(handle.id, created->state_text, false, t.now()).value();
        t.event(call.run.id, call.exec.id, call.step.id, "livy.submitted",
                {{"kind", ops.kind}, {"livy_id", created->id}, {"name", handle.name}});
        t.commit();
        handle.livy_id = created->id;
        handle.state = created->state_text;
    }
    co_return std::nullopt;
}

std::string gone_message(const StepCall& call, std::string_view kind, const livy::Id& id) {
    return call.subject() + ": Livy no longer knows " + std::string(kind) + " " + id +
           " (the server restarted or garbage-collected it)";
}

void record_livy_state(StepCall& call, store::LivyHandle& handle, const std::string& state, bool terminal,
                       const json::object& details) {
    Transition t(call.services, &call.run);
    t.store().livy().update_state(handle.id, state, terminal, t.now()).value();
    json::object payload = details;
    payload["kind"] = store::to_string(handle.kind);
    payload["state"] = state;
    if (handle.livy_id) {
        payload["livy_id"] = *handle.livy_id;
    }
    t.event(call.run.id, call.exec.id, call.step.id, "livy.state", payload);
    t.commit();
    handle.state = state;
    handle.terminal = terminal;
    if (terminal) {
        call.run.open_handles.erase(handle.id);
    }
}

void append_step_log(Transition& t, StepCall& call, const std::vector<std::string>& lines,
                     std::int64_t& next_seq, json::object& outputs) {
    bool changed = false;
    for (const auto& line : lines) {
        if (auto parsed = parse_output_line(line)) {
            if (parsed->error.empty()) {
                merge_outputs(outputs, parsed->values);
                changed = true;
            } else {
                t.event(call.run.id, call.exec.id, call.step.id, "step.warning",
                        {{"message", parsed->error}});
            }
        }
    }
    next_seq += t.store().livy().append_log_lines(call.exec.id, next_seq, lines).value();
    if (changed) {
        t.store().runs().set_step_outputs(call.exec.id, json_text(outputs)).value();
    }
}

void store_log_lines(StepCall& call, store::RowId handle_id, const std::vector<livy::LogLine>& lines,
                     const livy::LogFollowerState& follower, std::int64_t& next_seq, json::object& outputs) {
    std::vector<std::string> texts;
    texts.reserve(lines.size());
    bool changed = false;
    Transition t(call.services, &call.run);
    for (const auto& line : lines) {
        const bool from_stdout =
            line.section == livy::LogSection::stdout_section || line.section == livy::LogSection::none;
        if (from_stdout) {
            if (auto parsed = parse_output_line(line.text)) {
                if (parsed->error.empty()) {
                    merge_outputs(outputs, parsed->values);
                    changed = true;
                } else {
                    t.event(call.run.id, call.exec.id, call.step.id, "step.warning",
                            {{"message", parsed->error}});
                }
            }
        }
        texts.push_back(livy::prefixed_text(line));
    }
    const std::int64_t first = next_seq;
    next_seq += t.store().livy().append_log_lines(call.exec.id, first, texts).value();
    t.store().livy().save_follower_state(handle_id, follower.to_json(), t.now()).value();
    if (changed) {
        t.store().runs().set_step_outputs(call.exec.id, json_text(outputs)).value();
    }
    t.commit();
    call.services.publish_log(call.run.id, call.exec.id, call.step.id, first, texts);
}

std::string scoped_session_key(store::RowId run_id, const std::string& key) {
    return "r" + std::to_string(run_id) + ":" + key;
}

bool session_kept(store::Store& store, const core::WorkflowSpec& spec, const store::LivyHandle& handle) {
    if (handle.session_key) {
        const auto colon = handle.session_key->find(':');
        const std::string key =
            colon == std::string::npos ? *handle.session_key : handle.session_key->substr(colon + 1);
        for (const auto& step : spec.steps) {
            const auto* session = std::get_if<core::LivySessionStep>(&step.body);
            if (session != nullptr && session->session == key && session->keep_open) {
                return true;
            }
        }
        return false;
    }
    const auto exec = store.runs().get_step(handle.step_exec_id);
    if (!exec) {
        return false;
    }
    const core::Step* step = spec.find_step(exec->step_id);
    const auto* session = step == nullptr ? nullptr : std::get_if<core::LivySessionStep>(&step->body);
    return session != nullptr && session->keep_open;
}

namespace {

/// Whether a deleted batch or session is gone: a GET answering 404 or a terminal state, polled a
/// few times (Livy may still show it while it shuts down).
asio::awaitable<bool> confirm_gone(Services& s, bool batch, const livy::Id& id) {
    constexpr int kConfirmPolls = 10;
    const auto delay = std::min(s.settings.livy_poll_interval, std::chrono::milliseconds(1'000));
    for (int poll = 1;; ++poll) {
        livy::Result<livy::StateInfo> state = livy::make_error(livy::Errc::cancelled, "");
        if (batch) {
            state = co_await s.livy.batch_state(id);
        } else {
            state = co_await s.livy.session_state(id);
        }
        if (!state) {
            throw_if_cancelled(state.error());
            if (state.error().code == livy::Errc::not_found) {
                co_return true;
            }
        } else if (batch ? livy::is_terminal_batch(state->state) : livy::is_terminal_session(state->state)) {
            co_return true;
        }
        if (poll >= kConfirmPolls) {
            co_return false;
        }
        co_await pause_for(delay);
    }
}

}  // namespace

asio::awaitable<void> delete_handle(Services& s, ActiveRun& run, store::LivyHandle handle,
                                    std::string_view reason) {
    const bool batch = handle.kind == store::LivyKind::batch;
    std::optional<livy::Id> id = handle.livy_id;
    const char* by = "id";
    std::string error;
    if (!id) {
        by = "name";
        if (batch) {
            auto found = co_await s.livy.find_batch_by_name(handle.name);
            if (found && *found) {
                id = (*found)->id;
            } else if (!found) {
                throw_if_cancelled(found.error());
                error = found.error().describe();
            }
        } else {
            auto found = co_await s.livy.find_session_by_name(handle.name);
            if (found && *found) {
                id = (*found)->id;
            } else if (!found) {
                throw_if_cancelled(found.error());
                error = found.error().describe();
            }
        }
    }
    bool confirmed = error.empty() && !id;  // nothing by that name: nothing to delete
    if (id) {
        // Two statements, not a conditional operator awaiting in each arm: GCC 12 destroys the temporary
        // of the arm not taken too (a heap-corrupting double free when the result holds an error).
        livy::Result<void> deleted = livy::make_error(livy::Errc::cancelled, "");
        if (batch) {
            deleted = co_await s.livy.delete_batch(*id);
        } else {
            deleted = co_await s.livy.delete_session(*id);
        }
        if (!deleted && deleted.error().code != livy::Errc::not_found) {
            throw_if_cancelled(deleted.error());
            error = deleted.error().describe();
        } else {
            confirmed = co_await confirm_gone(s, batch, *id);
        }
    }
    const std::string step_id = s.store.runs().get_step(handle.step_exec_id).value().step_id;
    const std::string kind(store::to_string(handle.kind));
    Transition t(s, &run);
    json::object payload{{"kind", kind}, {"name", handle.name}, {"reason", reason}, {"by", by}};
    if (id) {
        payload["livy_id"] = *id;
    }
    if (error.empty()) {
        payload["confirmed"] = confirmed;
        t.store().livy().update_state(handle.id, "deleted", true, t.now()).value();
        t.event(run.id, handle.step_exec_id, step_id, "livy.deleted", payload);
        run.open_handles.erase(handle.id);
    } else {
        payload["error"] = error;
        t.event(run.id, handle.step_exec_id, step_id, "livy.warning", payload);
    }
    t.commit();
    auto log = engine_logger();
    if (!error.empty()) {
        log->warn("run_id={} step={} cannot delete {} name={} ({}): {}", run.id, step_id, kind, handle.name,
                  reason, error);
    } else if (!id) {
        log->info("run_id={} step={} {} name={} ({}): not found in Livy, nothing to delete", run.id, step_id,
                  kind, handle.name, reason);
    } else {
        log->info("run_id={} step={} deleted {} livy_id={} name={} found by {} ({}): {}", run.id, step_id,
                  kind, *id, handle.name, by, reason, confirmed ? "gone" : "not confirmed gone yet");
    }
}

}  // namespace steward::engine::detail
