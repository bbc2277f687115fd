// Statements of livy_session steps: submitted exactly once each (intent, id, output stored),
// polled to `available`, their outputs kept.

#include "orchestrator/engine/livy_statements.hpp"

#include "orchestrator/engine/job_failure.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/livy_app_info.hpp"
#include "orchestrator/engine/livy_outage.hpp"
#include "orchestrator/store/store.hpp"

#include <sstream>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::string output_json(const livy::StatementOutput& output) {
    json::object out{{"status", output.status}};
    json::object data;
    for (const auto& [mime, value] : output.data) {
        data[mime] = value;
    }
    out["data"] = std::move(data);
    if (output.ename) {
        out["ename"] = *output.ename;
    }
    if (output.evalue) {
        out["evalue"] = *output.evalue;
    }
    return json_text(out);
}

/// Finds a statement submitted before a crash whose id was never stored: the newest statement of
/// the session with exactly this code and an id above `after`.
asio::awaitable<std::optional<std::int64_t>> find_statement(StepCall& call, const livy::Id& session_id,
                                                            const std::string& code, std::int64_t after) {
    livy::StatementPage page;
    page.descending = true;
    auto listed = co_await call.services.livy.list_statements(session_id, page);
    if (!listed) {
        throw_if_cancelled(listed.error());
        co_return std::nullopt;
    }
    for (const auto& statement : listed->statements) {
        if (statement.id > after && statement.code && *statement.code == code) {
            co_return statement.id;
        }
    }
    co_return std::nullopt;
}

/// The outcome of a step whose session reached terminal state `state` (recorded): failed, with
/// the cause found in the session's log. `during` names what was going on ("" at start-up).
asio::awaitable<StepOutcome> session_ended(StepCall& call, store::LivyHandle& handle, const livy::Id& id,
                                           const livy::StateInfo& state, const std::string& during) {
    auto& s = call.services;
    if (state.state_text != handle.state) {
        record_livy_state(call, handle, state.state_text, true);
    }
    // Why it died: its log, fetched once.
    std::string cause;
    auto page = co_await s.livy.session_log(id, livy::LogRange{std::nullopt, -1});
    if (page) {
        cause = snapshot_failure_cause(page->log);
    } else {
        throw_if_cancelled(page.error());
    }
    co_return failed(with_cause(call.subject() + ": session " + id + " ended in state " + state.state_text +
                                    (during.empty() ? "" : " while " + during),
                                cause));
}

}  // namespace

/// Polls the session until idle; an outcome when it ended or vanished instead.
asio::awaitable<std::optional<StepOutcome>> wait_idle(StepCall& call, store::LivyHandle& handle) {
    auto& s = call.services;
    const livy::Id id = *handle.livy_id;
    UndecodableReplies undecodable;
    LivyOutage outage;
    for (;;) {
        auto state = co_await s.livy.session_state(id);
        if (!state) {
            throw_if_cancelled(state.error());
            if (undecodable.give_up(call, state.error())) {
                co_return failed(UndecodableReplies::message(call, state.error()));
            }
            if (state.error().code == livy::Errc::not_found) {
                record_livy_state(call, handle, "gone", true);
                co_return failed(gone_message(call, "session", id));
            }
            if (!is_transient(state.error())) {
                co_return failed(call.subject() + ": polling session " + id +
                                 " failed: " + state.error().describe());
            }
            if (is_outage(state.error())) {
                co_await outage.wait(call, state.error());
            } else {
                co_await pause(s);
            }
            continue;
        }
        outage.answered(call);
        undecodable.reset();
        const bool terminal = livy::is_terminal_session(state->state);
        if (state->state_text != handle.state) {
            record_livy_state(call, handle, state->state_text, terminal);
            // appId and the driver log / Spark UI links appear as the application runs.
            auto session = co_await s.livy.get_session(id);
            if (session) {
                record_app_info(call, handle, session->app_id, session->app_info);
            } else {
                throw_if_cancelled(session.error());
            }
        }
        if (terminal) {
            co_return co_await session_ended(call, handle, id, *state, "");
        }
        if (state->state == livy::SessionState::idle) {
            co_return std::nullopt;
        }
        co_await pause(s);
    }
}

namespace {

/// Why polling a statement was refused (a 4xx): the session it ran in ended or vanished. The
/// step's outcome saying so, or nothing when the session still looks alive.
asio::awaitable<std::optional<StepOutcome>> statement_lost(StepCall& call, store::LivyHandle& handle,
                                                           const std::string& what) {
    const livy::Id id = *handle.livy_id;
    auto state = co_await call.services.livy.session_state(id);
    if (!state) {
        throw_if_cancelled(state.error());
        if (state.error().code == livy::Errc::not_found) {
            record_livy_state(call, handle, "gone", true);
            co_return failed(gone_message(call, "session", id) + " while " + what);
        }
        co_return std::nullopt;
    }
    if (livy::is_terminal_session(state->state)) {
        co_return co_await session_ended(call, handle, id, *state, what);
    }
    co_return std::nullopt;
}

}  // namespace

/// Runs statement `index` to completion (or resumes it) and returns its output.
asio::awaitable<std::variant<livy::StatementOutput, StepOutcome>> run_statement(
    StepCall& call, store::LivyHandle& handle, std::size_t index, const std::string& code,
    const std::optional<core::SessionKind>& kind, std::optional<store::LivyStatement> record,
    std::int64_t after) {
    auto& s = call.services;
    const livy::Id session_id = *handle.livy_id;
    const std::string label = call.subject() + " statement " + std::to_string(index + 1);
    std::optional<std::int64_t> statement_id = record ? record->statement_id : std::nullopt;
    if (!record) {
        Transition t(s, &call.run);
        t.store()
            .livy()
            .record_statement_intent(call.exec.id, static_cast<int>(index), handle.id, t.now())
            .value();
        t.commit();
    } else if (!statement_id) {
        statement_id = co_await find_statement(call, session_id, code, after);
    }
    if (!statement_id) {
        if (auto ended = co_await wait_idle(call, handle)) {
            co_return std::move(*ended);
        }
        LivyOutage outage;
        for (;;) {
            livy::StatementRequest request{code, std::nullopt};
            if (kind) {
                request.kind = std::string(core::to_string(*kind));
            }
            auto submitted =
                co_await s.livy.submit_statement(session_id, std::move(request), livy::Millis(60'000));
            if (!submitted) {
                throw_if_cancelled(submitted.error());
                if (submitted.error().code == livy::Errc::connection && !submitted.error().outcome_unknown) {
                    co_await outage.wait(call, submitted.error());  // never reached Livy: wait, then post
                    continue;
                }
                if (submitted.error().outcome_unknown) {
                    statement_id = co_await find_statement(call, session_id, code, after);
                }
                if (!statement_id) {
                    co_return failed(label + ": Livy refused it: " + submitted.error().describe());
                }
            } else {
                statement_id = submitted->id;
            }
            break;
        }
        outage.answered(call);
        Transition t(s, &call.run);
        t.store()
            .livy()
            .set_statement_id(call.exec.id, static_cast<int>(index), *statement_id, t.now())
            .value();
        t.event(call.run.id, call.exec.id, call.step.id, "livy.statement",
                {{"index", index}, {"statement_id", *statement_id}, {"session_id", session_id}});
        t.commit();
    }
    UndecodableReplies undecodable;
    LivyOutage outage;
    const std::string what = "statement " + std::to_string(index + 1) + " (Livy statement " +
                             std::to_string(*statement_id) + ") ran";
    for (;;) {
        auto got = co_await s.livy.get_statement(session_id, *statement_id);
        if (!got) {
            throw_if_cancelled(got.error());
            if (undecodable.give_up(call, got.error())) {
                co_return failed(UndecodableReplies::message(call, got.error()));
            }
            if (!is_transient(got.error())) {
                // A session that died or vanished answers 400/404 for its statements: say so.
                if (auto lost = co_await statement_lost(call, handle, what)) {
                    co_return std::move(*lost);
                }
                co_return failed(label + ": polling it failed: " + got.error().describe());
            }
            if (is_outage(got.error())) {
                co_await outage.wait(call, got.error());
                continue;
            }
        } else if (got->state == livy::StatementState::cancelled) {
            co_return failed(label + " was cancelled in Livy");
        } else if (got->state == livy::StatementState::available && got->output) {
            outage.answered(call);
            co_return std::move(*got->output);
        } else {
            outage.answered(call);
            undecodable.reset();
        }
        co_await pause(s);
    }
}

/// Stores a finished statement (state, output, its text lines in the step log) in one transition.
void record_output(StepCall& call, std::size_t index, const livy::StatementOutput& output,
                   std::int64_t& next_seq, json::object& outputs) {
    Transition t(call.services, &call.run);
    t.store()
        .livy()
        .update_statement(call.exec.id, static_cast<int>(index), "available", output_json(output), t.now())
        .value();
    std::vector<std::string> lines;
    if (auto text = output.text()) {
        std::istringstream in(*text);
        for (std::string line; std::getline(in, line);) {
            lines.push_back(line);
        }
    }
    if (!output.ok()) {
        lines.push_back(output.ename.value_or("Error") + ": " + output.evalue.value_or(""));
        lines.insert(lines.end(), output.traceback.begin(), output.traceback.end());
    }
    if (const auto* value = output.json(); value != nullptr && value->is_object()) {
        merge_outputs(outputs, value->get_object());
        t.store().runs().set_step_outputs(call.exec.id, json_text(outputs)).value();
    }
    const std::int64_t first = next_seq;
    append_step_log(t, call, lines, next_seq, outputs);
    t.commit();
    call.services.publish_log(call.run.id, call.exec.id, call.step.id, first, lines);
}

std::optional<livy::StatementOutput> stored_output(const store::LivyStatement& record) {
    if (record.state != "available" || !record.output_json) {
        return std::nullopt;
    }
    const auto object = object_from_text(*record.output_json);
    livy::StatementOutput output;
    if (const auto* status = object.if_contains("status"); status != nullptr && status->is_string()) {
        output.status = std::string(status->get_string());
    }
    if (const auto* data = object.if_contains("data"); data != nullptr && data->is_object()) {
        for (const auto& member : data->get_object()) {
            output.data.emplace(std::string(member.key()), member.value());
        }
    }
    if (const auto* ename = object.if_contains("ename"); ename != nullptr && ename->is_string()) {
        output.ename = std::string(ename->get_string());
    }
    if (const auto* evalue = object.if_contains("evalue"); evalue != nullptr && evalue->is_string()) {
        output.evalue = std::string(evalue->get_string());
    }
    return output;
}

}  // namespace steward::engine::detail
