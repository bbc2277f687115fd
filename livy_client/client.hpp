#pragma once

#include "livy_client/config.hpp"
#include "livy_client/error.hpp"
#include "livy_client/types.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace livy {

/// Attempt counters, for tests and metrics.
struct ClientStats {
    int last_call_attempts = 0;        ///< HTTP attempts of the most recently finished call
    std::uint64_t total_attempts = 0;  ///< all HTTP attempts since construction
    std::uint64_t total_calls = 0;     ///< all finished calls since construction
    std::uint64_t reconnects = 0;      ///< immediate idempotent retries after a stale pooled connection
    std::uint64_t connections_opened = 0;
};

/// Asynchronous client of the Apache Livy REST API (0.5 .. 0.9).
///
/// Threading: every member must be called from the executor given at construction (one
/// io_context thread); the client is not thread-safe. Several calls may be in flight at once
/// (each uses its own pooled connection). The client must outlive its calls.
///
/// Errors: every call returns `Result<T>` (= `boost::system::result<T, livy::Error>`); expected
/// failures (HTTP errors, timeouts, connection failures, bad JSON, 404 -> Errc::not_found) are
/// values, never exceptions. Only std::bad_alloc may escape. Cancellation of the awaiting
/// coroutine (asio per-operation cancellation, e.g. `bind_cancellation_slot` on `co_spawn`)
/// makes the pending call return Errc::cancelled.
///
/// Ids: session and batch ids are opaque strings (`livy::Id`: an integer id as its decimal text, a
/// GUID as sent); they are percent-encoded into request paths. Statement ids are integers.
///
/// Undecodable replies: a 2xx reply that is not the JSON Livy documents (invalid JSON, a missing
/// `id`, a field of the wrong type) is Errc::bad_response naming the field, logged at warn with
/// the route; it is not retried by the client.
///
/// Retries: GET, DELETE and statement cancel are retried per `ClientConfig::retry` on connection
/// errors, timeouts and 502/503/504. `create_batch`/`create_session` are never re-sent blindly:
/// when the outcome is unknown they look the name up first (see docs/livy-client.md). Statement
/// POSTs are never retried once they may have reached the server (`Error::outcome_unknown`).
class Client {
public:
    /// Throws std::invalid_argument (message names the field, e.g. "livy base_url: ...") on an
    /// invalid base URL, unreadable CA file or out-of-range policy values.
    Client(boost::asio::any_io_executor executor, ClientConfig config);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    /// The executor given at construction.
    const boost::asio::any_io_executor& get_executor() const noexcept;
    /// The configuration in effect (after validation).
    const ClientConfig& config() const noexcept;
    /// Attempt counters.
    const ClientStats& stats() const noexcept;

    /// `GET /version`.
    boost::asio::awaitable<Result<Version>> version();

    // --- interactive sessions ---

    /// `POST /sessions`; accepts 200 or 201; the id comes from the body. See class comment for
    /// the unknown-outcome rule (resolved by `request.name`).
    boost::asio::awaitable<Result<Session>> create_session(SessionRequest request);
    /// `GET /sessions?from=&size=`.
    boost::asio::awaitable<Result<SessionList>> list_sessions(Page page = {});
    /// `GET /sessions/{id}`; 404 -> Errc::not_found.
    boost::asio::awaitable<Result<Session>> get_session(Id id);
    /// `GET /sessions/{name}`, falling back to listing all sessions and matching `name`; an empty
    /// optional when absent.
    boost::asio::awaitable<Result<std::optional<Session>>> find_session_by_name(std::string_view name);
    /// `GET /sessions/{id}/state`.
    boost::asio::awaitable<Result<StateInfo>> session_state(Id id);
    /// `GET /sessions/{id}/log?from=&size=`.
    boost::asio::awaitable<Result<LogPage>> session_log(Id id, LogRange range = {});
    /// `DELETE /sessions/{id}`. A 404 on a retried attempt counts as success (the earlier attempt
    /// deleted it); a 404 on the first attempt is Errc::not_found.
    boost::asio::awaitable<Result<void>> delete_session(Id id);

    // --- statements ---

    /// `POST /sessions/{id}/statements`, once. A 500 "Session is in state ..." is returned as
    /// Errc::http_status (see `submit_statement` for the waiting variant).
    boost::asio::awaitable<Result<Statement>> create_statement(Id session_id, StatementRequest request);
    /// `GET /sessions/{id}/statements?from=&size=&order=desc`.
    boost::asio::awaitable<Result<StatementList>> list_statements(Id session_id, StatementPage page = {});
    /// `GET /sessions/{id}/statements/{sid}`; 404 -> Errc::not_found.
    boost::asio::awaitable<Result<Statement>> get_statement(Id session_id, std::int64_t statement_id);
    /// `POST /sessions/{id}/statements/{sid}/cancel` (idempotent, retried).
    boost::asio::awaitable<Result<void>> cancel_statement(Id session_id, std::int64_t statement_id);
    /// `POST /sessions/{id}/completion`, once.
    boost::asio::awaitable<Result<Completion>> completion(Id session_id, CompletionRequest request);

    // --- batches ---

    /// `POST /batches`; Errc::invalid_request without `file`. Unknown outcome resolved by name.
    boost::asio::awaitable<Result<Batch>> create_batch(BatchRequest request);
    /// `GET /batches?from=&size=`.
    boost::asio::awaitable<Result<BatchList>> list_batches(Page page = {});
    /// `GET /batches/{id}`; 404 -> Errc::not_found.
    boost::asio::awaitable<Result<Batch>> get_batch(Id id);
    /// `GET /batches/{name}`, falling back to listing all batches and matching `name`; an empty
    /// optional when absent.
    boost::asio::awaitable<Result<std::optional<Batch>>> find_batch_by_name(std::string_view name);
    /// `GET /batches/{id}/state`.
    boost::asio::awaitable<Result<StateInfo>> batch_state(Id id);
    /// `GET /batches/{id}/log?from=&size=`.
    boost::asio::awaitable<Result<LogPage>> batch_log(Id id, LogRange range = {});
    /// `DELETE /batches/{id}`; same 404 rule as delete_session.
    boost::asio::awaitable<Result<void>> delete_batch(Id id);

    // --- waiting helpers (poll with ClientConfig::poll backoff on a steady_timer) ---

    /// Polls `GET /sessions/{id}` until `idle`. Errc::terminal_state (message names the state)
    /// when the session reaches a terminal state; Errc::timeout after `timeout`; Errc::cancelled
    /// on cancellation; other errors as returned by the poll call.
    boost::asio::awaitable<Result<Session>> wait_for_session_idle(Id id, Millis timeout);
    /// Posts a statement; while the server answers 500 "Session is in state ..." and the
    /// session is starting/recovering (checked with GET state), waits and re-posts until
    /// `timeout`. Any other state makes that 500 final (Errc::http_status).
    boost::asio::awaitable<Result<Statement>> submit_statement(Id session_id, StatementRequest request,
                                                               Millis timeout);
    /// Polls the statement until `available` (with non-null output; a null output is polled
    /// again) or `cancelled`. Errc::timeout / Errc::cancelled as above.
    boost::asio::awaitable<Result<Statement>> wait_for_statement(Id session_id, std::int64_t statement_id,
                                                                 Millis timeout);
    /// Polls `GET /batches/{id}/state` until a batch terminal state (dead, killed, success), then
    /// returns `GET /batches/{id}`. Errc::timeout / Errc::cancelled as above.
    boost::asio::awaitable<Result<Batch>> wait_for_batch(Id id, Millis timeout);

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace livy
