#include "livy_client/types.hpp"

#include <array>
#include <ostream>
#include <utility>

namespace livy {
namespace {

constexpr std::array<std::pair<SessionState, std::string_view>, 11> kSessionStates{{
    {SessionState::not_started, "not_started"},
    {SessionState::starting, "starting"},
    {SessionState::recovering, "recovering"},
    {SessionState::idle, "idle"},
    {SessionState::running, "running"},
    {SessionState::busy, "busy"},
    {SessionState::shutting_down, "shutting_down"},
    {SessionState::error, "error"},
    {SessionState::dead, "dead"},
    {SessionState::killed, "killed"},
    {SessionState::success, "success"},
}};

constexpr std::array<std::pair<StatementState, std::string_view>, 5> kStatementStates{{
    {StatementState::waiting, "waiting"},
    {StatementState::running, "running"},
    {StatementState::available, "available"},
    {StatementState::cancelling, "cancelling"},
    {StatementState::cancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(SessionState s) noexcept {
    for (const auto& [state, text] : kSessionStates) {
        if (state == s) {
            return text;
        }
    }
    return "unknown";
}

std::string_view to_string(StatementState s) noexcept {
    for (const auto& [state, text] : kStatementStates) {
        if (state == s) {
            return text;
        }
    }
    return "unknown";
}

SessionState session_state_from_string(std::string_view s) noexcept {
    for (const auto& [state, text] : kSessionStates) {
        if (text == s) {
            return state;
        }
    }
    return SessionState::unknown;
}

StatementState statement_state_from_string(std::string_view s) noexcept {
    for (const auto& [state, text] : kStatementStates) {
        if (text == s) {
            return state;
        }
    }
    return StatementState::unknown;
}

std::ostream& operator<<(std::ostream& os, SessionState s) {
    return os << to_string(s);
}

std::ostream& operator<<(std::ostream& os, StatementState s) {
    return os << to_string(s);
}

bool is_terminal_session(SessionState s) noexcept {
    return s == SessionState::dead || s == SessionState::killed || s == SessionState::success ||
           s == SessionState::error;
}

bool is_terminal_batch(BatchState s) noexcept {
    return s == SessionState::dead || s == SessionState::killed || s == SessionState::success;
}

bool is_terminal(StatementState s) noexcept {
    return s == StatementState::available || s == StatementState::cancelled;
}

std::optional<std::string> StatementOutput::text() const {
    const auto it = data.find("text/plain");
    if (it == data.end() || !it->second.is_string()) {
        return std::nullopt;
    }
    return std::string(it->second.get_string());
}

const boost::json::value* StatementOutput::json() const noexcept {
    const auto it = data.find("application/json");
    return it == data.end() ? nullptr : &it->second;
}

}  // namespace livy
