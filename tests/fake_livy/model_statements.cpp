// The interactive-session routes of Model: statements, cancel, completion, stop and connect.
#include "tests/fake_livy/model.hpp"

#include "tests/fake_livy/request_schema.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <charconv>
#include <utility>

namespace steward::fake_livy {

namespace json = boost::json;

namespace {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<Millis>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<int> parse_statement_id(std::string_view s) {
    int v = 0;
    const auto* end = s.data() + s.size();
    const auto [p, ec] = std::from_chars(s.data(), end, v);
    if (s.empty() || ec != std::errc{} || p != end) {
        return std::nullopt;
    }
    return v;
}

Reply not_running(const std::string& state) {
    return string_reply(500, "java.lang.IllegalStateException: Session is in state " + state);
}

// The server-side session is "Running" once the driver answered; the REPL then reports
// idle/busy/error. Anything else rejects statement, cancel and completion POSTs.
bool session_running(const std::string& state) {
    return state == "idle" || state == "busy" || state == "error";
}

bool session_active(const std::string& state) {
    return state != "dead" && state != "killed" && state != "success" && state != "shutting_down";
}

}  // namespace

StatementScript Model::script_for(const std::string& code, const std::optional<std::string>& kind) {
    if (auto it = statement_scripts_.find(code); it != statement_scripts_.end()) {
        return it->second;
    }
    if (responder_) {
        return responder_(code, kind);
    }
    return ok_text(code);
}

Reply Model::list_statements(std::string_view ref, std::optional<long long> from,
                             std::optional<long long> size, bool descending) {
    auto found = find(Collection::sessions, ref);
    if (found.error) {
        return *found.error;
    }
    const auto t = now();
    auto& s = *found.session;
    if (!session_active(s.state(t))) {
        return msg_reply(400, "requirement failed: Session isn't active.");
    }
    std::vector<const StatementRecord*> order;
    for (const auto& st : s.statements) {
        order.push_back(&st);
    }
    if (descending) {
        std::reverse(order.begin(), order.end());
    }
    const auto total = static_cast<long long>(order.size());
    const long long begin = std::clamp(from.value_or(0), 0LL, total);
    const long long count = size.value_or(total);
    const long long end = count < 0 ? total : std::min(total, begin + count);
    json::array statements;
    for (long long i = begin; i < end; ++i) {
        statements.push_back(order[static_cast<std::size_t>(i)]->to_json(t));
    }
    return json_reply(
        200, json::object{{"total_statements", order.size()}, {"statements", std::move(statements)}});
}

Reply Model::create_statement(std::string_view ref, std::string_view body) {
    auto found = find(Collection::sessions, ref);
    if (found.error) {
        return *found.error;
    }
    auto parsed = parse_body(body, statement_schema());
    if (!parsed) {
        return string_reply(400, parsed.error());
    }
    auto& s = *found.session;
    const auto t = now();
    const auto state = s.state(t);
    if (!session_running(state)) {
        return not_running(state);
    }
    StatementRecord st;
    st.id = s.next_statement_id++;
    if (const auto* code = parsed->if_contains("code"); code != nullptr && code->is_string()) {
        st.code = std::string(code->as_string());
    }
    if (const auto* kind = parsed->if_contains("kind"); kind != nullptr && kind->is_string()) {
        st.kind = std::string(kind->as_string());
    }
    auto script = script_for(st.code, st.kind);
    TimePoint previous_end = t;
    for (const auto& other : s.statements) {
        previous_end = std::max(previous_end, other.end(t));
    }
    st.created_at = t;
    st.created_epoch_ms = wall_ms();
    st.run_at = std::max(later(t, options_.statement_wait), previous_end);
    st.done_at = later(st.run_at, script.run.value_or(options_.statement_run));
    st.output = std::move(script.output);
    st.cancel_delay = options_.statement_cancel;
    auto view = st.to_json(t);
    const auto location = "/sessions/" + s.ref() + "/statements/" + std::to_string(st.id);
    s.statements.push_back(std::move(st));
    if (s.statements.size() > options_.retained_statements) {
        s.statements.erase(s.statements.begin());
    }
    auto reply = json_reply(201, view);
    reply.headers.emplace_back("Location", location);
    return reply;
}

Reply Model::get_statement(std::string_view ref, std::string_view statement_id) {
    auto found = find(Collection::sessions, ref);
    if (found.error) {
        return *found.error;
    }
    const auto sid = parse_statement_id(statement_id);
    if (!sid) {
        return msg_reply(400, "For input string: \"" + std::string(statement_id) + "\"");
    }
    const auto t = now();
    auto& s = *found.session;
    if (!session_active(s.state(t))) {
        return msg_reply(400, "requirement failed: Session isn't active.");
    }
    const auto it = std::find_if(s.statements.begin(), s.statements.end(),
                                 [&](const StatementRecord& st) { return st.id == *sid; });
    if (it == s.statements.end()) {
        return string_reply(404, "Statement not found");
    }
    return json_reply(200, it->to_json(t));
}

Reply Model::cancel_statement(std::string_view ref, std::string_view statement_id) {
    auto found = find(Collection::sessions, ref);
    if (found.error) {
        return *found.error;
    }
    const auto sid = parse_statement_id(statement_id);
    if (!sid) {
        return msg_reply(400, "For input string: \"" + std::string(statement_id) + "\"");
    }
    const auto t = now();
    auto& s = *found.session;
    const auto state = s.state(t);
    if (!session_running(state)) {
        return not_running(state);
    }
    // The driver ignores unknown or finished statements and still answers "canceled".
    const auto it = std::find_if(s.statements.begin(), s.statements.end(),
                                 [&](const StatementRecord& st) { return st.id == *sid; });
    if (it != s.statements.end() && !it->cancel_requested && t < it->done_at) {
        it->cancel_requested = t;
    }
    return msg_reply(200, "canceled");
}

Reply Model::completion(std::string_view ref, std::string_view body) {
    auto found = find(Collection::sessions, ref);
    if (found.error) {
        return *found.error;
    }
    auto parsed = parse_body(body, completion_schema());
    if (!parsed) {
        return string_reply(400, parsed.error());
    }
    const auto state = found.session->state(now());
    if (!session_running(state)) {
        return not_running(state);
    }
    json::array candidates;
    for (const auto& c : options_.completion_candidates) {
        candidates.emplace_back(c);
    }
    return json_reply(200, json::object{{"candidates", std::move(candidates)}});
}

Reply Model::stop(std::string_view ref, bool interrupt) {
    auto found = find(Collection::sessions, ref);
    if (found.error) {
        return *found.error;
    }
    if (!is_finished_state(found.session->state(now()))) {
        found.session->forced_state = "dead";
        found.session->forced_at = now();
    }
    return interrupt ? msg_reply(200, "interrupted") : empty_reply(204);
}

Reply Model::connect(std::string_view ref) {
    auto found = find(Collection::sessions, ref);
    if (found.error) {
        return *found.error;
    }
    return json_reply(200, found.session->to_json(now()));
}

}  // namespace steward::fake_livy
