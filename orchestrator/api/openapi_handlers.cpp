// The API's own contract (docs/api.md).
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/openapi_document.hpp"

namespace steward::api {

Response handle_openapi(Context&, const Request&, const PathParams&) {
    Response response;
    response.body = openapi_document_text();
    return response;
}

}  // namespace steward::api
