#include "orchestrator/api/durable_reply.hpp"

#include "orchestrator/store/store.hpp"

namespace steward::api {

bool is_mutating_method(std::string_view method) noexcept {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

void make_reply_durable(Context& context, const Request& request, const Response& response) {
    if (response.status < 400 && is_mutating_method(request.method)) {
        context.store.sync_commits();
    }
}

}  // namespace steward::api
