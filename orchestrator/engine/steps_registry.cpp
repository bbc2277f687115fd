// Executors of the model registry steps: register_model and promote_model.

#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/step_call.hpp"
#include "orchestrator/store/store.hpp"

#include <charconv>

namespace steward::engine::detail {

namespace json = boost::json;

namespace {

std::optional<double> parse_number(const std::string& text) {
    double value = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    while (first != last && *first == ' ') {
        ++first;
    }
    const auto [end, ec] = std::from_chars(first, last, value);
    if (ec != std::errc{} || end != last || first == last) {
        return std::nullopt;
    }
    return value;
}

json::object version_outputs(const store::ModelVersion& version) {
    return json::object{
        {"model", version.group + ":" + version.artifact},
        {"version", store::format_version_number(version.major, version.minor, version.build)},
        {"build", version.build},
        {"version_id", version.id},
    };
}

}  // namespace

StepOutcome execute_register_model(StepCall& call) {
    const auto& reg = std::get<core::RegisterModelStep>(call.step.body);
    FieldRenderer render(call.lookup, call.spec, call.step);
    const std::string model_text = render.render(reg.model, "model");
    const std::string version_text = render.render(reg.version, "version");
    const std::string artifact = render.render(reg.artifact, "artifact");
    const auto metrics = render.render_values(reg.metrics, "metrics");
    const auto tags = render.render_values(reg.tags, "tags");
    if (!render.ok()) {
        return failed(render.error(), false);
    }
    const auto where = [&](std::string_view field) {
        return call.subject() + " field '" + std::string(field) + "' (" +
               core::describe_position(call.spec, call.step.origin.at(field)) + "): ";
    };
    auto model = store::parse_model_name(model_text);
    if (!model) {
        return failed(where("model") + model.error().message, false);
    }
    auto version = store::parse_major_minor(version_text);
    if (!version) {
        return failed(where("version") + version.error().message, false);
    }
    json::object metrics_json;
    for (const auto& [name, text] : metrics) {
        const auto number = parse_number(text);
        if (!number) {
            return failed(where("metrics") + "metric '" + name + "' is '" + text + "', not a number", false);
        }
        metrics_json[name] = *number;
    }
    json::object tags_json;
    for (const auto& [name, text] : tags) {
        tags_json[name] = text;
    }
    store::NewModelVersion request;
    request.model = *model;
    request.version = *version;
    request.artifact_uri = artifact;
    request.metrics_json = json_text(metrics_json);
    request.tags_json = json_text(tags_json);
    request.run_id = call.run.id;
    request.step_id = call.step.id;
    request.step_exec_id = call.exec.id;
    request.params_json = call.record.params_json;
    request.actor = "steward run " + std::to_string(call.run.id);

    StepOutcome outcome;
    outcome.retryable = false;
    outcome.on_commit = [request = std::move(request), exec_id = call.exec.id](Transition& t,
                                                                               StepOutcome& out) mutable {
        auto& registry = t.store().registry();
        // Idempotent: a resumed attempt finds the version it registered before a crash.
        auto existing = registry.find_version_for_step(exec_id);
        if (existing) {
            out.outputs = version_outputs(*existing);
            return;
        }
        request.at = t.now();
        auto registered = registry.register_version(request);
        if (!registered) {
            out.state = store::StepState::failed;
            out.error = "the registry refused the version: " + registered.error().message();
            return;
        }
        out.outputs = version_outputs(*registered);
    };
    return outcome;
}

StepOutcome execute_promote_model(StepCall& call) {
    const auto& promote = std::get<core::PromoteModelStep>(call.step.body);
    FieldRenderer render(call.lookup, call.spec, call.step);
    const std::string model_text = render.render(promote.model, "model");
    const std::string version_text = render.render(promote.version, "version");
    const std::string alias = render.render(promote.alias, "alias");
    if (!render.ok()) {
        return failed(render.error(), false);
    }
    auto ref = store::parse_model_version(model_text + ":" + version_text);
    if (!ref) {
        return failed(call.subject() + " (" +
                          core::describe_position(call.spec, call.step.origin.at("version")) +
                          "): " + ref.error().message,
                      false);
    }
    StepOutcome outcome;
    outcome.retryable = false;
    outcome.on_commit = [ref = *ref, alias, actor = "steward run " + std::to_string(call.run.id),
                         subject = call.subject()](Transition& t, StepOutcome& out) {
        auto moved = t.store().registry().set_alias(ref.model, alias, ref, actor, t.now());
        if (!moved) {
            out.state = store::StepState::failed;
            out.error = subject + ": cannot point '" + alias + "' at " + store::format_model_version(ref) +
                        ": " + moved.error().message();
            return;
        }
        out.outputs = json::object{
            {"model", store::format_model_name(ref.model)},
            {"version", store::format_version_number(ref.major, ref.minor, ref.build)},
            {"alias", alias},
        };
        if (moved->previous) {
            out.outputs["previous"] = store::format_version_number(
                moved->previous->major, moved->previous->minor, moved->previous->build);
        }
    };
    return outcome;
}

}  // namespace steward::engine::detail
