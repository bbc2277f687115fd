#include "orchestrator/api/router.hpp"

#include "orchestrator/api/durable_reply.hpp"
#include "orchestrator/api/errors.hpp"
#include "orchestrator/api/gate.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/http_metrics.hpp"
#include "orchestrator/api/read_offload.hpp"
#include "orchestrator/api/static_site.hpp"
#include "orchestrator/store/errc.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <exception>
#include <utility>
#include <vector>

namespace steward::api {
namespace {

using core::Permission;

constexpr RouteAccess open_to_all() {
    return RouteAccess{RouteAccess::Kind::open, Permission::view, "", ""};
}
constexpr RouteAccess signed_in(std::string_view audit = "") {
    return RouteAccess{RouteAccess::Kind::signed_in, Permission::view, "", audit};
}
constexpr RouteAccess may(Permission permission, std::string_view resource, std::string_view audit = "") {
    return RouteAccess{RouteAccess::Kind::permitted, permission, resource, audit};
}

constexpr std::array kRoutes{
    Route{"/api/health", "GET", handle_health, open_to_all()},
    Route{"/api/openapi.json", "GET", handle_openapi, open_to_all()},
    Route{"/api/session", "POST", handle_sign_in, open_to_all()},
    Route{"/api/session", "GET", handle_whoami, signed_in()},
    Route{"/api/session", "DELETE", handle_sign_out, signed_in("session.end")},
    Route{"/api/workflows", "GET", handle_list_workflows, may(Permission::view, "workflows")},
    Route{"/api/workflows/{name}", "GET", handle_get_workflow, may(Permission::view, "workflows")},
    Route{"/api/workflows/{name}/versions/{version}", "GET", handle_get_workflow_version,
          may(Permission::view, "workflows")},
    Route{"/api/workflows/{name}/runs", "POST", handle_start_run,
          may(Permission::trigger, "runs", "run.trigger")},
    Route{"/api/runs", "GET", handle_list_runs, may(Permission::view, "runs")},
    Route{"/api/runs/{id}", "GET", handle_get_run, may(Permission::view, "runs")},
    Route{"/api/runs/{id}/cancel", "POST", handle_cancel_run, may(Permission::cancel, "runs", "run.cancel")},
    Route{"/api/runs/{id}/rerun", "POST", handle_rerun_run, may(Permission::trigger, "runs", "run.rerun")},
    Route{"/api/runs/{id}/events", "GET", handle_list_run_events, may(Permission::view, "runs")},
    Route{"/api/runs/{id}/steps/{step}/log", "GET", handle_get_step_log, may(Permission::view, "runs")},
    Route{"/api/tasks", "GET", handle_list_tasks, may(Permission::view, "tasks")},
    Route{"/api/tasks/{id}", "GET", handle_get_task, may(Permission::view, "tasks")},
    Route{"/api/tasks/{id}/complete", "POST", handle_complete_task,
          may(Permission::answer, "tasks", "task.answer")},
    Route{"/api/models/{model}/trend", "GET", handle_model_trend, may(Permission::view, "models")},
    Route{"/api/models/{model}/aliases/{alias}", "PUT", handle_set_alias,
          may(Permission::promote, "models", "alias.move")},
    Route{"/api/reports/{id}", "GET", handle_get_report, may(Permission::view, "reports")},
    Route{"/api/models", "GET", handle_list_models, may(Permission::view, "models")},
    Route{"/api/models/{model}", "GET", handle_get_model, may(Permission::view, "models")},
    Route{"/api/models/{model}/versions/{version}", "GET", handle_get_model_version,
          may(Permission::view, "models")},
    Route{"/api/reports", "GET", handle_list_reports, may(Permission::view, "reports")},
    Route{"/api/tokens", "GET", handle_list_tokens, may(Permission::admin, "tokens")},
    Route{"/api/tokens", "POST", handle_create_token, may(Permission::admin, "tokens", "token.create")},
    Route{"/api/tokens/{id}", "DELETE", handle_revoke_token,
          may(Permission::admin, "tokens", "token.revoke")},
    Route{"/api/audit", "GET", handle_list_audit, may(Permission::admin, "audit")},
    Route{"/api/events", "GET", handle_events, may(Permission::view, "runs")},
    Route{"/metrics", "GET", handle_metrics, may(Permission::view, "metrics")},
};

std::vector<std::string_view> split_path(std::string_view path) {
    std::vector<std::string_view> segments;
    if (path.empty() || path.front() != '/') {
        return segments;
    }
    path.remove_prefix(1);
    while (true) {
        const auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) {
            break;
        }
        path.remove_prefix(slash + 1);
    }
    return segments;
}

bool is_number(std::string_view text) {
    return !text.empty() && text.size() <= 18 &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Matches one pattern against the request's segments, filling `params`.
bool match_pattern(std::string_view pattern, const std::vector<std::string_view>& segments,
                   PathParams& params) {
    const auto wanted = split_path(pattern);
    if (wanted.size() != segments.size()) {
        return false;
    }
    PathParams found;
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const std::string_view w = wanted[i];
        if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
            const std::string_view name = w.substr(1, w.size() - 2);
            if (segments[i].empty() || (name == "id" && !is_number(segments[i]))) {
                return false;
            }
            found.emplace(std::string(name), std::string(segments[i]));
        } else if (w != segments[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

}  // namespace

std::span<const Route> api_routes() noexcept {
    return kRoutes;
}

RouteMatch match_route(std::span<const Route> routes, std::string_view method, std::string_view path) {
    RouteMatch match;
    const auto segments = split_path(path);
    if (segments.empty()) {
        return match;
    }
    for (const Route& route : routes) {
        PathParams params;
        if (!match_pattern(route.pattern, segments, params)) {
            continue;
        }
        if (route.method == method) {
            match.kind = RouteMatch::Kind::found;
            match.route = &route;
            match.params = std::move(params);
            return match;
        }
        match.kind = RouteMatch::Kind::method_not_allowed;
        if (match.allow.find(route.method) == std::string::npos) {
            match.allow += (match.allow.empty() ? "" : ", ") + std::string(route.method);
        }
    }
    return match;
}

namespace {

// Runs `answer` for `request`; any exception becomes a generic 500 whose details are logged
// (logger "api") and never sent.
template <typename Answer>
Response guarded(const Request& request, Answer&& answer) {
    try {
        return std::forward<Answer>(answer)();
    } catch (const store::StoreError& e) {  // a full disk is the caller's to know (507)
        if (auto log = spdlog::get("api")) {
            log->error("{} {} failed: {}", request.method, request.path, e.what());
        }
        return store_failure_response(e.sqlite_code());
    } catch (const std::exception& e) {
        if (auto log = spdlog::get("api")) {
            log->error("{} {} failed: {}", request.method, request.path, e.what());
        }
    } catch (...) {
        if (auto log = spdlog::get("api")) {
            log->error("{} {} failed with a non-standard exception", request.method, request.path);
        }
    }
    return error_response(Errc::internal, "");
}

// `dispatch` without the metrics: the answer to a request already looked up in the table.
Response respond(Context& context, Request request, const RouteMatch& match) {
    if (match.kind == RouteMatch::Kind::not_found) {
        return error_response(Errc::not_found, "no API endpoint at '" + request.path + "'");
    }
    if (match.kind == RouteMatch::Kind::method_not_allowed) {
        Response response =
            error_response(Errc::method_not_allowed, request.method + " is not allowed on '" + request.path +
                                                         "' (allowed: " + match.allow + ")");
        response.headers.emplace_back("Allow", match.allow);
        return response;
    }
    return guarded(request, [&] {
        if (auto refused = admit(context, request, match.route->access, match.params)) {
            audit_refusal(context, request, match.route->access, match.params, *refused);
            return std::move(*refused);
        }
        Response response = match.route->handler(context, request, match.params);
        audit_mutation(context, request, match.route->access, match.params, response);
        make_reply_durable(context, request, response);  // acknowledged means durable
        return response;
    });
}

// The answer on a UI path: open to all, but the gate's Host checks apply (a GET or HEAD passes
// the gate as an open route would).
Response respond_ui(Context& context, Request request) {
    return guarded(request, [&] {
        if (request.method == "GET" || request.method == "HEAD") {
            if (auto refused = admit(context, request, open_to_all(), PathParams{})) {
                return std::move(*refused);
            }
        }
        return serve_ui(*context.ui, request);
    });
}

}  // namespace

Response dispatch(Context& context, Request request, std::span<const Route> routes) {
    const auto start = std::chrono::steady_clock::now();
    const bool ui = context.ui != nullptr && is_ui_path(request.path);
    const RouteMatch match = ui ? RouteMatch{} : match_route(routes, request.method, request.path);
    if (context.metrics == nullptr) {
        return ui ? respond_ui(context, std::move(request)) : respond(context, std::move(request), match);
    }
    const std::string method = request.method;
    Response response =
        ui ? respond_ui(context, std::move(request)) : respond(context, std::move(request), match);
    const std::string_view route = ui                                      ? std::string_view("ui")
                                   : match.kind == RouteMatch::Kind::found ? match.route->pattern
                                                                           : std::string_view("unmatched");
    if (response.deferred) {  // recorded with the final status once the read pool answered
        response.deferred->finished = [metrics = context.metrics, method, route,
                                       start](const Response& done) {
            record_http_request(
                *metrics, method, route, done.status,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        };
        return response;
    }
    record_http_request(*context.metrics, method, route, response.status,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return response;
}

}  // namespace steward::api
