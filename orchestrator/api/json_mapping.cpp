#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

#include <array>
#include <chrono>
#include <cstdio>
#include <map>

namespace steward::api {
namespace json = boost::json;
namespace {

json::value optional_time(const std::optional<store::Millis>& at) {
    return at ? json::value(iso_time(*at)) : json::value(nullptr);
}

json::value optional_text(const std::optional<std::string>& text) {
    return text ? json::value(*text) : json::value(nullptr);
}

}  // namespace

std::string iso_time(store::Millis at) {
    using namespace std::chrono;
    const sys_time<milliseconds> tp{milliseconds(at)};
    const auto day = floor<days>(tp);
    const year_month_day ymd{day};
    const hh_mm_ss hms{tp - day};
    const int year = static_cast<int>(ymd.year());
    if (year < 0 || year > 9999) {
        std::array<char, 48> buffer{};
        std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", year,
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                      static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                      static_cast<long>(hms.seconds().count()), static_cast<long>(hms.subseconds().count()));
        return buffer.data();
    }
    // The same text as the snprintf above, without it: this runs four times per run listed.
    std::string out = "0000-00-00T00:00:00.000Z";
    const auto put = [&out](std::size_t end, long value, int digits) {
        for (int i = 1; i <= digits; ++i, value /= 10) {
            out[end - static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
        }
    };
    put(4, year, 4);
    put(7, static_cast<long>(static_cast<unsigned>(ymd.month())), 2);
    put(10, static_cast<long>(static_cast<unsigned>(ymd.day())), 2);
    put(13, static_cast<long>(hms.hours().count()), 2);
    put(16, static_cast<long>(hms.minutes().count()), 2);
    put(19, static_cast<long>(hms.seconds().count()), 2);
    put(23, static_cast<long>(hms.subseconds().count()), 3);
    return out;
}

json::value stored_json(std::string_view text) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) {
        return json::value(text);  // NOLINT(modernize-return-braced-init-list): {text} is an array
    }
    return value;
}

json::object run_json(const store::Run& run) {
    return json::object{
        {"id", run.id},
        {"uid", run.uid},
        {"workflow", run.workflow_name},
        {"definition_id", run.workflow_def_id},
        {"state", store::to_string(run.state)},
        {"params", stored_json(run.params_json)},
        {"trigger", run.trigger},
        {"current_step", optional_text(run.current_step)},
        {"created_at", iso_time(run.created_at)},
        {"updated_at", iso_time(run.updated_at)},
        {"started_at", optional_time(run.started_at)},
        {"finished_at", optional_time(run.finished_at)},
        {"error", optional_text(run.error)},
        {"rerun_of", run.rerun_of ? json::value(*run.rerun_of) : json::value(nullptr)},
        {"condition", run.condition ? json::value(json::object{{"kind", run.condition->kind},
                                                               {"detail", run.condition->detail},
                                                               {"since", iso_time(run.condition->since)}})
                                    : json::value(nullptr)},
    };
}

json::object attempt_json(const store::StepExecution& exec, const std::vector<store::LivyHandle>& handles) {
    json::object out{
        {"exec_id", exec.id},
        {"attempt", exec.attempt},
        {"state", store::to_string(exec.state)},
        {"created_at", iso_time(exec.created_at)},
        {"started_at", optional_time(exec.started_at)},
        {"finished_at", optional_time(exec.finished_at)},
        {"error", optional_text(exec.error)},
        {"outcome", optional_text(exec.outcome)},
        {"outputs", exec.outputs_json ? stored_json(*exec.outputs_json) : json::value(json::object{})},
    };
    json::array livy;
    for (const store::LivyHandle& h : handles) {
        livy.push_back(json::object{
            {"kind", store::to_string(h.kind)},
            {"name", h.name},
            {"livy_id", h.livy_id ? json::value(*h.livy_id) : json::value(nullptr)},
            {"state", h.state},
            {"terminal", h.terminal},
            {"app_id", optional_text(h.app.app_id)},
            {"driver_log_url", optional_text(h.app.driver_log_url)},
            {"spark_ui_url", optional_text(h.app.spark_ui_url)},
        });
    }
    out["livy"] = std::move(livy);
    return out;
}

json::array steps_json(const std::vector<store::StepExecution>& execs,
                       const std::vector<std::vector<store::LivyHandle>>& handles) {
    json::array steps;
    std::map<std::string, std::size_t> index_of;
    for (std::size_t i = 0; i < execs.size(); ++i) {
        const store::StepExecution& exec = execs[i];
        auto [it, inserted] = index_of.emplace(exec.step_id, steps.size());
        if (inserted) {
            steps.push_back(json::object{{"id", exec.step_id}, {"attempts", json::array{}}});
        }
        json::object& step = steps[it->second].as_object();
        step["state"] = store::to_string(exec.state);
        step["attempts"].as_array().push_back(
            attempt_json(exec, i < handles.size() ? handles[i] : std::vector<store::LivyHandle>{}));
    }
    return steps;
}

json::object task_json(const store::UserTask& task, std::string_view step_id) {
    json::array users(task.assignees.users.begin(), task.assignees.users.end());
    json::array roles(task.assignees.roles.begin(), task.assignees.roles.end());
    return json::object{
        {"id", task.id},
        {"run_id", task.run_id},
        {"workflow", task.workflow},
        {"step_id", step_id},
        {"step_exec_id", task.step_exec_id},
        {"title", task.title},
        {"description", task.description},
        {"assignees", {{"users", std::move(users)}, {"roles", std::move(roles)}}},
        {"form", stored_json(task.form_json)},
        {"outcomes", stored_json(task.outcomes_json)},
        {"state", store::to_string(task.state)},
        {"answerable", store::is_answerable(task.state)},
        {"deadline_at", optional_time(task.deadline_at)},
        {"reminders_sent", task.reminders_sent},
        {"escalation_level", task.escalation_level},
        {"created_at", iso_time(task.created_at)},
        {"closed_at", optional_time(task.closed_at)},
        {"outcome", optional_text(task.outcome)},
        {"responder", optional_text(task.responder)},
        {"response", task.response_json ? stored_json(*task.response_json) : json::value(nullptr)},
        {"responded_at", optional_time(task.responded_at)},
    };
}

json::object event_json(const store::Event& event) {
    return json::object{
        {"id", event.id},
        {"step_exec_id", event.step_exec_id ? json::value(*event.step_exec_id) : json::value(nullptr)},
        {"at", iso_time(event.at)},
        {"type", event.type},
        {"payload", stored_json(event.payload_json)},
    };
}

Response json_response(int status, const json::value& body) {
    Response response;
    response.status = status;
    response.body = engine::json_text(body);
    return response;
}

}  // namespace steward::api
