// Executor of livy_session steps: open or reuse (by `session:` key) an interactive session, run
// its statements in order exactly once each, collect application/json dicts as outputs.

#include "orchestrator/engine/livy_session.hpp"

#include "orchestrator/engine/data_roots.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/livy_common.hpp"
#include "orchestrator/engine/livy_statements.hpp"
#include "orchestrator/store/store.hpp"

#include <fstream>
#include <sstream>

namespace steward::engine::detail {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

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
        const std::string subject = call.subject() + " statement " + std::to_string(index + 1) + " (" +
                                    core::describe_position(call.spec, statement.origin.at("code_file")) +
                                    ")";
        if (statement.code_file.rfind(kJobs, 0) == 0) {
            // The loader checked it: no `..`, a file under jobs_dir.
            const auto& dir = call.services.settings.jobs_dir;
            path = (dir.empty() ? std::filesystem::path("jobs") : dir) /
                   statement.code_file.substr(kJobs.size());
        } else if (!inside_data_roots(call.services.settings, path)) {
            error = outside_data_roots(subject, "code_file", statement.code_file);
            return std::nullopt;
        }
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            error = subject + ": cannot read '" + path.string() + "'";
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
        body.session.empty() ? std::nullopt
                             : std::optional<std::string>(scoped_session_key(call.run.id, body.session));
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
    co_return co_await ensure_created_by(
        call, handle, may_exist, "session",
        [&](std::string& error) { return build_request(call, body, error); },
        [](livy::Client& client, const std::string& name) { return client.find_session_by_name(name); },
        [](livy::Client& client, livy::SessionRequest request) {
            return client.create_session(std::move(request));
        });
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
            StepOutcome outcome =
                failed(call.subject() + " statement " + std::to_string(i + 1) + " (" +
                       core::describe_position(call.spec, statement.origin.pos) +
                       ") failed: " + output->ename.value_or("Error") + ": " + output->evalue.value_or(""));
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

asio::awaitable<std::variant<StepSession, StepOutcome>> open_step_session(StepCall& call,
                                                                          const core::LivySessionStep& body) {
    auto chosen = choose_session(call, body);
    if (auto* outcome = std::get_if<StepOutcome>(&chosen)) {
        co_return std::move(*outcome);
    }
    SessionState session = std::get<SessionState>(std::move(chosen));
    call.run.open_handles.insert(session.handle.id);
    if (auto ended = co_await ensure_open(call, body, session.handle, !session.fresh)) {
        co_return std::move(*ended);
    }
    co_return StepSession{std::move(session.handle), session.owned};
}

asio::awaitable<StepOutcome> execute_livy_session(StepCall& call) {
    const auto& body = std::get<core::LivySessionStep>(call.step.body);
    auto opened = co_await open_step_session(call, body);
    if (auto* outcome = std::get_if<StepOutcome>(&opened)) {
        co_return std::move(*outcome);
    }
    StepSession session = std::get<StepSession>(std::move(opened));
    store::LivyHandle& handle = session.handle;
    StepOutcome outcome = co_await run_statements(call, body, handle);
    // A session of its own (no `session:` key) lives as long as the step, unless keep_open.
    if (session.owned && body.session.empty() && !body.keep_open && !handle.terminal) {
        co_await delete_handle(call.services, call.run, handle, "step finished");
    }
    co_return outcome;
}

}  // namespace steward::engine::detail
