#include "livy_client/types.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

BOOST_AUTO_TEST_SUITE(livy_types)

BOOST_AUTO_TEST_CASE(session_states_round_trip) {
    const char* names[] = {"not_started",   "starting", "recovering", "idle",   "running", "busy",
                           "shutting_down", "error",    "dead",       "killed", "success"};
    for (const char* n : names) {
        const auto s = livy::session_state_from_string(n);
        BOOST_TEST(s != livy::SessionState::unknown, n);
        BOOST_TEST(std::string(livy::to_string(s)) == n);
    }
    BOOST_TEST(livy::session_state_from_string("Idle") == livy::SessionState::unknown);
    BOOST_TEST(livy::session_state_from_string("") == livy::SessionState::unknown);
    BOOST_TEST(std::string(livy::to_string(livy::SessionState::unknown)) == "unknown");
}

BOOST_AUTO_TEST_CASE(statement_states_round_trip) {
    const char* names[] = {"waiting", "running", "available", "cancelling", "cancelled"};
    for (const char* n : names) {
        const auto s = livy::statement_state_from_string(n);
        BOOST_TEST(s != livy::StatementState::unknown, n);
        BOOST_TEST(std::string(livy::to_string(s)) == n);
    }
    // The documented statement state "error" does not exist in Livy.
    BOOST_TEST(livy::statement_state_from_string("error") == livy::StatementState::unknown);
}

BOOST_AUTO_TEST_CASE(terminal_helpers) {
    using S = livy::SessionState;
    for (S s : {S::dead, S::killed, S::success, S::error}) {
        BOOST_TEST(livy::is_terminal_session(s));
    }
    for (S s : {S::not_started, S::starting, S::recovering, S::idle, S::running, S::busy, S::shutting_down,
                S::unknown}) {
        BOOST_TEST(!livy::is_terminal_session(s));
    }
    for (S s : {S::dead, S::killed, S::success}) {
        BOOST_TEST(livy::is_terminal_batch(s));
    }
    BOOST_TEST(!livy::is_terminal_batch(S::error));
    BOOST_TEST(!livy::is_terminal_batch(S::running));
    using T = livy::StatementState;
    BOOST_TEST(livy::is_terminal(T::available));
    BOOST_TEST(livy::is_terminal(T::cancelled));
    for (T t : {T::waiting, T::running, T::cancelling, T::unknown}) {
        BOOST_TEST(!livy::is_terminal(t));
    }
}

BOOST_AUTO_TEST_SUITE_END()
