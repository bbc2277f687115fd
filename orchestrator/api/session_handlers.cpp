// Signing in and out, and "who am I" (docs/api.md, docs/security.md).
#include "orchestrator/api/gate.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/auth/authenticator.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace steward::api {
namespace json = boost::json;
namespace {

std::string session_cookie(const Request& request, std::string_view value, std::int64_t max_age_s) {
    return std::string(kSessionCookie) + "=" + std::string(value) + "; Path=/; HttpOnly; SameSite=Strict" +
           (request.tls ? "; Secure" : "") + "; Max-Age=" + std::to_string(max_age_s);
}

json::object principal_json(const Context& context, const core::Principal& principal) {
    json::array permissions;
    for (const core::Permission permission : core::all_permissions()) {
        if (principal.method == core::AuthMethod::none ||
            core::has_permission(context.access.policy, principal, permission)) {
            permissions.emplace_back(std::string(core::to_string(permission)));
        }
    }
    json::object out{{"user", principal.user},
                     {"roles", json::array(principal.roles.begin(), principal.roles.end())},
                     {"method", std::string(core::to_string(principal.method))},
                     {"permissions", std::move(permissions)}};
    if (principal.method == core::AuthMethod::session) {
        out["csrf_token"] = principal.csrf_token;
    }
    if (principal.method == core::AuthMethod::token) {
        out["token_id"] = principal.token_id;
        out["scopes"] = json::array(principal.scopes.begin(), principal.scopes.end());
    }
    return out;
}

std::string text_field(const json::object& body, std::string_view name) {
    const auto* value = body.if_contains(name);
    return value && value->is_string() ? std::string(value->as_string()) : std::string();
}

}  // namespace

Response handle_sign_in(Context& context, const Request& request, const PathParams&) {
    auto body = json_body(request, {"user", "password"});
    if (!body)
        return error_response(body.error());
    const std::string user = text_field(*body, "user");
    const std::string password = text_field(*body, "password");
    if (user.empty() || password.empty() || user.size() > 128 || password.size() > 1024) {
        return error_response(
            Errc::bad_request,
            "fields 'user' and 'password' are required strings (at most 128 and 1024 characters)");
    }
    auto signed_in = context.auth.sign_in(user, password, request.remote_address);
    const json::object where{{"address", request.remote_address}};
    if (!signed_in) {
        const auth::Refusal& refusal = signed_in.error();
        json::object details = where;
        details["status"] = refusal.status;
        details["reason"] = refusal.code;
        context.auth.record("anonymous", "session.sign_in_failed", "user", user, json::serialize(details));
        const Errc code = refusal.status == 429   ? Errc::too_many_requests
                          : refusal.status == 400 ? Errc::bad_request
                                                  : Errc::unauthenticated;
        Response response = error_response(code, refusal.message);
        if (refusal.retry_after_s > 0) {
            response.headers.emplace_back("Retry-After", std::to_string(refusal.retry_after_s));
        }
        return response;
    }
    context.auth.record(user, "session.sign_in", "user", user, json::serialize(where));
    const std::int64_t max_age_s = context.auth.settings().session_max_ms / 1000;
    json::object out = principal_json(context, signed_in->principal);
    out["expires_at"] = signed_in->expires_at_ms;
    Response response = json_response(200, out);
    response.headers.emplace_back("Set-Cookie", session_cookie(request, signed_in->cookie_value, max_age_s));
    return response;
}

Response handle_whoami(Context& context, const Request& request, const PathParams&) {
    return json_response(200, principal_json(context, *request.principal));
}

Response handle_sign_out(Context& context, const Request& request, const PathParams&) {
    context.auth.sign_out(*request.principal);
    Response response = json_response(200, json::object{{"signed_out", true}});
    response.headers.emplace_back("Set-Cookie", session_cookie(request, "", 0));
    return response;
}

}  // namespace steward::api
