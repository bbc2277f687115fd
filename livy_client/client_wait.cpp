// Waiting helpers: poll with backoff on a steady_timer, bounded by an overall deadline.

#include "livy_client/client.hpp"

#include "livy_client/client_impl.hpp"
#include "livy_client/error_body.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <spdlog/spdlog.h>

#include <variant>

namespace livy {

namespace asio = boost::asio;
using namespace asio::experimental::awaitable_operators;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);

Error cancelled(std::string what) {
    return make_error(Errc::cancelled, std::move(what) + ": cancelled");
}

// The deadline timer finished first: a timeout, or the caller cancelled the whole wait.
Error deadline_error(const boost::system::error_code& timer_ec, std::string what, Millis timeout) {
    if (timer_ec == asio::error::operation_aborted) {
        return cancelled(std::move(what));
    }
    Error e = make_error(Errc::timeout,
                         std::move(what) + ": no result within " + std::to_string(timeout.count()) + " ms");
    e.outcome_unknown = true;
    return e;
}

std::string last_log_line(const std::vector<std::string>& log) {
    for (auto it = log.rbegin(); it != log.rend(); ++it) {
        if (!it->empty() && *it != "stdout: " && *it != "\nstderr: ") {
            return "; last log line: " + *it;
        }
    }
    return {};
}

asio::awaitable<Result<Session>> session_idle_loop(Client& client, Client::Impl& impl, Id id) {
    std::string last_state;
    for (int poll = 1;; ++poll) {
        Result<Session> s = co_await client.get_session(id);
        if (!s) {
            co_return s.error();
        }
        if (s->state_text != last_state && impl.logger) {
            impl.logger->debug("session_id={} state={}", id, s->state_text);
        }
        last_state = s->state_text;
        if (s->state == SessionState::idle) {
            co_return s;
        }
        if (is_terminal_session(s->state)) {
            co_return make_error(Errc::terminal_state,
                                 "session " + id + " reached state " + s->state_text + last_log_line(s->log));
        }
        if (!co_await impl.pause(poll_delay(impl.config.poll, poll))) {
            co_return cancelled("waiting for session " + id);
        }
    }
}

asio::awaitable<Result<Statement>> submit_loop(Client& client, Client::Impl& impl, Id session_id,
                                               StatementRequest request) {
    for (int poll = 1;; ++poll) {
        Result<Statement> st = co_await client.create_statement(session_id, request);
        if (st || !is_session_state_rejection(st.error())) {
            co_return st;
        }
        // 500 "Session is in state ...": only worth waiting while the session is coming up.
        Result<StateInfo> state = co_await client.session_state(session_id);
        if (!state) {
            co_return state.error();
        }
        // Still coming up: wait and re-post. Already up (idle/busy) although the refusal said it
        // was starting or recovering: it came up between the POST and this GET; the refused POST
        // created nothing, so re-posting is safe. Any other state makes the 500 final.
        const SessionState s = state->state;
        const bool coming_up =
            s == SessionState::starting || s == SessionState::recovering || s == SessionState::not_started;
        const bool came_up =
            (s == SessionState::idle || s == SessionState::busy || s == SessionState::running) &&
            refused_while_coming_up(st.error());
        if (!coming_up && !came_up) {
            co_return st.error();
        }
        if (impl.logger) {
            impl.logger->debug("session_id={} is {}; statement will be re-posted", session_id,
                               state->state_text);
        }
        if (!co_await impl.pause(poll_delay(impl.config.poll, poll))) {
            co_return cancelled("submitting a statement to session " + session_id);
        }
    }
}

asio::awaitable<Result<Statement>> statement_loop(Client& client, Client::Impl& impl, Id session_id,
                                                  std::int64_t statement_id) {
    for (int poll = 1;; ++poll) {
        Result<Statement> st = co_await client.get_statement(session_id, statement_id);
        if (!st) {
            co_return st;
        }
        // "available" with a null output is a transient race; keep polling.
        if (st->state == StatementState::cancelled ||
            (st->state == StatementState::available && st->output)) {
            co_return st;
        }
        if (!co_await impl.pause(poll_delay(impl.config.poll, poll))) {
            co_return cancelled("waiting for statement " + std::to_string(statement_id));
        }
    }
}

asio::awaitable<Result<Batch>> batch_loop(Client& client, Client::Impl& impl, Id id) {
    std::string last_state;
    for (int poll = 1;; ++poll) {
        Result<StateInfo> s = co_await client.batch_state(id);
        if (!s) {
            co_return s.error();
        }
        if (s->state_text != last_state && impl.logger) {
            impl.logger->debug("batch_id={} state={}", id, s->state_text);
        }
        last_state = s->state_text;
        if (is_terminal_batch(s->state)) {
            co_return co_await client.get_batch(id);
        }
        if (!co_await impl.pause(poll_delay(impl.config.poll, poll))) {
            co_return cancelled("waiting for batch " + id);
        }
    }
}

}  // namespace

// Each wait races its loop against a deadline timer (Boost 1.81: `||`, no cancel_after). The
// loser is cancelled; cancellation of the caller reaches both.

asio::awaitable<Result<Session>> Client::wait_for_session_idle(Id id, Millis timeout) {
    const std::string what = "waiting for session " + id + " to become idle";
    try {
        asio::steady_timer timer(impl_->executor, timeout);
        auto raced = co_await (session_idle_loop(*this, *impl_, id) || timer.async_wait(kNothrow));
        if (raced.index() == 0) {
            co_return std::get<0>(std::move(raced));
        }
        co_return deadline_error(std::get<0>(std::get<1>(raced)), what, timeout);
    } catch (const boost::system::system_error& e) {
        if (e.code() != asio::error::operation_aborted) {
            throw;
        }
    }
    co_return cancelled(what);
}

asio::awaitable<Result<Statement>> Client::submit_statement(Id session_id, StatementRequest request,
                                                            Millis timeout) {
    const std::string what = "submitting a statement to session " + session_id;
    try {
        asio::steady_timer timer(impl_->executor, timeout);
        auto raced = co_await (submit_loop(*this, *impl_, session_id, std::move(request)) ||
                               timer.async_wait(kNothrow));
        if (raced.index() == 0) {
            co_return std::get<0>(std::move(raced));
        }
        co_return deadline_error(std::get<0>(std::get<1>(raced)), what, timeout);
    } catch (const boost::system::system_error& e) {
        if (e.code() != asio::error::operation_aborted) {
            throw;
        }
    }
    co_return cancelled(what);
}

asio::awaitable<Result<Statement>> Client::wait_for_statement(Id session_id, std::int64_t statement_id,
                                                              Millis timeout) {
    const std::string what =
        "waiting for statement " + std::to_string(statement_id) + " of session " + session_id;
    try {
        asio::steady_timer timer(impl_->executor, timeout);
        auto raced =
            co_await (statement_loop(*this, *impl_, session_id, statement_id) || timer.async_wait(kNothrow));
        if (raced.index() == 0) {
            co_return std::get<0>(std::move(raced));
        }
        co_return deadline_error(std::get<0>(std::get<1>(raced)), what, timeout);
    } catch (const boost::system::system_error& e) {
        if (e.code() != asio::error::operation_aborted) {
            throw;
        }
    }
    co_return cancelled(what);
}

asio::awaitable<Result<Batch>> Client::wait_for_batch(Id id, Millis timeout) {
    const std::string what = "waiting for batch " + id + " to finish";
    try {
        asio::steady_timer timer(impl_->executor, timeout);
        auto raced = co_await (batch_loop(*this, *impl_, id) || timer.async_wait(kNothrow));
        if (raced.index() == 0) {
            co_return std::get<0>(std::move(raced));
        }
        co_return deadline_error(std::get<0>(std::get<1>(raced)), what, timeout);
    } catch (const boost::system::system_error& e) {
        if (e.code() != asio::error::operation_aborted) {
            throw;
        }
    }
    co_return cancelled(what);
}

}  // namespace livy
