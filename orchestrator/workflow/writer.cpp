#include "orchestrator/workflow/writer.hpp"

#include <yaml-cpp/yaml.h>

namespace steward::workflow {
namespace {

using core::Duration;

void text(YAML::Emitter& e, const std::string& key, const std::string& value, bool always = false) {
    if (value.empty() && !always) {
        return;
    }
    e << YAML::Key << key << YAML::Value << YAML::DoubleQuoted << value;
}

void word(YAML::Emitter& e, const std::string& key, std::string_view value) {
    e << YAML::Key << key << YAML::Value << std::string(value);
}

// A literal duration as a plain word (`90s`), an interpolated one as a quoted string.
void duration(YAML::Emitter& e, const std::string& key, const core::DurationField& value) {
    if (const Duration* literal = core::literal_duration(value)) {
        word(e, key, core::format_duration(*literal));
    } else {
        text(e, key, core::duration_text(value), true);
    }
}

void duration(YAML::Emitter& e, const std::string& key, const std::optional<core::DurationField>& value) {
    if (value) {
        duration(e, key, *value);
    }
}

void value(YAML::Emitter& e, const core::Value& v) {
    switch (v.index()) {
        case 0: e << YAML::Null; break;
        case 1: e << (std::get<bool>(v) ? "true" : "false"); break;
        case 2: e << core::format_number(std::get<double>(v)); break;
        default: e << YAML::DoubleQuoted << std::get<std::string>(v); break;
    }
}

void list(YAML::Emitter& e, const std::string& key, const std::vector<std::string>& items) {
    if (items.empty()) {
        return;
    }
    e << YAML::Key << key << YAML::Value << YAML::Flow << YAML::BeginSeq;
    for (const auto& item : items) {
        e << YAML::DoubleQuoted << item;
    }
    e << YAML::EndSeq;
}

void map(YAML::Emitter& e, const std::string& key, const std::map<std::string, std::string>& items) {
    if (items.empty()) {
        return;
    }
    e << YAML::Key << key << YAML::Value << YAML::BeginMap;
    for (const auto& [k, v] : items) {
        e << YAML::Key << YAML::DoubleQuoted << k << YAML::Value << YAML::DoubleQuoted << v;
    }
    e << YAML::EndMap;
}

void integer(YAML::Emitter& e, const std::string& key, const std::optional<int>& v) {
    if (v) {
        e << YAML::Key << key << YAML::Value << *v;
    }
}

void retry(YAML::Emitter& e, const std::optional<core::RetryPolicy>& r) {
    if (!r) {
        return;
    }
    e << YAML::Key << "retry" << YAML::Value << YAML::Flow << YAML::BeginMap;
    e << YAML::Key << "max" << YAML::Value << r->max;
    duration(e, "delay", r->delay);
    word(e, "factor", core::format_number(r->factor));
    duration(e, "max_delay", r->max_delay);
    e << YAML::EndMap;
}

void livy(YAML::Emitter& e, const core::LivyResources& l) {
    list(e, "jars", l.jars);
    list(e, "py_files", l.py_files);
    list(e, "files", l.files);
    list(e, "archives", l.archives);
    map(e, "conf", l.conf);
    text(e, "driver_memory", l.driver_memory);
    text(e, "executor_memory", l.executor_memory);
    integer(e, "driver_cores", l.driver_cores);
    integer(e, "executor_cores", l.executor_cores);
    integer(e, "num_executors", l.num_executors);
    text(e, "queue", l.queue);
    text(e, "proxy_user", l.proxy_user);
}

void fields(YAML::Emitter& e, const std::string& key, const std::vector<core::ParamSpec>& specs, bool form) {
    if (specs.empty()) {
        return;
    }
    e << YAML::Key << key << YAML::Value << YAML::BeginMap;
    for (const auto& p : specs) {
        e << YAML::Key << p.name << YAML::Value << YAML::BeginMap;
        word(e, "type", core::to_string(p.type));
        if (p.required) {
            e << YAML::Key << "required" << YAML::Value << true;
        }
        list(e, "values", p.values);
        text(e, "pattern", p.pattern);
        if (p.default_value) {
            e << YAML::Key << "default" << YAML::Value;
            value(e, *p.default_value);
        }
        text(e, form ? "label" : "description", p.description);
        e << YAML::EndMap;
    }
    e << YAML::EndMap;
}

void assignees(YAML::Emitter& e, const core::Assignees& a) {
    list(e, "users", a.users);
    list(e, "roles", a.roles);
}

void user_task(YAML::Emitter& e, const core::UserTaskStep& t) {
    text(e, "title", t.title);
    text(e, "description", t.description);
    e << YAML::Key << "assignees" << YAML::Value << YAML::BeginMap;
    assignees(e, t.assignees);
    e << YAML::EndMap;
    fields(e, "form", t.form, true);
    list(e, "outcomes", t.outcomes);
    if (t.remind) {
        e << YAML::Key << "remind" << YAML::Value << YAML::BeginMap;
        duration(e, "every", t.remind->every);
        text(e, "channel", t.remind->channel);
        integer(e, "max", t.remind->max);
        text(e, "message", t.remind->message);
        e << YAML::EndMap;
    }
    if (t.escalate) {
        e << YAML::Key << "escalate" << YAML::Value << YAML::BeginMap;
        duration(e, "after", t.escalate->after);
        assignees(e, t.escalate->to);
        e << YAML::EndMap;
    }
    if (t.on_timeout) {
        e << YAML::Key << "on_timeout" << YAML::Value << YAML::BeginMap;
        switch (t.on_timeout->kind) {
            case core::TimeoutAction::Kind::Fail: e << YAML::Key << "fail" << YAML::Value << true; break;
            case core::TimeoutAction::Kind::Outcome: text(e, "outcome", t.on_timeout->outcome, true); break;
            case core::TimeoutAction::Kind::Escalate:
                e << YAML::Key << "escalate" << YAML::Value << YAML::BeginMap;
                assignees(e, t.on_timeout->escalate_to);
                e << YAML::EndMap;
                duration(e, "timeout", t.on_timeout->extra_time);
                break;
        }
        e << YAML::EndMap;
    }
}

struct BodyWriter {
    YAML::Emitter& e;

    void operator()(const core::LivyBatchStep& b) const {
        text(e, "file", b.file);
        text(e, "class_name", b.class_name);
        list(e, "args", b.args);
        livy(e, b.livy);
    }
    void operator()(const core::LivySessionStep& s) const {
        word(e, "kind", core::to_string(s.kind));
        text(e, "session", s.session);
        if (s.keep_open) {
            e << YAML::Key << "keep_open" << YAML::Value << true;
        }
        livy(e, s.livy);
        e << YAML::Key << "statements" << YAML::Value << YAML::BeginSeq;
        for (const auto& st : s.statements) {
            e << YAML::BeginMap;
            text(e, "code", st.code);
            text(e, "code_file", st.code_file);
            if (st.kind) {
                word(e, "kind", core::to_string(*st.kind));
            }
            e << YAML::EndMap;
        }
        e << YAML::EndSeq;
    }
    void operator()(const core::ReportStep& r) const {
        text(e, "scored", r.scored);
        text(e, "reference", r.reference);
        text(e, "label", r.label);
        word(e, "task", core::to_string(r.task));
        text(e, "score", r.score);
        text(e, "prediction", r.prediction);
        list(e, "features", r.features);
        list(e, "categorical", r.categorical);
        text(e, "model_version_column", r.model_version_column);
        e << YAML::Key << "bins" << YAML::Value << r.bins;
        text(e, "model", r.model);
        text(e, "model_version", r.model_version);
        text(e, "period", r.period);
        if (r.source != core::ReportSource{}) {
            e << YAML::Key << "source" << YAML::Value << YAML::BeginMap;
            word(e, "mode", core::to_string(r.source.mode));
            if (r.source.page_size != core::ReportSource{}.page_size) {
                e << YAML::Key << "page_size" << YAML::Value << r.source.page_size;
            }
            text(e, "format", r.source.format);
            text(e, "session", r.source.session);
            duration(e, "statement_timeout", r.source.statement_timeout);
            livy(e, r.source.livy);
            e << YAML::EndMap;
        }
    }
    void operator()(const core::RegisterModelStep& r) const {
        text(e, "model", r.model);
        text(e, "version", r.version);
        text(e, "artifact", r.artifact);
        map(e, "metrics", r.metrics);
        map(e, "tags", r.tags);
    }
    void operator()(const core::PromoteModelStep& p) const {
        text(e, "model", p.model);
        text(e, "version", p.version);
        text(e, "alias", p.alias);
    }
    void operator()(const core::UserTaskStep& t) const { user_task(e, t); }
    void operator()(const core::GateStep& g) const {
        e << YAML::Key << "cases" << YAML::Value << YAML::BeginSeq;
        for (const auto& c : g.cases) {
            e << YAML::BeginMap;
            text(e, "if", c.condition.text(), true);
            text(e, "goto", c.target);
            e << YAML::EndMap;
        }
        e << YAML::EndSeq;
        text(e, "default", g.default_target);
    }
    void operator()(const core::WaitStep& w) const {
        duration(e, "duration", w.duration);
        if (w.until_cron) {
            text(e, "until_cron", w.until_cron->text());
            word(e, "tz", core::to_string(w.zone));
        }
    }
    void operator()(const core::NotifyStep& n) const {
        text(e, "channel", n.channel);
        text(e, "message", n.message);
    }
    void operator()(const core::ShellStep& s) const {
        list(e, "command", s.command);
        map(e, "env", s.env);
        text(e, "cwd", s.cwd);
    }
    void operator()(const core::FailStep& f) const { text(e, "message", f.message); }
};

void step(YAML::Emitter& e, const core::Step& s) {
    e << YAML::BeginMap;
    word(e, "id", s.id);
    word(e, "type", core::to_string(s.type()));
    text(e, "name", s.name);
    duration(e, "timeout", s.timeout);
    retry(e, s.retry);
    if (s.when) {
        text(e, "when", s.when->text(), true);
    }
    if (!s.next.target.empty()) {
        word(e, "next", s.next.target);
    } else if (!s.next.by_outcome.empty()) {
        e << YAML::Key << "next" << YAML::Value << YAML::Flow << YAML::BeginMap;
        for (const auto& [outcome, target] : s.next.by_outcome) {
            word(e, outcome, target);
        }
        e << YAML::EndMap;
    }
    std::visit(BodyWriter{e}, s.body);
    e << YAML::EndMap;
}

}  // namespace

std::string to_yaml(const core::WorkflowSpec& spec) {
    YAML::Emitter e;
    e << YAML::BeginMap;
    word(e, "name", spec.name);
    text(e, "description", spec.description);
    fields(e, "params", spec.params, false);
    if (!spec.triggers.empty()) {
        e << YAML::Key << "triggers" << YAML::Value << YAML::BeginSeq;
        for (const auto& t : spec.triggers) {
            e << YAML::BeginMap;
            text(e, "cron", t.cron.text(), true);
            word(e, "tz", core::to_string(t.zone));
            if (!t.params.empty()) {
                e << YAML::Key << "params" << YAML::Value << YAML::BeginMap;
                for (const auto& [name, v] : t.params) {
                    e << YAML::Key << name << YAML::Value;
                    value(e, v);
                }
                e << YAML::EndMap;
            }
            e << YAML::EndMap;
        }
        e << YAML::EndSeq;
    }
    const core::Defaults& d = spec.defaults;
    if (d.timeout || d.retry || !(d.livy == core::LivyResources{})) {
        e << YAML::Key << "defaults" << YAML::Value << YAML::BeginMap;
        duration(e, "timeout", d.timeout);
        retry(e, d.retry);
        if (!(d.livy == core::LivyResources{})) {
            e << YAML::Key << "livy" << YAML::Value << YAML::BeginMap;
            livy(e, d.livy);
            e << YAML::EndMap;
        }
        e << YAML::EndMap;
    }
    e << YAML::Key << "steps" << YAML::Value << YAML::BeginSeq;
    for (const auto& s : spec.steps) {
        step(e, s);
    }
    e << YAML::EndSeq << YAML::EndMap;
    return std::string(e.c_str()) + "\n";
}

}  // namespace steward::workflow
