#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/http_metrics.hpp"

#include <chrono>

namespace steward::api {

Response handle_metrics(Context& context, const Request&, const PathParams&) {
    const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    core::metrics::Registry own;  // a server without a registry still reports the store
    core::metrics::Registry& registry = context.metrics != nullptr ? *context.metrics : own;
    describe_http_metrics(registry);
    refresh_store_metrics(registry, context.store, now_ms);
    Response response;
    response.body = registry.render();
    response.content_type = std::string(core::metrics::kContentType);
    return response;
}

}  // namespace steward::api
