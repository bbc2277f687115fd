// Executor of livy_session steps: open or reuse (by `session:` key) an interactive session, run
// its statements in order exactly once each, collect application/json dicts as outputs.

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/livy_common.hpp"
#include "orchestrator/store/store.hpp"

#include <fstream>
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

std::optional<livy::SessionRequest> build_request(StepCall& call, const core::LivySessionStep& body,
                                                  std::string& error) {
    FieldRenderer render(call.lookup, call.spec, call.step);
    livy::SessionRequest request;
    fill_common(request, core::effective_livy(call.spec, body.livy), render, call.services.settings);
    request.kind = std::string(core::to_string(body.kind));
    if (!render.ok()) {
        error = render.error();
        return std::nullopt;
    }
    return request;
}

/// The code of statement `index`: inline code (interpolated) or the content of its code_file.
std::optional<std::string> statement_code(StepCall& call, const core::Statement& statement, std::size_t index,
                                          std::string& error) {
    if (!statement.code_file.empty()) {
        std::filesystem::path path = statement.code_file;
        constexpr std::string_view kJobs = "jobs/";
        if (statement.code_file.rfind(kJobs, 0) == 0) {
            const auto& dir = call.services.settings.jobs_dir;
            path = (dir.empty() ? std::filesystem::path("jobs") : dir) / statement.code_file.substr(kJobs.size());
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            error = call.subject() + " statement " + std::to_string(index + 1) + " (" +
                    core::describe_position(call.spec, statement.origin.at("code_file")) + "): cannot read '" +
                    path.string() + "'";
            return std::nullopt;
        }
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    }
    FieldRenderer render(call.lookup, call.spec, call.step);
    std::string code = render.render(statement.code, "statements[" + std::to_string(index) + "].code",
                                     statement.origin.at("code"));
    if (!render.ok()) {
        error = render.error();
        return std::nullopt;
    }
    return code;
}

struct SessionState {
    store::LivyHandle handle;
    bool owned = false;  ///< opened by this attempt (not reused under a `session:` key)
    bool fresh = false;  ///< its intent was recorded just now (so Livy cannot know it yet)
};

/// Finds the session to use, recording the intent to open one when there is none.
std::variant<SessionState, StepOutcome> choose_session(StepCall& call, const core::LivySessionStep& body) {
    auto& livy_store = call.services.store.livy();
    const std::optional<std::string> key =
        body.session.empty() ? std::nullopt : std::optional<std::string>(scoped_session_key(call.run.id, body.session));
    SessionState state;
    if (key) {
        if (auto open = livy_store.find_open_session(*key)) {
            state.handle = std::move(open).value();
            state.owned = state.handle.step_exec_id == call.exec.id;
            return state;
        }
    }
    if (auto mine = livy_store.find_handle(call.exec.id, store::LivyKind::session); mine && !mine->terminal) {
        state.handle = std::move(mine).value();
        state.owned = true;
        return state;
    } else if (mine) {
        return failed(call.subject() + ": its session ended (" + mine->state + ")");
    }
    std::string error;
    if (!build_request(call, body, error)) {
        return failed(error, false);
    }
    Transition t(call.services, &call.run);
    state.handle = livy_store.record_intent(call.exec.id, store::LivyKind::session, key, t.now()).value();
    t.event(call.run.id, call.exec.id, call.step.id, "livy.intent",
            {{"kind", "session"}, {"name", state.handle.name}, {"session_key", body.session}});
    t.commit();
    call.run.open_handles.insert(state.handle.id);
    state.owned = true;
    state.fresh = true;
    return state;
}

/// Makes sure the session has a Livy id: an intent from before a crash may have reached Livy, so
/// it is looked up by name first; a session is created only when Livy has never heard of it.
asio::awaitable<std::optional<StepOutcome>> ensure_open(StepCall& call, const core::LivySessionStep& body,
                                                        store::LivyHandle& handle, bool may_exist) {
    auto& s = call.services;
    while (!handle.livy_id) {
        if (may_exist) {
            auto found = co_await s.livy.find_session_by_name(handle.name);
            if (!found) {
                throw_if_cancelled(found.error());
                if (!is_transient(found.error())) {
                    co_return failed(call.subject() + ": cannot look up session '" + handle.name +
                                     "' in Livy: " + found.error().describe());
                }
                co_await pause(s);
                continue;
            }
            if (*found) {
                Transition t(s, &call.run);
                t.store().livy().set_livy_id(handle.id, (*found)->id, t.now()).value();
                t.event(call.run.id, call.exec.id, call.step.id, "livy.reattached",
                        {{"kind", "session"}, {"livy_id", (*found)->id}, {"name", handle.name}, {"by", "name"}});
                t.commit();
                handle.livy_id = (*found)->id;
                break;
            }
        }
        std::string error;
        auto request = build_request(call, body, error);
        if (!request) {
            record_livy_state(call, handle, "not_submitted", true);
            co_return failed(error, false);
        }
        request->name = handle.name;
        auto created = co_await s.livy.create_session(std::move(*request));
        if (!created) {
            throw_if_cancelled(created.error());
            if (created.error().outcome_unknown || is_transient(created.error())) {
                may_exist = true;
                co_await pause(s);
                continue;
            }
            record_livy_state(call, handle, "rejected", true, {{"error", created.error().describe()}});
            co_return failed(call.subject() + ": Livy refused the session: " + created.error().describe());
        }
        Transition t(s, &call.run);
        t.store().livy().set_livy_id(handle.id, created->id, t.now()).value();
        t.store().livy().update_state(handle.id, created->state_text, false, t.now()).value();
        t.event(call.run.id, call.exec.id, call.step.id, "livy.submitted",
                {{"kind", "session"}, {"livy_id", created->id}, {"name", handle.name}});
        t.commit();
        handle.livy_id = created->id;
        handle.state = created->state_text;
    }
    co_return std::nullopt;
}

/// Polls the session until idle; an outcome when it ended or vanished instead.
asio::awaitable<std::optional<StepOutcome>> wait_idle(StepCall& call, store::LivyHandle& handle) {
    auto& s = call.services;
    const std::int64_t id = *handle.livy_id;
    for (;;) {
        auto state = co_await s.livy.session_state(id);
        if (!state) {
            throw_if_cancelled(state.error());
            if (state.error().code == livy::Errc::not_found) {
                record_livy_state(call, handle, "gone", true);
                co_return failed(call.subject() + ": session " + std::to_string(id) +
                                 " is no longer known to Livy (deleted or timed out)");
            }
            if (!is_transient(state.error())) {
                co_return failed(call.subject() + ": polling session " + std::to_string(id) +
                                 " failed: " + state.error().describe());
            }
            co_await pause(s);
            continue;
        }
        const bool terminal = livy::is_terminal_session(state->state);
        if (state->state_text != handle.state) {
            record_livy_state(call, handle, state->state_text, terminal);
        }
        if (terminal) {
            co_return failed(call.subject() + ": session " + std::to_string(id) + " ended in state " +
                             state->state_text);
        }
        if (state->state == livy::SessionState::idle) {
            co_return std::nullopt;
        }
        co_await pause(s);
    }
}

/// Finds a statement submitted before a crash whose id was never stored: the newest statement of
/// the session with exactly this code and an id above `after`.
asio::awaitable<std::optional<std::int64_t>> find_statement(StepCall& call, std::int64_t session_id,
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

/// Runs statement `index` to completion (or resumes it) and returns its output.
asio::awaitable<std::variant<livy::StatementOutput, StepOutcome>> run_statement(
    StepCall& call, store::LivyHandle& handle, std::size_t index, const std::string& code,
    const std::optional<core::SessionKind>& kind, std::optional<store::LivyStatement> record, std::int64_t after) {
    auto& s = call.services;
    const std::int64_t session_id = *handle.livy_id;
    const std::string label = call.subject() + " statement " + std::to_string(index + 1);
    std::optional<std::int64_t> statement_id = record ? record->statement_id : std::nullopt;
    if (!record) {
        Transition t(s, &call.run);
        t.store().livy().record_statement_intent(call.exec.id, static_cast<int>(index), handle.id, t.now()).value();
        t.commit();
    } else if (!statement_id) {
        statement_id = co_await find_statement(call, session_id, code, after);
    }
    if (!statement_id) {
        if (auto ended = co_await wait_idle(call, handle)) {
            co_return std::move(*ended);
        }
        livy::StatementRequest request{code, std::nullopt};
        if (kind) {
            request.kind = std::string(core::to_string(*kind));
        }
        auto submitted = co_await s.livy.submit_statement(session_id, std::move(request), livy::Millis(60'000));
        if (!submitted) {
            throw_if_cancelled(submitted.error());
            if (submitted.error().outcome_unknown) {
                statement_id = co_await find_statement(call, session_id, code, after);
            }
            if (!statement_id) {
                co_return failed(label + ": Livy refused it: " + submitted.error().describe());
            }
        } else {
            statement_id = submitted->id;
        }
        Transition t(s, &call.run);
        t.store().livy().set_statement_id(call.exec.id, static_cast<int>(index), *statement_id, t.now()).value();
        t.event(call.run.id, call.exec.id, call.step.id, "livy.statement",
                {{"index", index}, {"statement_id", *statement_id}, {"session_id", session_id}});
        t.commit();
    }
    for (;;) {
        auto got = co_await s.livy.get_statement(session_id, *statement_id);
        if (!got) {
            throw_if_cancelled(got.error());
            if (!is_transient(got.error())) {
                co_return failed(label + ": polling it failed: " + got.error().describe());
            }
        } else if (got->state == livy::StatementState::cancelled) {
            co_return failed(label + " was cancelled in Livy");
        } else if (got->state == livy::StatementState::available && got->output) {
            co_return std::move(*got->output);
        }
        co_await pause(s);
    }
}

/// Stores a finished statement (state, output, its text lines in the step log) in one transition.
void record_output(StepCall& call, std::size_t index, const livy::StatementOutput& output, std::int64_t& next_seq,
                   json::object& outputs) {
    Transition t(call.services, &call.run);
    t.store().livy().update_statement(call.exec.id, static_cast<int>(index), "available", output_json(output),
                                      t.now())
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

/// Runs (or resumes) the statements in order; the step's outcome.
asio::awaitable<StepOutcome> run_statements(StepCall& call, const core::LivySessionStep& body,
                                            store::LivyHandle& handle) {
    auto& s = call.services;
    std::int64_t next_seq = s.store.livy().next_log_seq(call.exec.id);
    json::object outputs = object_from_text(call.exec.outputs_json.value_or(""));
    const auto records = s.store.livy().list_statements(call.exec.id);
    std::int64_t after = -1;
    for (std::size_t i = 0; i < body.statements.size(); ++i) {
        const auto& statement = body.statements[i];
        std::optional<store::LivyStatement> record;
        for (const auto& r : records) {
            if (r.index == static_cast<int>(i)) {
                record = r;
            }
        }
        std::optional<livy::StatementOutput> output = record ? stored_output(*record) : std::nullopt;
        if (!output) {
            std::string error;
            const auto code = statement_code(call, statement, i, error);
            if (!code) {
                co_return failed(error, false);
            }
            auto ran = co_await run_statement(call, handle, i, *code, statement.kind, record, after);
            if (auto* outcome = std::get_if<StepOutcome>(&ran)) {
                co_return std::move(*outcome);
            }
            output = std::get<livy::StatementOutput>(std::move(ran));
            record_output(call, i, *output, next_seq, outputs);
        }
        if (record && record->statement_id) {
            after = std::max(after, *record->statement_id);
        }
        if (output->execution_count) {
            after = std::max(after, *output->execution_count);
        }
        if (!output->ok()) {
            StepOutcome outcome = failed(call.subject() + " statement " + std::to_string(i + 1) + " (" +
                                         core::describe_position(call.spec, statement.origin.pos) + ") failed: " +
                                         output->ename.value_or("Error") + ": " + output->evalue.value_or(""));
            outcome.outputs = std::move(outputs);
            co_return outcome;
        }
    }
    outputs["session_id"] = *handle.livy_id;
    StepOutcome outcome;
    outcome.outputs = std::move(outputs);
    co_return outcome;
}

}  // namespace

asio::awaitable<StepOutcome> execute_livy_session(StepCall& call) {
    const auto& body = std::get<core::LivySessionStep>(call.step.body);
    auto chosen = choose_session(call, body);
    if (auto* outcome = std::get_if<StepOutcome>(&chosen)) {
        co_return std::move(*outcome);
    }
    SessionState session = std::get<SessionState>(std::move(chosen));
    store::LivyHandle& handle = session.handle;
    call.run.open_handles.insert(handle.id);
    if (auto ended = co_await ensure_open(call, body, handle, !session.fresh)) {
        co_return std::move(*ended);
    }
    StepOutcome outcome = co_await run_statements(call, body, handle);
    // A session of its own (no `session:` key) lives as long as the step, unless keep_open.
    if (session.owned && body.session.empty() && !body.keep_open && !handle.terminal) {
        co_await delete_handle(call.services, call.run, handle, "step finished");
    }
    co_return outcome;
}

}  // namespace steward::engine::detail
