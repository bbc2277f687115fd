#pragma once

// The one place where requests are checked before their handler (docs/security.md): the Host
// header, cross-site requests, duplicated identity headers, authentication, CSRF for cookie
// sessions, and the route's permission. And the audit of every mutation.

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/message.hpp"
#include "orchestrator/api/router.hpp"

#include <optional>

namespace steward::api {

/// Decides whether `request` may reach the handler of a route with `access`. On success sets
/// `request.principal` (for open routes, when credentials are present and valid) and returns
/// nullopt; otherwise the refusal: 400 (a duplicated identity header; X-Steward-User outside
/// auth.mode none), 401 (no or bad credentials, with `WWW-Authenticate`), 403 (a foreign Host, a
/// cross-site mutation, a missing or wrong CSRF token, a missing permission, each named), 415 (a
/// mutation whose body is not JSON). Store failures throw.
[[nodiscard]] std::optional<Response> admit(Context& context, Request& request, const RouteAccess& access,
                                            const PathParams& params);

/// Records a mutation that reached its handler (a route with an `audit` action) in the audit
/// log: the actor, the action, the object (from the path), the outcome status, the address and
/// the authentication method. Store failures throw.
void audit_mutation(Context& context, const Request& request, const RouteAccess& access,
                    const PathParams& params, const Response& response);

/// Records a refused mutation by an authenticated caller (403) the same way; other refusals are
/// not recorded (the server log has them).
void audit_refusal(Context& context, const Request& request, const RouteAccess& access,
                   const PathParams& params, const Response& refusal);

/// The session cookie's name.
inline constexpr std::string_view kSessionCookie = "steward_session";

/// The value of cookie `name` in a Cookie header, or "". Pure.
[[nodiscard]] std::string cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace steward::api
