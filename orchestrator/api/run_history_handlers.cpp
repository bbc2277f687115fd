// A run's history in pages: its events and the stored log of each step attempt.
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/read_offload.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/store/read_pool.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace steward::api {
namespace json = boost::json;
namespace {

std::string joined_attempts(const std::vector<store::StepExecution>& attempts) {
    std::string out;
    for (const auto& exec : attempts) {
        out += (out.empty() ? "" : ", ") + std::to_string(exec.attempt);
    }
    return out;
}

std::string joined_steps(const std::vector<store::StepExecution>& execs) {
    std::vector<std::string> names;
    for (const auto& exec : execs) {
        if (std::find(names.begin(), names.end(), exec.step_id) == names.end()) {
            names.push_back(exec.step_id);
        }
    }
    std::string out;
    for (const auto& name : names) {
        out += (out.empty() ? "" : ", ") + name;
    }
    return out.empty() ? "none has begun" : out;
}

}  // namespace

Response handle_list_run_events(Context& context, const Request& request, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    const auto after = int_query(request, "after", 0, 0, INT64_MAX);
    if (!after)
        return error_response(after.error());
    const auto limit = int_query(request, "limit", 100, 1, 1000);
    if (!limit)
        return error_response(limit.error());
    // The query and the JSON on the read pool: plain values only (docs/api.md, "Paging").
    return read_offloaded(
        context, "GET /api/runs/{id}/events",
        [run_id = *id, after_id = *after, page_size = *limit](store::ReadView view) {
            if (auto run = view.runs.get_run(run_id); !run) {
                return error_response(ApiError{run.error(), "no run " + std::to_string(run_id)});
            }
            // One event more than the page tells whether another page follows.
            auto events = view.runs.list_events(run_id, after_id, static_cast<int>(page_size) + 1).value();
            const bool more = events.size() > static_cast<std::size_t>(page_size);
            if (more) {
                events.pop_back();
            }
            json::array out;
            for (const store::Event& event : events) {
                out.push_back(event_json(event));
            }
            const json::value next = more ? json::value(events.back().id) : json::value(nullptr);
            return json_response(200, json::object{{"run_id", run_id},
                                                   {"events", std::move(out)},
                                                   {"after", after_id},
                                                   {"limit", page_size},
                                                   {"next_after", next},
                                                   {"total", view.runs.count_events(run_id)}});
        });
}

Response handle_get_step_log(Context& context, const Request& request, const PathParams& path) {
    const auto id = id_param(path);
    if (!id)
        return error_response(id.error());
    const std::string& step = path.at("step");
    const auto attempt = int_query(request, "attempt", 0, 1, 1'000'000);
    if (!attempt)
        return error_response(attempt.error());
    const auto from = int_query(request, "from", 0, 0, INT64_MAX);
    if (!from)
        return error_response(from.error());
    const auto size = int_query(request, "size", 1000, 1, 10'000);
    if (!size)
        return error_response(size.error());
    if (auto run = context.store.runs().get_run(*id); !run) {
        return error_response(ApiError{run.error(), "no run " + std::to_string(*id)});
    }
    const auto execs = context.store.runs().list_steps(*id);
    std::vector<store::StepExecution> attempts;
    for (const auto& exec : execs) {
        if (exec.step_id == step) {
            attempts.push_back(exec);
        }
    }
    const std::string run_name = "run " + std::to_string(*id);
    if (attempts.empty()) {
        return error_response(Errc::not_found, run_name + " has no step '" + step.substr(0, 128) +
                                                   "' (steps: " + joined_steps(execs) + ")");
    }
    const store::StepExecution* exec = &attempts.back();  // the latest attempt by default
    if (request.query_param("attempt")) {
        exec = nullptr;
        for (const auto& candidate : attempts) {
            if (candidate.attempt == *attempt) {
                exec = &candidate;
            }
        }
        if (exec == nullptr) {
            return error_response(Errc::not_found, "step '" + step.substr(0, 128) + "' of " + run_name +
                                                       " has no attempt " + std::to_string(*attempt) +
                                                       " (attempts: " + joined_attempts(attempts) + ")");
        }
    }
    const std::int64_t total = context.store.livy().next_log_seq(exec->id);
    json::array lines;
    if (*from < total) {
        for (auto& line : context.store.livy().get_log(exec->id, *from, static_cast<int>(*size)).value()) {
            lines.emplace_back(std::move(line.line));
        }
    }
    const std::int64_t next_from = *from < total ? *from + static_cast<std::int64_t>(lines.size()) : *from;
    return json_response(200, json::object{{"run_id", *id},
                                           {"step", step},
                                           {"attempt", exec->attempt},
                                           {"exec_id", exec->id},
                                           {"state", store::to_string(exec->state)},
                                           {"running", !store::is_terminal(exec->state)},
                                           {"from", *from},
                                           {"next_from", next_from},
                                           {"total", total},
                                           {"lines", std::move(lines)}});
}

}  // namespace steward::api
