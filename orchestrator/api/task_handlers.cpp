#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/auth/authenticator.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

namespace steward::api {
namespace json = boost::json;
namespace {

constexpr int kScanPage = 200;

}  // namespace

Response handle_list_tasks(Context& context, const Request& request, const PathParams&) {
    const auto limit = int_query(request, "limit", 50, 1, 1000);
    if (!limit)
        return error_response(limit.error());
    const auto offset = int_query(request, "offset", 0, 0, 1'000'000'000);
    if (!offset)
        return error_response(offset.error());
    const auto run = int_query(request, "run", 0, 0, INT64_MAX);
    if (!run)
        return error_response(run.error());
    const std::string state_text = text_query(request, "state").value_or("open");
    std::optional<store::TaskState> only;  // a specific state; none = "open" (answerable) or "all"
    if (state_text != "open" && state_text != "all") {
        only = store::parse_task_state(state_text);
        if (!only) {
            return error_response(
                Errc::invalid_param,
                "query parameter 'state' must be open, all, completed, timed_out, cancelled or "
                "escalated; got '" +
                    state_text + "'");
        }
    }
    store::TaskFilter filter;
    filter.answerable_only = state_text == "open";
    if (*run > 0)
        filter.run_id = *run;
    if (const auto user = text_query(request, "user")) {
        const auto account = context.auth.account(*user);
        if (!account) {
            return error_response(Errc::invalid_param,
                                  "query parameter 'user': '" + *user + "' is not known to this server");
        }
        filter.user = *user;
        filter.roles = account->roles;
    }
    json::array out;
    if (!only) {
        filter.limit = static_cast<int>(*limit);
        filter.offset = static_cast<int>(*offset);
        for (const store::UserTask& task : context.store.tasks().list(filter).value()) {
            out.push_back(task_json(task, task.step_id));
        }
    } else {
        // The store filters by answerable or not; a specific state is picked out page by page.
        filter.limit = kScanPage;
        std::int64_t skip = *offset;
        for (filter.offset = 0; out.size() < static_cast<std::size_t>(*limit); filter.offset += kScanPage) {
            const auto page = context.store.tasks().list(filter).value();
            for (const store::UserTask& task : page) {
                if (task.state != *only || skip-- > 0)
                    continue;
                if (out.size() < static_cast<std::size_t>(*limit))
                    out.push_back(task_json(task, task.step_id));
            }
            if (page.size() < static_cast<std::size_t>(kScanPage))
                break;
        }
    }
    return json_response(200,
                         json::object{{"tasks", std::move(out)}, {"limit", *limit}, {"offset", *offset}});
}

Response handle_get_task(Context& context, const Request&, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    auto task = context.store.tasks().get(*id);
    if (!task) {
        return error_response(ApiError{task.error(), "no task " + std::to_string(*id)});
    }
    return json_response(200, task_json(*task, task->step_id));
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
