#include "orchestrator/api/gate.hpp"

#include "orchestrator/api/errors.hpp"
#include "orchestrator/auth/authenticator.hpp"
#include "orchestrator/auth/secrets.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace steward::api {
namespace json = boost::json;
namespace {

// Headers that carry identity or decide the checks below: a second copy is refused, never
// resolved silently.
constexpr std::array<std::string_view, 8> kIdentityHeaders{"authorization",  "cookie",       "host",
                                                           "origin",         "x-csrf-token", "x-steward-user",
                                                           "sec-fetch-site", "content-type"};

bool is_safe(std::string_view method) {
    return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// The host of a Host header value without the port, lower-case; an IPv6 address keeps its
// brackets ("[::1]"), as http.allowed_hosts writes it.
std::string host_name(std::string_view host) {
    if (host.starts_with('[')) {
        return lower(host.substr(0, host.find(']') + 1));  // npos + 1 = 0: "" for an unclosed bracket
    }
    return lower(host.substr(0, host.find(':')));
}

bool loopback_name(std::string_view name) {
    if (name == "localhost" || name == "[::1]") {
        return true;
    }
    return name.starts_with("127.") && std::count(name.begin(), name.end(), '.') == 3 &&
           name.find_first_not_of("0123456789.") == std::string_view::npos;
}

Response refuse(Errc code, std::string message) {
    return error_response(code, std::move(message));
}

std::string own_origin(const Request& request) {
    const std::string* host = request.header("host");
    return std::string(request.tls ? "https://" : "http://") + (host ? lower(*host) : std::string());
}

std::optional<Response> check_host(const Context& context, const Request& request) {
    const std::string* host = request.header("host");
    const std::string name = host ? host_name(*host) : std::string();
    const auto& allowed = context.access.allowed_hosts;
    if (!allowed.empty()) {
        if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
            return refuse(Errc::forbidden, "this server does not answer for host '" + name.substr(0, 100) +
                                               "' (config http.allowed_hosts)");
        }
        return std::nullopt;
    }
    if (context.auth.settings().mode == auth::Mode::none && !loopback_name(name)) {
        return refuse(Errc::forbidden,
                      "this server has no authentication (auth.mode none) and answers only "
                      "for localhost and loopback addresses, not host '" +
                          name.substr(0, 100) + "'");
    }
    return std::nullopt;
}

// A mutation must not come from another site: browsers send Sec-Fetch-Site and Origin.
std::optional<Response> check_cross_site(const Request& request) {
    if (const std::string* site = request.header("sec-fetch-site");
        site && (*site == "cross-site" || *site == "same-site")) {
        return refuse(Errc::forbidden, "a request from another site may not change anything here");
    }
    if (const std::string* origin = request.header("origin");
        origin && lower(*origin) != own_origin(request)) {
        return refuse(Errc::forbidden, "a request from another origin may not change anything here");
    }
    const bool has_body = !request.body.empty();
    const std::string* type = request.header("content-type");
    if (has_body && (!type || !lower(*type).starts_with("application/json"))) {
        return refuse(Errc::unsupported_media_type,
                      "the body of a change must be JSON (Content-Type: application/json)");
    }
    return std::nullopt;
}

// A cookie-authenticated change needs a same-origin marker and the session's CSRF token.
std::optional<Response> check_csrf(const Request& request, const core::Principal& principal) {
    const std::string* origin = request.header("origin");
    const std::string* site = request.header("sec-fetch-site");
    const bool same_origin =
        (origin && lower(*origin) == own_origin(request)) || (site && *site == "same-origin");
    if (!same_origin) {
        return refuse(Errc::forbidden,
                      "a signed-in browser request that changes something must carry this "
                      "server's Origin or Sec-Fetch-Site: same-origin");
    }
    const std::string* token = request.header("x-csrf-token");
    if (!token || !auth::constant_time_equal(*token, principal.csrf_token)) {
        return refuse(Errc::forbidden,
                      "missing or wrong CSRF token: send the X-CSRF-Token header given by GET /api/session");
    }
    return std::nullopt;
}

auth::Credentials credentials_of(const Context& context, const Request& request) {
    auth::Credentials credentials;
    credentials.address = request.remote_address;
    if (const std::string* authorization = request.header("authorization")) {
        const std::string scheme = lower(authorization->substr(0, authorization->find(' ')));
        if (scheme == "bearer" && authorization->size() > 7) {
            credentials.bearer = authorization->substr(7);
        }
    }
    if (const std::string* cookie = request.header("cookie")) {
        credentials.session = cookie_value(*cookie, kSessionCookie);
    }
    if (context.auth.settings().mode == auth::Mode::proxy) {
        if (const std::string* user = request.header(context.access.proxy_user_header)) {
            credentials.proxy_user = *user;
        }
        if (const std::string* groups = request.header(context.access.proxy_groups_header)) {
            credentials.proxy_groups = *groups;
        }
    }
    if (const std::string* asserted = request.header("x-steward-user")) {
        credentials.asserted_user = *asserted;
    }
    return credentials;
}

std::optional<Response> check_headers(const Context& context, const Request& request) {
    for (const std::string& name : request.repeated_headers) {
        const bool identity =
            std::find(kIdentityHeaders.begin(), kIdentityHeaders.end(), name) != kIdentityHeaders.end() ||
            name == context.access.proxy_user_header || name == context.access.proxy_groups_header;
        if (identity) {
            return refuse(Errc::bad_request, "the header '" + name + "' appears more than once");
        }
    }
    if (request.header("x-steward-user") && context.auth.settings().mode != auth::Mode::none) {
        return refuse(Errc::bad_request,
                      "the X-Steward-User header is not accepted: this server authenticates "
                      "callers; sign in or send an API token (Authorization: Bearer ...)");
    }
    if (const std::string* authorization = request.header("authorization");
        authorization && lower(authorization->substr(0, 7)) != "bearer ") {
        return refuse(Errc::unauthenticated, "only Bearer tokens are accepted in the Authorization header");
    }
    return std::nullopt;
}

std::string object_type(const RouteAccess& access, const PathParams& params) {
    if (params.contains("name"))
        return "workflow";
    if (params.contains("model"))
        return "model";
    std::string type(access.resource);
    if (type.ends_with('s'))
        type.pop_back();
    return type.empty() ? "server" : type;
}

std::string object_id(const PathParams& params) {
    if (const auto it = params.find("id"); it != params.end())
        return it->second;
    if (const auto it = params.find("name"); it != params.end())
        return it->second;
    if (const auto it = params.find("model"); it != params.end()) {
        const auto alias = params.find("alias");
        return it->second + (alias == params.end() ? "" : "@" + alias->second);
    }
    return "";
}

void record(Context& context, const Request& request, const RouteAccess& access, const PathParams& params,
            const Response& response, std::string_view action) {
    json::object details{{"status", response.status},
                         {"method", request.method},
                         {"path", request.path},
                         {"address", request.remote_address}};
    std::string actor = "anonymous";
    if (request.principal) {
        actor = request.principal->actor();
        details["via"] = std::string(core::to_string(request.principal->method));
        if (request.principal->token_id > 0)
            details["token_id"] = request.principal->token_id;
    }
    if (response.status >= 400) {
        details["refused"] = true;
    }
    context.auth.record(actor, action, object_type(access, params), object_id(params),
                        json::serialize(details));
}

// The workflow a `trigger` route acts on: the `{name}` in the path, or the workflow of run `{id}`
// (a rerun); nullopt for an unknown run.
std::optional<std::string> trigger_workflow(Context& context, const RouteAccess& access,
                                            const PathParams& params) {
    if (const auto it = params.find("name"); it != params.end()) {
        return it->second;
    }
    if (const auto it = params.find("id"); it != params.end() && access.resource == "runs") {
        store::RowId id = 0;
        const std::string& text = it->second;
        std::from_chars(text.data(), text.data() + text.size(), id);
        if (id <= 0) {
            return std::string();  // the handler answers 400 for an id of 0
        }
        auto run = context.store.runs().get_run(id);
        if (!run) {
            return std::nullopt;
        }
        return std::move(run->workflow_name);
    }
    return std::string();
}

}  // namespace

std::string cookie_value(std::string_view cookie_header, std::string_view name) {
    while (!cookie_header.empty()) {
        const auto semi = cookie_header.find(';');
        std::string_view pair = cookie_header.substr(0, semi);
        while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            return std::string(pair.substr(eq + 1));
        }
        if (semi == std::string_view::npos)
            break;
        cookie_header.remove_prefix(semi + 1);
    }
    return "";
}

std::optional<Response> admit(Context& context, Request& request, const RouteAccess& access,
                              const PathParams& params) {
    if (auto refused = check_headers(context, request))
        return refused;
    if (auto refused = check_host(context, request))
        return refused;
    const bool mutation = !is_safe(request.method);
    if (mutation) {
        if (auto refused = check_cross_site(request))
            return refused;
    }
    if (access.kind == RouteAccess::Kind::open) {
        return std::nullopt;
    }
    auto principal = context.auth.authenticate(credentials_of(context, request));
    if (!principal) {
        Response response = refuse(Errc::unauthenticated, principal.error().message);
        response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"steward\"");
        return response;
    }
    request.principal = std::move(*principal);
    if (mutation && request.principal->method == core::AuthMethod::session) {
        if (auto refused = check_csrf(request, *request.principal))
            return refused;
    }
    if (access.kind == RouteAccess::Kind::permitted) {
        core::Action action{access.permission, access.resource, ""};
        std::optional<std::string> workflow;
        if (access.permission == core::Permission::trigger) {
            workflow = trigger_workflow(context, access, params);
            if (!workflow) {
                return refuse(Errc::not_found, "no run " + params.at("id"));
            }
            action.workflow = *workflow;
        }
        if (auto reason = core::deny_reason(context.access.policy, *request.principal, action)) {
            return refuse(Errc::forbidden, *reason);
        }
    }
    return std::nullopt;
}

void audit_mutation(Context& context, const Request& request, const RouteAccess& access,
                    const PathParams& params, const Response& response) {
    if (!access.audit.empty()) {
        record(context, request, access, params, response, access.audit);
    }
}

void audit_refusal(Context& context, const Request& request, const RouteAccess& access,
                   const PathParams& params, const Response& refusal) {
    if (!access.audit.empty() && request.principal && refusal.status == 403) {
        record(context, request, access, params, refusal, access.audit);
    }
}

}  // namespace steward::api
