#pragma once

// Acknowledged means durable: the last thing `dispatch` does before a mutating request's reply
// leaves (docs/store.md, "Durability guarantees").

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/message.hpp"

#include <string_view>

namespace steward::api {

/// True for the methods that may change state (everything but GET, HEAD and OPTIONS).
[[nodiscard]] bool is_mutating_method(std::string_view method) noexcept;

/// When `request` is a mutation and `response` tells the caller it succeeded (status below 400),
/// makes every commit so far durable (`store::Store::sync_commits`: one fsync of the WAL if
/// anything was committed since the last one): the handler's writes and the audit row survive a
/// power cut before the caller hears of them. It runs in `dispatch`, after the audit row, for
/// every route, so a new route cannot forget it. Throws `store::StoreError` when the sync fails;
/// the request is then answered with an error instead (`store_error_response`).
void make_reply_durable(Context& context, const Request& request, const Response& response);

}  // namespace steward::api
