#pragma once

// Heavy read-only handler work off the io_context thread (docs/api.md, "Paging"; docs/store.md,
// "Read connections"): a list handler parses its request on the io thread, then hands the query
// and the building of its response to the store's read pool; the server awaits the result and
// resumes on the io thread. Without a pool the query runs inline.

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/message.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <string>

namespace steward::store {
struct ReadView;
}

namespace steward::api {

/// A response still being computed: `Response::deferred`. The server co_awaits `run()` once, on
/// the io_context thread, and sends what it returns.
class DeferredResponse {
public:
    virtual ~DeferredResponse() = default;
    /// The final response. Never throws but bad_alloc: failures are answered (500, 503).
    /// Calls `finished` with it, when set, before returning it.
    virtual boost::asio::awaitable<Response> run() = 0;

    /// Called on the io_context thread with the final response (`dispatch` records the request's
    /// metrics there: its status and the time until the answer).
    std::function<void(const Response&)> finished;
};

/// A read query and the response built from its rows. Runs on a pool thread with that thread's
/// read-only repositories (or inline with the main store's): it must capture plain values only
/// (no `Context`, no `Request`) and may throw (a 500, logged).
using ReadQuery = std::function<Response(store::ReadView)>;

/// Answers with `query`: inline on `context.store` when `context.reads` is null, else a response
/// deferred to the pool. When the pool's queue is full the deferred response is a 503
/// `{"error":{"code":"busy",...}}` with `Retry-After: 1`, given at once. `what` names the request
/// in logs ("GET /api/tasks").
[[nodiscard]] Response read_offloaded(Context& context, std::string what, ReadQuery query);

/// The 503 of a full read queue. Pure.
[[nodiscard]] Response reads_busy_response();

}  // namespace steward::api
