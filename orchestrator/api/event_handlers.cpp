#include "orchestrator/api/event_stream.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/store/store.hpp"

#include <memory>

namespace steward::api {

Response handle_events(Context& context, const Request& request, const PathParams&) {
    auto query = parse_event_query(request, context.store.runs().latest_event_id());
    if (!query) {
        return error_response(query.error());
    }
    if (query->run) {
        if (auto run = context.store.runs().get_run(*query->run); !run) {
            return error_response(ApiError{run.error(), "no run " + std::to_string(*query->run)});
        }
    }
    Response response;
    response.content_type = "text/event-stream";
    response.stream = std::make_shared<EventStream>(context.store, std::move(*query));
    return response;
}

}  // namespace steward::api
