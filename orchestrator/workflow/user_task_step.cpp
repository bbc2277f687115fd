// Body of a user_task step, and its outcome-mapped `next`.
#include "orchestrator/workflow/section_readers.hpp"

#include "orchestrator/core/suggest.hpp"

#include <algorithm>
#include <unordered_set>

namespace steward::workflow::detail {
namespace {

std::string join(const std::vector<std::string>& words) {
    if (words.empty()) {
        return "none";
    }
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : ", ") + w;
    }
    return out;
}

core::Assignees read_assignees(MapReader& map) {
    core::Assignees out;
    out.users = map.text_list("users", false).value_or(std::vector<std::string>{});
    out.roles = map.text_list("roles", false).value_or(std::vector<std::string>{});
    if (out.empty() && map.ok()) {
        map.reader().error(map.pos(), map.context() + " names nobody: give 'users' or 'roles'");
    }
    return out;
}

}  // namespace

core::UserTaskStep read_user_task(MapReader& map, core::Step& step) {
    core::UserTaskStep out;
    Reader& reader = map.reader();
    out.title = map.templ("title", Need::Required).value_or("");
    out.description = map.templ("description").value_or("");
    if (auto node = map.field("assignees", Need::Required)) {
        MapReader who(reader, *node, "assignees of " + map.context(), nullptr);
        if (who.ok()) {
            out.assignees = read_assignees(who);
            who.finish();
            map.nested("assignees", who.declared());
        }
    }
    if (auto node = map.field("form")) {
        out.form = read_param_specs(reader, *node, true, subject("form", map.context()));
        map.nested_definitions("form");
    }
    std::unordered_set<std::string> outcome_set;
    if (auto outcomes = map.text_list("outcomes", false, Need::Required)) {
        for (const std::string& outcome : *outcomes) {
            if (!is_identifier(outcome) || outcome.size() > 64) {
                map.field_error("outcomes",
                                "has an invalid outcome '" + outcome + "' (use 1-64 of a-z, 0-9 and _)");
            } else if (!outcome_set.insert(outcome).second) {
                map.field_error("outcomes", "lists '" + outcome + "' twice");
            } else {
                out.outcomes.push_back(outcome);
            }
        }
    }
    const bool has_timeout = map.has("timeout");
    if (auto node = map.field("remind")) {
        core::Reminder remind;
        MapReader r(reader, *node, "remind of " + map.context(), nullptr);
        if (r.ok()) {
            remind.every = r.duration("every", Need::Required, true).value_or(core::DurationField{});
            remind.channel = r.text("channel", Need::Required).value_or("");
            if (auto max = r.integer("max", 1, 1000)) {
                remind.max = static_cast<int>(*max);
            }
            remind.message = r.templ("message").value_or("");
            r.finish();
            map.nested("remind", r.declared());
            out.remind = std::move(remind);
        }
    }
    if (auto node = map.field("escalate")) {
        core::Escalation escalate;
        MapReader e(reader, *node, "escalate of " + map.context(), nullptr);
        if (e.ok()) {
            escalate.after = e.duration("after", Need::Required, true).value_or(core::DurationField{});
            escalate.to = read_assignees(e);
            e.finish();
            map.nested("escalate", e.declared());
            // Interpolated durations are compared when the task opens (the engine).
            const core::Duration* after = core::literal_duration(escalate.after);
            const core::Duration* timeout = step.timeout ? core::literal_duration(*step.timeout) : nullptr;
            if (after != nullptr && timeout != nullptr && *after >= *timeout) {
                reader.error(e.pos(), subject("after", "escalate of " + map.context()) + " (" +
                                          core::format_duration(*after) +
                                          ") must be shorter than the task's timeout (" +
                                          core::format_duration(*timeout) + ")");
            }
            out.escalate = std::move(escalate);
        }
    }
    if (auto node = map.field("on_timeout")) {
        core::TimeoutAction action;
        MapReader t(reader, *node, "on_timeout of " + map.context(), nullptr);
        if (t.ok()) {
            const int given = static_cast<int>(t.has("outcome")) + static_cast<int>(t.has("fail")) +
                              static_cast<int>(t.has("escalate"));
            if (auto outcome = t.text("outcome")) {
                action.kind = core::TimeoutAction::Kind::Outcome;
                action.outcome = *outcome;
                if (!out.outcomes.empty() && outcome_set.count(*outcome) == 0) {
                    t.field_error("outcome", "is not an outcome of the task: '" + *outcome + "'" +
                                                 core::did_you_mean(*outcome, out.outcomes) +
                                                 " (outcomes: " + join(out.outcomes) + ")");
                }
            }
            if (auto fail = t.boolean("fail")) {
                action.kind = core::TimeoutAction::Kind::Fail;
                if (!*fail) {
                    t.field_error("fail", "can only be true (leave on_timeout out to fail at the deadline)");
                }
            }
            if (auto to = t.field("escalate")) {
                action.kind = core::TimeoutAction::Kind::Escalate;
                MapReader who(reader, *to, "escalate of on_timeout of " + map.context(), nullptr);
                if (who.ok()) {
                    action.escalate_to = read_assignees(who);
                    who.finish();
                }
                action.extra_time = t.duration("timeout", Need::Required, true);
            } else {
                t.declare("timeout");
                if (t.has("timeout")) {
                    t.field_error("timeout", "is only for 'escalate' (the deadline after escalating)");
                }
            }
            if (given != 1) {
                reader.error(t.pos(), t.context() + " needs exactly one of 'outcome', 'fail' or 'escalate'");
            }
            t.finish();
            map.nested("on_timeout", t.declared());
            out.on_timeout = std::move(action);
        }
        if (!has_timeout) {
            map.field_error("on_timeout", "needs a 'timeout' (the deadline for an answer)");
        }
    }
    return out;
}

void read_outcome_map(MapReader& map, const YAML::Node& next, const core::UserTaskStep& task,
                      core::Step& step) {
    Reader& reader = map.reader();
    const std::unordered_set<std::string> outcomes(task.outcomes.begin(), task.outcomes.end());
    for (auto it = next.begin(); it != next.end(); ++it) {
        reader.spend();
        const YAML::Node key = it->first;
        const YAML::Node value = it->second;
        const std::string outcome = key.IsScalar() ? key.Scalar() : std::string();
        if (outcomes.count(outcome) == 0 && reader.full()) {
            reader.drop();
            continue;
        }
        if (outcomes.count(outcome) == 0) {
            reader.error(key, "'" + outcome + "' in 'next' is not an outcome of " + map.context() +
                                  core::did_you_mean(outcome, task.outcomes) +
                                  " (outcomes: " + join(task.outcomes) + ")");
            continue;
        }
        if (step.next.by_outcome.count(outcome) != 0) {
            reader.error(key, "outcome '" + outcome + "' is mapped twice in 'next'");
            continue;
        }
        if (!value.IsScalar() || is_null(value) || value.Scalar().empty()) {
            reader.error(is_null(value) ? key : value, "'" + outcome + "' in 'next' of " + map.context() +
                                                           " must be a step id, got " + describe(value));
            continue;
        }
        step.next.by_outcome[outcome] = value.Scalar();
        step.origin.fields["next." + outcome] = Reader::pos(value);
    }
}

}  // namespace steward::workflow::detail
