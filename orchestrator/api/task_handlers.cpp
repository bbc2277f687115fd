#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/read_offload.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/auth/authenticator.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/store/read_pool.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace steward::api {
namespace json = boost::json;
namespace {

constexpr int kHistoryEntries = 20;

std::int64_t now_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

/// The caller's roles as the engine counts them when it decides who may answer: the principal's,
/// then the account's (config and database roles).
std::vector<std::string> caller_roles(Context& context, const core::Principal& principal) {
    std::vector<std::string> roles = principal.roles;
    if (const auto account = context.auth.account(principal.user)) {
        for (const std::string& role : account->roles) {
            if (std::find(roles.begin(), roles.end(), role) == roles.end()) {
                roles.push_back(role);
            }
        }
    }
    return roles;
}

ApiError bad_query(std::string message) {
    return ApiError{Errc::invalid_param, std::move(message)};
}

/// The filter of `GET /api/tasks` (docs/api.md, "Tasks"); errors name the parameter.
ApiResult<store::TaskFilter> task_filter(Context& context, const Request& request) {
    store::TaskFilter filter;
    const std::string state_text = text_query(request, "state").value_or("open");
    if (state_text == "all") {
        filter.answerable_only = false;
    } else if (state_text != "open") {
        filter.state = store::parse_task_state(state_text);
        if (!filter.state) {
            return bad_query(
                "query parameter 'state' must be open, all, completed, timed_out, cancelled or escalated; "
                "got '" +
                state_text + "'");
        }
    }
    const auto run = int_query(request, "run", 0, 0, INT64_MAX);
    if (!run)
        return run.error();
    if (*run > 0)
        filter.run_id = *run;
    const auto user = text_query(request, "user");
    if (user) {
        const auto account = context.auth.account(*user);
        if (!account) {
            return bad_query("query parameter 'user': '" + *user + "' is not known to this server");
        }
        filter.user = *user;
        filter.roles = account->roles;
    }
    if (const auto who = text_query(request, "for")) {
        if (*who != "me" && *who != "roles" && *who != "answerable") {
            return bad_query("query parameter 'for' must be me, roles or answerable; got '" + *who + "'");
        }
        if (user) {
            return bad_query("query parameter 'for' names the caller; it cannot be combined with 'user'");
        }
        filter.assigned_only = true;
        if (*who != "roles" && request.principal) {
            filter.user = request.principal->user;
        }
        if (*who != "me" && request.principal) {
            filter.roles = caller_roles(context, *request.principal);
        }
    }
    const auto overdue = bool_query(request, "overdue", false);
    if (!overdue)
        return overdue.error();
    if (*overdue) {
        if (state_text != "open") {
            return bad_query(
                "query parameter 'overdue': only open tasks are overdue; it needs state=open, got '" +
                state_text + "'");
        }
        filter.deadline_before = now_millis();
    }
    const std::string sort = text_query(request, "sort").value_or("newest");
    if (sort != "newest" && sort != "deadline") {
        return bad_query("query parameter 'sort' must be newest or deadline; got '" + sort + "'");
    }
    filter.by_deadline = sort == "deadline";
    if (filter.by_deadline && state_text != "open" && !filter.run_id) {
        return bad_query(
            "query parameter 'sort': deadline orders open tasks (state=open) or one run's tasks (run=ID)");
    }
    return filter;
}

/// A closed task as a decision of its step's history.
json::object decision_json(const store::UserTask& task) {
    json::object full = task_json(task, task.step_id);
    json::object out;
    for (const char* key :
         {"id", "run_id", "state", "outcome", "responder", "response", "responded_at", "closed_at"}) {
        out[key] = full.at(key);
    }
    return out;
}

}  // namespace

Response handle_list_tasks(Context& context, const Request& request, const PathParams&) {
    const auto paging = page_query(request, 50, true);
    if (!paging)
        return error_response(paging.error());
    auto filter = task_filter(context, request);
    if (!filter)
        return error_response(filter.error());
    if (paging->before && filter->by_deadline) {
        return error_response(
            bad_query("query parameter 'before' pages the newest-first order; it cannot be combined with "
                      "sort=deadline (use offset)"));
    }
    filter->limit = paging->limit;
    filter->offset = paging->offset;
    filter->before = paging->before;
    // The query and the JSON on the read pool: plain values only (docs/api.md, "Paging").
    return read_offloaded(context, "GET /api/tasks", [wanted = std::move(*filter)](store::ReadView view) {
        json::array out;
        const std::vector<store::UserTask> tasks = view.tasks.list(wanted).value();
        for (const store::UserTask& task : tasks) {
            out.push_back(task_json(task, task.step_id));
        }
        const bool full = !tasks.empty() && tasks.size() == static_cast<std::size_t>(wanted.limit);
        const json::value next_before = full ? json::value(tasks.back().id) : json::value(nullptr);
        const json::value next_offset = full && wanted.offset + wanted.limit <= kMaxListOffset
                                            ? json::value(wanted.offset + wanted.limit)
                                            : json::value(nullptr);
        return json_response(200, json::object{{"tasks", std::move(out)},
                                               {"total", view.tasks.count(wanted).value()},
                                               {"limit", wanted.limit},
                                               {"offset", wanted.offset},
                                               {"next_offset", next_offset},
                                               {"next_before", next_before}});
    });
}

Response handle_get_task(Context& context, const Request&, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    auto task = context.store.tasks().get(*id);
    if (!task) {
        return error_response(ApiError{task.error(), "no task " + std::to_string(*id)});
    }
    json::array history;
    for (const store::UserTask& decision :
         context.store.tasks().step_history(task->run_id, task->step_id, kHistoryEntries).value()) {
        history.push_back(decision_json(decision));
    }
    json::object body = task_json(*task, task->step_id);
    body["history"] = std::move(history);
    return json_response(200, body);
}

Response handle_complete_task(Context& context, const Request& request, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    auto body = json_body(request, {"outcome", "values"});
    if (!body)
        return error_response(body.error());
    const auto* outcome = body->if_contains("outcome");
    if (!outcome || !outcome->is_string() || outcome->as_string().empty()) {
        return error_response(Errc::bad_request,
                              "field 'outcome' is required and must be a non-empty string");
    }
    json::object values;
    if (const auto* given = body->if_contains("values"); given && !given->is_null()) {
        if (!given->is_object()) {
            return error_response(Errc::bad_request, "field 'values' must be a JSON object of form values");
        }
        values = given->as_object();
    }
    TaskCompletion completion;
    completion.user = request.principal->user;
    completion.roles = request.principal->roles;
    completion.outcome = std::string(outcome->as_string());
    completion.form_json = engine::json_text(values);
    auto task = context.commands.complete_task(*id, completion);
    if (!task) {
        return error_response(task.error());
    }
    return json_response(200, task_json(*task, task->step_id));
}

}  // namespace steward::api
