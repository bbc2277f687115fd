#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

#include <deque>

namespace steward::api {
namespace json = boost::json;
namespace {

constexpr int kEventPage = 1000;

// The last `count` events of a run, oldest first.
std::deque<store::Event> recent_events(store::Store& store, store::RowId run_id, std::size_t count) {
    std::deque<store::Event> last;
    store::RowId after = 0;
    while (count > 0) {
        auto page = store.runs().list_events(run_id, after, kEventPage).value();
        for (auto& event : page) {
            last.push_back(std::move(event));
            if (last.size() > count) {
                last.pop_front();
            }
        }
        if (page.size() < static_cast<std::size_t>(kEventPage)) {
            break;
        }
        after = page.back().id;
    }
    return last;
}

std::vector<store::LivyHandle> handles_of(store::Store& store, store::RowId exec_id) {
    std::vector<store::LivyHandle> handles;
    for (const auto kind : {store::LivyKind::batch, store::LivyKind::session}) {
        if (auto handle = store.livy().find_handle(exec_id, kind)) {
            handles.push_back(std::move(*handle));
        }
    }
    return handles;
}

}  // namespace

Response handle_list_runs(Context& context, const Request& request, const PathParams&) {
    store::RunFilter filter;
    const auto limit = int_query(request, "limit", 50, 1, 1000);
    if (!limit)
        return error_response(limit.error());
    const auto offset = int_query(request, "offset", 0, 0, 1'000'000'000);
    if (!offset)
        return error_response(offset.error());
    filter.limit = static_cast<int>(*limit);
    filter.offset = static_cast<int>(*offset);
    filter.workflow_name = text_query(request, "workflow");
    if (const auto state = text_query(request, "state")) {
        filter.state = store::parse_run_state(*state);
        if (!filter.state) {
            return error_response(
                Errc::invalid_param,
                "query parameter 'state' must be one of pending, running, waiting, succeeded, "
                "failed, cancelled; got '" +
                    *state + "'");
        }
    }
    auto runs = context.store.runs().list_runs(filter);
    if (!runs) {
        return error_response(ApiError{runs.error(), "invalid page"});
    }
    json::array out;
    for (const store::Run& run : *runs) {
        out.push_back(run_json(run));
    }
    return json_response(
        200, json::object{{"runs", std::move(out)}, {"limit", filter.limit}, {"offset", filter.offset}});
}

Response handle_get_run(Context& context, const Request& request, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    const auto events = int_query(request, "events", 100, 0, 10'000);
    if (!events)
        return error_response(events.error());
    auto run = context.store.runs().get_run(*id);
    if (!run) {
        return error_response(ApiError{run.error(), "no run " + std::to_string(*id)});
    }
    const auto execs = context.store.runs().list_steps(*id);
    std::vector<std::vector<store::LivyHandle>> handles;
    handles.reserve(execs.size());
    for (const store::StepExecution& exec : execs) {
        handles.push_back(handles_of(context.store, exec.id));
    }
    json::object out = run_json(*run);
    out["steps"] = steps_json(execs, handles);

    store::TaskFilter filter;
    filter.answerable_only = false;
    filter.run_id = *id;
    filter.limit = 1000;
    json::array tasks;
    for (const store::UserTask& task : context.store.tasks().list(filter).value()) {
        std::string step_id;
        for (const auto& exec : execs) {
            if (exec.id == task.step_exec_id)
                step_id = exec.step_id;
        }
        tasks.push_back(task_json(task, step_id));
    }
    out["tasks"] = std::move(tasks);
    json::array history;
    for (const store::Event& event : recent_events(context.store, *id, static_cast<std::size_t>(*events))) {
        history.push_back(event_json(event));
    }
    out["events"] = std::move(history);
    return json_response(200, out);
}

Response handle_cancel_run(Context& context, const Request& request, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    if (auto body = json_body(request, {}); !body)
        return error_response(body.error());
    const std::string actor = request.principal->actor();
    if (auto done = context.commands.cancel_run(*id, actor); !done) {
        return error_response(done.error());
    }
    auto run = context.store.runs().get_run(*id);
    if (!run) {
        return error_response(ApiError{run.error(), "no run " + std::to_string(*id)});
    }
    return json_response(202, run_json(*run));
}

}  // namespace steward::api
