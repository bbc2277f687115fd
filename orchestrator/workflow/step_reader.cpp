// Reads one entry of `steps:`: the common fields, then the body of its type. Livy and user task
// bodies live in livy_steps.cpp and user_task_step.cpp.
#include "orchestrator/workflow/section_readers.hpp"

#include "orchestrator/core/suggest.hpp"

#include <array>
#include <regex>

namespace steward::workflow::detail {
namespace {

std::vector<std::string> step_type_names() {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < core::kStepTypeCount; ++i) {
        out.emplace_back(core::to_string(static_cast<core::StepType>(i)));
    }
    return out;
}

// A target as written in next/goto/default: a plain scalar. Existence is checked later.
std::optional<std::string> read_target(MapReader& map, std::string_view key, Need need = Need::Optional) {
    auto target = map.text(key, need);
    if (target && target->empty()) {
        map.field_error(key, "is empty");
        return std::nullopt;
    }
    return target;
}

core::RegisterModelStep read_register_model(MapReader& map) {
    core::RegisterModelStep out;
    out.model = map.templ("model", Need::Required).value_or("");
    if (!out.model.empty() && !core::has_interpolation(out.model) && !is_model_name(out.model)) {
        map.field_error("model", "must be group:artifact (letters, digits, _ . -), got '" + out.model + "'");
    }
    out.version = map.templ("version", Need::Required).value_or("");
    static const std::regex kMajorMinor("[0-9]{1,9}\\.[0-9]{1,9}");
    if (!out.version.empty() && !core::has_interpolation(out.version) &&
        !std::regex_match(out.version, kMajorMinor)) {
        map.field_error("version",
                        "must be major.minor (the build number is assigned), got '" + out.version + "'");
    }
    out.artifact = map.templ("artifact", Need::Required).value_or("");
    if (auto metrics = map.text_map("metrics", true)) {
        for (const auto& [name, value] : *metrics) {
            const bool number =
                std::regex_match(value, std::regex(R"([-+]?[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?)"));
            if (!number && !core::has_interpolation(value)) {
                map.field_error("metrics", "gives '" + name + "' the value '" + value +
                                               "'; a metric is a number or a ${...} expression");
            }
        }
        out.metrics = std::move(*metrics);
    }
    if (auto tags = map.text_map("tags", true)) {
        out.tags = std::move(*tags);
    }
    return out;
}

core::PromoteModelStep read_promote_model(MapReader& map) {
    core::PromoteModelStep out;
    out.model = map.templ("model", Need::Required).value_or("");
    if (!out.model.empty() && !core::has_interpolation(out.model) && !is_model_name(out.model)) {
        map.field_error("model", "must be group:artifact (letters, digits, _ . -), got '" + out.model + "'");
    }
    out.version = map.templ("version", Need::Required).value_or("");
    static const std::regex kFull("[0-9]{1,9}\\.[0-9]{1,9}\\.[0-9]{1,9}");
    if (!out.version.empty() && !core::has_interpolation(out.version) &&
        !std::regex_match(out.version, kFull)) {
        map.field_error("version", "must be a full version major.minor.build, got '" + out.version + "'");
    }
    out.alias = map.text("alias", Need::Required).value_or("");
    static const std::regex kAlias("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    if (!out.alias.empty() && !std::regex_match(out.alias, kAlias)) {
        map.field_error("alias",
                        "must start with a letter and hold letters, digits, _ . - (e.g. champion), got '" +
                            out.alias + "'");
    }
    return out;
}

core::GateStep read_gate(MapReader& map) {
    core::GateStep out;
    Reader& reader = map.reader();
    if (auto cases = map.field("cases", Need::Required)) {
        if (!cases->IsSequence() || cases->size() == 0) {
            reader.error(*cases, subject("cases", map.context()) +
                                     " must be a non-empty list of {if, goto}, got " + describe(*cases));
        } else {
            std::size_t index = 0;
            for (const YAML::Node& item : *cases) {
                ++index;
                core::GateCase gate_case;
                MapReader case_map(reader, item, "case #" + std::to_string(index) + " of " + map.context(),
                                   &gate_case.origin);
                if (!case_map.ok()) {
                    continue;
                }
                if (auto condition = case_map.field("if", Need::Required)) {
                    if (!condition->IsScalar()) {
                        reader.error(*condition, subject("if", case_map.context()) +
                                                     " must be a condition, got " + describe(*condition));
                    } else if (auto parsed = reader.parse_condition(*condition)) {
                        gate_case.condition = std::move(*parsed);
                    }
                }
                gate_case.target = read_target(case_map, "goto", Need::Required).value_or("");
                case_map.finish();
                out.cases.push_back(std::move(gate_case));
            }
        }
    }
    out.default_target = read_target(map, "default").value_or("");
    return out;
}

core::WaitStep read_wait(MapReader& map) {
    core::WaitStep out;
    out.duration = map.duration("duration", Need::Optional, true);
    if (auto cron = map.field("until_cron")) {
        if (!cron->IsScalar()) {
            map.reader().error(*cron, subject("until_cron", map.context()) +
                                          " must be a cron expression, got " + describe(*cron));
        } else if (auto parsed = core::CronSchedule::parse(cron->Scalar()); !parsed) {
            map.reader().error(map.reader().inside(*cron, parsed.error().offset),
                               "invalid cron expression: " + parsed.error().message);
        } else {
            out.until_cron = std::move(parsed).value();
        }
    }
    if (auto tz = map.text("tz")) {
        if (auto zone = core::parse_cron_zone(*tz)) {
            out.zone = *zone;
        } else {
            map.field_error("tz", "is not supported: '" + *tz + "' (use UTC or local)");
        }
        if (!map.has("until_cron")) {
            map.field_error("tz", "is only for 'until_cron'");
        }
    }
    if (map.has("duration") == map.has("until_cron")) {
        map.reader().error(map.pos(), map.context() + " needs exactly one of 'duration' or 'until_cron'");
    }
    return out;
}

core::ShellStep read_shell(MapReader& map) {
    core::ShellStep out;
    if (map.has("command")) {
        if (auto node = map.field("command"); node && node->IsScalar()) {
            map.field_error("command",
                            "must be a list [program, arg, ...], not a string: commands are never run "
                            "through a shell");
            return out;
        }
    }
    out.command = map.text_list("command", true, Need::Required).value_or(std::vector<std::string>{});
    if (auto env = map.text_map("env", true)) {
        static const std::regex kVar("[A-Za-z_][A-Za-z0-9_]*");
        for (const auto& [name, value] : *env) {
            if (!std::regex_match(name, kVar)) {
                map.field_error("env", "has an invalid variable name '" + name + "'");
            }
        }
        out.env = std::move(*env);
    }
    out.cwd = map.templ("cwd").value_or("");
    return out;
}

}  // namespace

core::StepBody read_step_body(MapReader& map, core::StepType type, core::Step& step) {
    switch (type) {
        case core::StepType::LivyBatch: return read_livy_batch(map);
        case core::StepType::LivySession: return read_livy_session(map);
        case core::StepType::Report: return read_report(map);
        case core::StepType::RegisterModel: return read_register_model(map);
        case core::StepType::PromoteModel: return read_promote_model(map);
        case core::StepType::UserTask: return read_user_task(map, step);
        case core::StepType::Gate: return read_gate(map);
        case core::StepType::Wait: return read_wait(map);
        case core::StepType::Notify: {
            core::NotifyStep out;
            out.channel = map.text("channel", Need::Required).value_or("");
            out.message = map.templ("message", Need::Required).value_or("");
            return out;
        }
        case core::StepType::Shell: return read_shell(map);
        case core::StepType::Fail: {
            core::FailStep out;
            out.message = map.templ("message", Need::Required).value_or("");
            return out;
        }
    }
    return core::FailStep{};
}

std::optional<core::Step> read_step(Reader& reader, const YAML::Node& node, std::size_t index) {
    // Name the step in messages by its type and id when they can be read.
    std::string id_text;
    std::optional<core::StepType> type;
    if (node.IsMap()) {
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (!it->first.IsScalar() || !it->second.IsScalar()) {
                continue;
            }
            const std::string& value = it->second.Scalar();
            if (it->first.Scalar() == "id" && id_text.empty() && is_identifier(value) && value.size() <= 64) {
                id_text = value;
            } else if (it->first.Scalar() == "type" && !type) {
                type = core::step_type_from_string(value);
            }
        }
    }
    const std::string kind = type ? std::string(core::to_string(*type)) + " step" : std::string("step");
    const std::string context =
        id_text.empty() ? kind + " #" + std::to_string(index + 1) : kind + " '" + id_text + "'";
    core::Step step;
    MapReader map(reader, node, context, &step.origin);
    if (!map.ok()) {
        return std::nullopt;
    }
    bool usable = true;
    if (auto id = map.text("id", Need::Required)) {
        if (!is_identifier(*id) || id->size() > 64) {
            map.field_error("id", "must be 1-64 of a-z, 0-9 and _, got '" + *id + "'");
            usable = false;
        } else if (*id == core::kEndTarget) {
            map.field_error("id", "cannot be 'end': it is the target that ends the run");
            usable = false;
        }
        step.id = *id;
    } else {
        usable = false;
    }
    if (auto type_text = map.text("type", Need::Required); type_text && !type) {
        const std::vector<std::string> names = step_type_names();
        std::string list;
        for (const std::string& name : names) {
            list += (list.empty() ? "" : ", ") + name;
        }
        map.field_error("type", "names an unknown step type '" + *type_text + "'" +
                                    core::did_you_mean(*type_text, names) + "; the step types are " + list);
    }
    step.name = map.text("name").value_or("");
    if (auto when = map.field("when")) {
        if (!when->IsScalar()) {
            reader.error(*when, subject("when", context) + " must be a condition, got " + describe(*when));
        } else {
            step.when = reader.parse_condition(*when);
        }
    }
    if (!type) {
        return std::nullopt;  // fields of an unknown type cannot be checked
    }
    const std::string type_name(core::to_string(*type));
    auto refuse = [&](std::string_view key, const std::string& why) {
        map.declare(key);
        if (map.has(key)) {
            reader.error(map.key_pos(key),
                         "a " + type_name + " step does not take '" + std::string(key) + "'" + why);
        }
    };
    if (core::accepts_timeout(*type)) {
        step.timeout = map.duration("timeout", Need::Optional, true);
    } else {
        refuse("timeout", *type == core::StepType::Wait ? " (use 'duration')" : "");
    }
    if (core::accepts_retry(*type)) {
        step.retry = read_retry(map);
    } else {
        refuse("retry", "");
    }
    step.body = read_step_body(map, *type, step);
    if (*type == core::StepType::Gate) {
        refuse("next", " (use 'default')");
    } else if (*type == core::StepType::Fail) {
        refuse("next", ": it ends the run");
    } else if (auto next = map.field("next")) {
        if (next->IsScalar()) {
            step.next.target = next->Scalar();
        } else if (!next->IsMap()) {
            reader.error(*next, subject("next", context) + " must be a step id, got " + describe(*next));
        } else if (const auto* task = std::get_if<core::UserTaskStep>(&step.body)) {
            read_outcome_map(map, *next, *task, step);
        } else {
            reader.error(*next, subject("next", context) +
                                    " must be a step id; only user_task steps map outcomes to steps");
        }
    }
    map.finish();
    if (!usable) {
        return std::nullopt;
    }
    return step;
}

}  // namespace steward::workflow::detail
