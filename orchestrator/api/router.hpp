#pragma once

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/message.hpp"

#include <span>
#include <string>
#include <string_view>

namespace steward::api {

/// A handler: adapts one request to the store or the commands and builds the response. Handlers
/// return expected failures as error responses and let unexpected exceptions escape to
/// `dispatch`. Called on the io_context thread.
using Handler = Response (*)(Context& context, const Request& request, const PathParams& params);

/// Who may call a route, and how a call is audited.
struct RouteAccess {
    enum class Kind {
        open,       ///< anyone (health, sign-in)
        signed_in,  ///< any authenticated caller (who am I, sign-out)
        permitted,  ///< an authenticated caller holding `permission` on `resource`
    };
    Kind kind = Kind::permitted;
    core::Permission permission = core::Permission::view;
    std::string_view resource;  ///< "runs", "tasks", ...: what token scopes name
    std::string_view audit;     ///< the audit action of a mutation ("run.trigger"); "" = not audited here
};

/// One row of the routing table: a path pattern whose segments are literals or `{name}`
/// placeholders (`{id}` matches only a decimal number), a method, its handler and who may call it.
struct Route {
    std::string_view pattern;
    std::string_view method;
    Handler handler;
    RouteAccess access;
};

/// The API's routing table (docs/api.md lists it). Static data; thread-safe.
[[nodiscard]] std::span<const Route> api_routes() noexcept;

/// The outcome of looking a request up in a table.
struct RouteMatch {
    enum class Kind { found, not_found, method_not_allowed };
    Kind kind = Kind::not_found;
    const Route* route = nullptr;  ///< when found
    PathParams params;             ///< when found
    std::string allow;             ///< when method_not_allowed: the methods the path accepts ("GET, POST")
};

/// Finds the route for `method` and `path` in `routes`: the path decides between not_found and
/// a match, then the method between found and method_not_allowed. Pure; never throws but bad_alloc.
[[nodiscard]] RouteMatch match_route(std::span<const Route> routes, std::string_view method,
                                     std::string_view path);

/// Routes `request` through `routes`: 404 (no path), 405 with `Allow` (wrong method), else the
/// gate (`admit`: host, cross-site and CSRF checks, authentication, the route's permission) and,
/// when it admits, the handler; every mutation is audited (`audit_mutation`). With `context.ui`,
/// a path outside the API (`is_ui_path`) is answered by `serve_ui` instead (a GET or HEAD after
/// the gate's checks of an open route: the Host). Any exception becomes a generic 500 whose
/// details are logged (logger "api") and never sent. Never throws but bad_alloc.
[[nodiscard]] Response dispatch(Context& context, Request request,
                                std::span<const Route> routes = api_routes());

}  // namespace steward::api
