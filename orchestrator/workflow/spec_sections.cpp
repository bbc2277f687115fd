// Readers for the top-level sections other than steps: params, triggers, defaults, retry, and the
// Livy fields shared with steps.
#include "orchestrator/workflow/section_readers.hpp"

#include "orchestrator/core/param_pattern.hpp"
#include "orchestrator/core/suggest.hpp"

#include <algorithm>
#include <chrono>
#include <regex>
#include <unordered_map>
#include <unordered_set>

namespace steward::workflow::detail {
namespace {

bool is_param_name(const std::string& name) {
    static const std::regex kName("[A-Za-z_][A-Za-z0-9_]*");
    return name.size() <= 64 && std::regex_match(name, kName);
}

bool is_memory_size(const std::string& text) {
    static const std::regex kSize("[0-9]{1,9}([kKmMgGtTpP][bB]?|[bB])?");
    return text.size() <= 16 && std::regex_match(text, kSize);
}

// `pattern:` of a string param: refused (and dropped, so that the default is not checked against
// it) when it does not compile.
void read_pattern(MapReader& map, core::ParamSpec& spec) {
    auto pattern = map.text("pattern");
    if (!pattern) {
        return;
    }
    if (spec.type != core::ParamType::String) {
        map.field_error("pattern", "is only for string params");
        return;
    }
    if (pattern->empty()) {
        map.field_error("pattern", "is empty");
        return;
    }
    if (auto compiled = core::ParamPattern::compile(*pattern); !compiled) {
        map.field_error("pattern", compiled.error().message);
        return;
    }
    spec.pattern = std::move(*pattern);
}

}  // namespace

std::optional<core::Value> read_param_value(Reader& reader, const YAML::Node& node,
                                            const core::ParamSpec& spec, const std::string& where) {
    if (!node.IsScalar() || is_null(node)) {
        reader.error(node, where + " must be a single value, got " + describe(node));
        return std::nullopt;
    }
    core::Value value = scalar_value(node);
    // Strings, durations and enum choices take any scalar's text (`8` is "8", `30d` is "30d").
    if (spec.type == core::ParamType::String || spec.type == core::ParamType::Text ||
        spec.type == core::ParamType::DurationText || spec.type == core::ParamType::Enum) {
        value = node.Scalar();
    }
    auto checked = core::check_param_value(spec, value);
    if (!checked) {
        // core says "param 'NAME' must be ..."; name the place instead.
        std::string message = checked.error().message;
        const std::string prefix = "param '" + spec.name + "'";
        if (message.compare(0, prefix.size(), prefix) == 0) {
            message = where + message.substr(prefix.size());
        }
        reader.error(node, message);
        return std::nullopt;
    }
    return std::move(checked).value();
}

std::vector<core::ParamSpec> read_param_specs(Reader& reader, const YAML::Node& node, bool form,
                                              const std::string& context) {
    std::vector<core::ParamSpec> out;
    std::unordered_set<std::string> names;
    if (!node.IsMap()) {
        reader.error(node, context + " must be a mapping of names to " + (form ? "field" : "param") +
                               " definitions, got " + describe(node));
        return out;
    }
    const std::string noun = form ? "form field" : "param";
    for (auto it = node.begin(); it != node.end(); ++it) {
        reader.spend();
        const YAML::Node key = it->first;
        const std::string name = key.IsScalar() ? key.Scalar() : std::string();
        if (!is_param_name(name)) {
            reader.error(key, "invalid " + noun + " name " + describe(key) +
                                  " (expected letters, digits and _, starting with a letter or _)");
            continue;
        }
        if (!names.insert(name).second) {
            reader.error(key, "duplicate " + noun + " '" + name + "'");
            continue;
        }
        core::ParamSpec spec;
        spec.name = name;
        MapReader map(reader, it->second, noun + " '" + name + "'", &spec.origin);
        if (!map.ok()) {
            continue;
        }
        std::vector<std::string> types{"string", "number", "integer", "boolean", "duration", "enum"};
        if (form) {
            types.insert(types.begin(), "text");
        }
        if (auto type = map.choice("type", types)) {
            spec.type = *core::param_type_from_string(*type, form);
        }
        spec.required = map.boolean("required").value_or(false);
        if (auto values = map.text_list("values", false)) {
            spec.values = std::move(*values);
            if (spec.type != core::ParamType::Enum && spec.type != core::ParamType::String) {
                map.field_error("values", "is only for enum and string " + noun + "s");
            } else if (spec.values.empty()) {
                map.field_error("values", "is empty");
            }
            std::unordered_set<std::string> seen;
            for (const std::string& v : spec.values) {
                if (!seen.insert(v).second) {
                    map.field_error("values", "lists '" + v + "' twice");
                }
            }
        } else if (spec.type == core::ParamType::Enum && !map.has("values")) {
            reader.error(map.pos(), "missing required field 'values' in enum " + noun + " '" + name + "'");
        }
        if (auto text = map.text(form ? "label" : "description")) {
            spec.description = *text;
        }
        if (!form) {
            read_pattern(map, spec);
        }
        if (auto value = map.field("default")) {
            if (spec.type != core::ParamType::Enum || !spec.values.empty()) {
                spec.default_value =
                    read_param_value(reader, *value, spec, "the default of " + noun + " '" + name + "'");
            }
            if (spec.required) {
                map.field_error("default",
                                "is given for a required " + noun + "; remove 'required' or the default");
            }
        }
        map.finish();
        out.push_back(std::move(spec));
    }
    return out;
}

std::vector<core::Trigger> read_triggers(Reader& reader, const YAML::Node& node,
                                         const std::vector<core::ParamSpec>& params) {
    std::vector<core::Trigger> out;
    if (!node.IsSequence()) {
        reader.error(node, "'triggers' must be a list, got " + describe(node));
        return out;
    }
    std::unordered_map<std::string, const core::ParamSpec*> by_name;
    for (const auto& p : params) {
        by_name.emplace(p.name, &p);
    }
    std::size_t index = 0;
    for (const YAML::Node& item : node) {
        ++index;
        core::Trigger trigger;
        const std::string context = "trigger #" + std::to_string(index);
        MapReader map(reader, item, context, &trigger.origin);
        if (!map.ok()) {
            continue;
        }
        if (auto tz = map.text("tz")) {
            if (auto zone = core::parse_cron_zone(*tz)) {
                trigger.zone = *zone;
            } else {
                map.field_error("tz", "is not supported: '" + *tz +
                                          "' (use UTC or local; named time zones need a time zone "
                                          "database the server does not have)");
            }
        }
        if (auto cron = map.field("cron", Need::Required)) {
            if (!cron->IsScalar()) {
                reader.error(*cron, subject("cron", context) + " must be a string, got " + describe(*cron));
            } else if (auto parsed = core::CronSchedule::parse(cron->Scalar()); !parsed) {
                reader.error(reader.inside(*cron, parsed.error().offset),
                             "invalid cron expression: " + parsed.error().message);
            } else {
                trigger.cron = std::move(parsed).value();
                using namespace std::chrono;
                const sys_seconds reference = sys_days(year(2000) / January / 1);
                if (!trigger.cron.next_after(reference, core::CronZone::Utc)) {
                    reader.error(*cron, "cron expression '" + cron->Scalar() + "' never fires");
                }
            }
        }
        std::unordered_set<std::string> seen;
        if (auto given = map.field("params")) {
            if (!given->IsMap()) {
                reader.error(*given,
                             subject("params", context) + " must be a mapping, got " + describe(*given));
            } else {
                for (auto it = given->begin(); it != given->end(); ++it) {
                    reader.spend();
                    const std::string name = it->first.IsScalar() ? it->first.Scalar() : std::string();
                    seen.insert(name);
                    const auto found = by_name.find(name);
                    if (found == by_name.end() && reader.full()) {
                        reader.drop();
                        continue;
                    }
                    if (found == by_name.end()) {
                        std::vector<std::string> names;
                        for (const auto& p : params) {
                            names.push_back(p.name);
                        }
                        reader.error(it->first, "unknown param '" + name + "' in " + context +
                                                    core::did_you_mean(name, names));
                        continue;
                    }
                    const core::ParamSpec* spec = found->second;
                    if (auto value = read_param_value(reader, it->second, *spec,
                                                      "param '" + name + "' in " + context)) {
                        trigger.params[name] = *value;
                    }
                }
            }
        }
        for (const core::ParamSpec& p : params) {
            const bool given = seen.count(p.name) != 0;
            if (p.required && !given) {
                reader.error(map.pos(), context + " does not give required param '" + p.name + "'");
            }
        }
        map.finish();
        out.push_back(std::move(trigger));
    }
    return out;
}

std::optional<core::RetryPolicy> read_retry(MapReader& parent) {
    auto node = parent.field("retry");
    if (!node) {
        return std::nullopt;
    }
    core::RetryPolicy retry;
    MapReader map(parent.reader(), *node, "retry of " + parent.context(), nullptr);
    if (!map.ok()) {
        return std::nullopt;
    }
    if (auto max = map.integer("max", 0, 100)) {
        retry.max = static_cast<int>(*max);
    }
    if (auto delay = map.duration("delay")) {
        retry.delay = *delay;
    }
    if (auto factor = map.number("factor", 1, 100)) {
        retry.factor = *factor;
    }
    if (auto max_delay = map.duration("max_delay")) {
        retry.max_delay = *max_delay;
    }
    map.finish();
    parent.nested("retry", map.declared());
    return retry;
}

core::LivyResources read_livy_resources(MapReader& map) {
    core::LivyResources out;
    auto list = [&](std::string_view key, std::vector<std::string>& into) {
        if (auto v = map.text_list(key, true)) {
            into = std::move(*v);
        }
    };
    list("jars", out.jars);
    list("py_files", out.py_files);
    list("files", out.files);
    list("archives", out.archives);
    if (auto conf = map.text_map("conf", true)) {
        out.conf = std::move(*conf);
    }
    for (const std::string_view key : {"driver_memory", "executor_memory"}) {
        if (auto size = map.templ(key)) {
            if (!core::has_interpolation(*size) && !is_memory_size(*size)) {
                map.field_error(key, "is not a memory size: '" + *size + "' (expected e.g. 512m or 2g)");
            }
            (key == "driver_memory" ? out.driver_memory : out.executor_memory) = *size;
        }
    }
    if (auto v = map.integer("driver_cores", 1, 1024)) {
        out.driver_cores = static_cast<int>(*v);
    }
    if (auto v = map.integer("executor_cores", 1, 1024)) {
        out.executor_cores = static_cast<int>(*v);
    }
    if (auto v = map.integer("num_executors", 1, 10000)) {
        out.num_executors = static_cast<int>(*v);
    }
    if (auto v = map.templ("queue")) {
        out.queue = *v;
    }
    if (auto v = map.templ("proxy_user")) {
        out.proxy_user = *v;
    }
    return out;
}

core::Defaults read_defaults(Reader& reader, const YAML::Node& node) {
    core::Defaults out;
    MapReader map(reader, node, "defaults", &out.origin);
    if (!map.ok()) {
        return out;
    }
    out.timeout = map.duration("timeout", Need::Optional, true);
    out.retry = read_retry(map);
    if (auto livy = map.field("livy")) {
        core::Origin origin;
        MapReader livy_map(reader, *livy, "defaults.livy", &origin);
        if (livy_map.ok()) {
            out.livy = read_livy_resources(livy_map);
            // The contract spells it proxyUser (as Livy does); proxy_user is accepted too.
            if (auto v = livy_map.templ("proxyUser")) {
                if (!out.livy.proxy_user.empty()) {
                    livy_map.field_error("proxyUser", "repeats 'proxy_user'; give one of them");
                }
                out.livy.proxy_user = *v;
            }
            livy_map.finish();
            map.nested("livy", livy_map.declared());
        }
    }
    map.finish();
    return out;
}

}  // namespace steward::workflow::detail
