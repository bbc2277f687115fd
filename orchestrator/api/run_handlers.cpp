#include "orchestrator/api/commands.hpp"
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/read_offload.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/api/time_query.hpp"
#include "orchestrator/store/read_pool.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

namespace steward::api {
namespace json = boost::json;
namespace {

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
    const auto paging = page_query(request, 50, true);
    if (!paging)
        return error_response(paging.error());
    filter.limit = paging->limit;
    filter.offset = paging->offset;
    filter.before = paging->before;
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
    filter.trigger = text_query(request, "trigger");
    const auto since = time_query(request, "since");
    if (!since)
        return error_response(since.error());
    const auto until = time_query(request, "until");
    if (!until)
        return error_response(until.error());
    filter.created_since = *since;
    filter.created_until = *until;
    if (*since && *until && **until <= **since) {
        return error_response(Errc::invalid_param, "query parameter 'until' must be later than 'since'");
    }
    // The query and the JSON on the read pool: plain values only (docs/api.md, "Paging").
    return read_offloaded(context, "GET /api/runs", [wanted = std::move(filter)](store::ReadView view) {
        auto page = view.runs.list_runs_page(wanted);
        if (!page) {
            return error_response(ApiError{page.error(), "invalid page"});
        }
        json::array out;
        for (const store::Run& run : page->runs) {
            out.push_back(run_json(run));
        }
        const bool more = page->more && !page->runs.empty();
        const json::value next = more && wanted.offset + wanted.limit <= kMaxListOffset
                                     ? json::value(wanted.offset + wanted.limit)
                                     : json::value(nullptr);
        const json::value next_before = more ? json::value(page->runs.back().id) : json::value(nullptr);
        return json_response(200, json::object{{"runs", std::move(out)},
                                               {"limit", wanted.limit},
                                               {"offset", wanted.offset},
                                               {"next_offset", next},
                                               {"next_before", next_before}});
    });
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
    json::array reruns;
    for (const store::RowId rerun : context.store.runs().reruns_of(*id)) {
        reruns.push_back(rerun);
    }
    out["reruns"] = std::move(reruns);
    json::array history;
    for (const store::Event& event :
         context.store.runs().latest_events(*id, static_cast<int>(*events)).value()) {
        history.push_back(event_json(event));
    }
    out["events"] = std::move(history);
    out["events_total"] = context.store.runs().count_events(*id);
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

Response handle_rerun_run(Context& context, const Request& request, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    if (auto body = json_body(request, {}); !body)
        return error_response(body.error());
    auto rerun = context.commands.rerun_run(*id, "http:" + request.principal->actor());
    if (!rerun) {
        return error_response(rerun.error());
    }
    auto run = context.store.runs().get_run(*rerun);
    if (!run) {
        return error_response(ApiError{run.error(), "no run " + std::to_string(*rerun)});
    }
    const std::string url = "/api/runs/" + std::to_string(*rerun);
    Response response = json_response(
        201, json::object{{"id", *rerun}, {"workflow", run->workflow_name}, {"url", url}, {"rerun_of", *id}});
    response.headers.emplace_back("Location", url);
    return response;
}

}  // namespace steward::api
