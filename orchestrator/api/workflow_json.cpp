#include "orchestrator/api/workflow_json.hpp"

#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <algorithm>
#include <type_traits>
#include <variant>

namespace steward::api {
namespace json = boost::json;
namespace {

json::value optional_time(const std::optional<store::Millis>& at) {
    return at ? json::value(iso_time(*at)) : json::value(nullptr);
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const std::string& item : items) {
        out += (out.empty() ? "" : std::string(separator)) + item;
    }
    return out;
}

void add_target(json::array& targets, std::string_view target) {
    const bool known = std::any_of(targets.begin(), targets.end(),
                                   [&](const json::value& v) { return v.as_string() == target; });
    if (!known) {
        targets.emplace_back(target);
    }
}

// Where `spec.steps[index]` may go next: its explicit targets, else the following step ("end"
// after the last). A gate without a default and a user task with unlisted outcomes may also fall
// through to the following step.
json::array next_of(const core::WorkflowSpec& spec, std::size_t index) {
    const core::Step& step = spec.steps[index];
    const std::string following =
        index + 1 < spec.steps.size() ? spec.steps[index + 1].id : std::string(core::kEndTarget);
    json::array targets;
    bool falls_through = step.next.target.empty();
    if (const auto* gate = std::get_if<core::GateStep>(&step.body)) {
        for (const core::GateCase& c : gate->cases) {
            add_target(targets, c.target);
        }
        if (!gate->default_target.empty()) {
            add_target(targets, gate->default_target);
            falls_through = false;
        }
    }
    if (step.type() == core::StepType::Fail) {
        return targets;  // a fail step ends the run
    }
    for (const auto& [outcome, target] : step.next.by_outcome) {
        add_target(targets, target);
    }
    if (const auto* task = std::get_if<core::UserTaskStep>(&step.body);
        task && step.next.target.empty() && !step.next.by_outcome.empty()) {
        falls_through = std::any_of(task->outcomes.begin(), task->outcomes.end(),
                                    [&](const std::string& o) { return !step.next.by_outcome.contains(o); });
    }
    if (!step.next.target.empty()) {
        add_target(targets, step.next.target);
    } else if (falls_through) {
        add_target(targets, following);
    }
    return targets;
}

}  // namespace

json::array params_json(const core::WorkflowSpec& spec) {
    json::array params;
    for (const core::ParamSpec& p : spec.params) {
        json::object param{{"name", p.name},
                           {"type", core::to_string(p.type)},
                           {"required", p.required},
                           {"description", p.description}};
        if (p.default_value) {
            param["default"] = engine::to_json(*p.default_value);
        }
        if (!p.values.empty()) {
            param["values"] = json::array(p.values.begin(), p.values.end());
        }
        if (!p.pattern.empty()) {
            param["pattern"] = p.pattern;
        }
        params.push_back(std::move(param));
    }
    return params;
}

json::array triggers_json(const core::WorkflowSpec& spec, std::chrono::sys_seconds now) {
    json::array triggers;
    for (const core::Trigger& trigger : spec.triggers) {
        json::object params;
        for (const auto& [name, value] : trigger.params) {
            params[name] = engine::to_json(value);
        }
        const auto next = trigger.cron.next_after(now, trigger.zone);
        const std::optional<store::Millis> next_ms =
            next
                ? std::optional<store::Millis>(
                      std::chrono::duration_cast<std::chrono::milliseconds>(next->time_since_epoch()).count())
                : std::nullopt;
        triggers.push_back(json::object{{"cron", trigger.cron.text()},
                                        {"zone", core::to_string(trigger.zone)},
                                        {"params", std::move(params)},
                                        {"next_at", optional_time(next_ms)}});
    }
    return triggers;
}

std::string step_summary(const core::Step& step) {
    return std::visit(
        [](const auto& body) -> std::string {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, core::LivyBatchStep>) {
                return body.file + (body.class_name.empty() ? "" : " (" + body.class_name + ")");
            } else if constexpr (std::is_same_v<T, core::LivySessionStep>) {
                return std::string(core::to_string(body.kind)) + " session, " +
                       std::to_string(body.statements.size()) +
                       (body.statements.size() == 1 ? " statement" : " statements");
            } else if constexpr (std::is_same_v<T, core::ReportStep>) {
                return std::string(core::to_string(body.task)) + " report of " + body.scored +
                       (body.model.empty() ? "" : " for " + body.model);
            } else if constexpr (std::is_same_v<T, core::RegisterModelStep>) {
                return "register " + body.model + " " + body.version;
            } else if constexpr (std::is_same_v<T, core::PromoteModelStep>) {
                return "promote " + body.model + " " + body.version + " to " + body.alias;
            } else if constexpr (std::is_same_v<T, core::UserTaskStep>) {
                return body.title + " [" + joined(body.outcomes, "|") + "]";
            } else if constexpr (std::is_same_v<T, core::GateStep>) {
                return std::to_string(body.cases.size()) + (body.cases.size() == 1 ? " case" : " cases");
            } else if constexpr (std::is_same_v<T, core::WaitStep>) {
                if (body.until_cron) {
                    return "until " + body.until_cron->text() + " (" +
                           std::string(core::to_string(body.zone)) + ")";
                }
                return body.duration ? "for " + core::duration_text(*body.duration) : std::string();
            } else if constexpr (std::is_same_v<T, core::NotifyStep>) {
                return "notify " + body.channel;
            } else if constexpr (std::is_same_v<T, core::ShellStep>) {
                return joined(body.command, " ");
            } else {
                static_assert(std::is_same_v<T, core::FailStep>);
                return body.message;
            }
        },
        step.body);
}

json::array step_list_json(const core::WorkflowSpec& spec) {
    json::array steps;
    for (std::size_t i = 0; i < spec.steps.size(); ++i) {
        const core::Step& step = spec.steps[i];
        std::string summary = step_summary(step);
        if (summary.size() > 200) {
            summary = summary.substr(0, 197) + "...";
        }
        steps.push_back(
            json::object{{"id", step.id},
                         {"name", step.name.empty() ? json::value(nullptr) : json::value(step.name)},
                         {"type", core::to_string(step.type())},
                         {"summary", std::move(summary)},
                         {"when", step.when ? json::value(step.when->text()) : json::value(nullptr)},
                         {"next", next_of(spec, i)}});
    }
    return steps;
}

json::object version_json(const store::WorkflowDefinitionInfo& info, bool current) {
    return json::object{{"id", info.id},
                        {"content_hash", info.content_hash},
                        {"created_at", iso_time(info.created_at)},
                        {"current", current},
                        {"runs", info.runs},
                        {"first_run_at", optional_time(info.first_run_at)},
                        {"last_run_at", optional_time(info.last_run_at)}};
}

}  // namespace steward::api
