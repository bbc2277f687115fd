#include "orchestrator/engine/run_lookup.hpp"

#include "orchestrator/core/text_template.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace steward::engine {

namespace json = boost::json;

namespace {

/// Walks `path[from..]` through nested objects of `root`.
std::optional<core::Value> walk(const json::object& root, const std::vector<std::string>& path,
                                std::size_t from) {
    if (from >= path.size()) {
        return std::nullopt;
    }
    const json::value* current = root.if_contains(path[from]);
    for (std::size_t i = from + 1; current != nullptr && i < path.size(); ++i) {
        const auto* object = current->if_object();
        current = object == nullptr ? nullptr : object->if_contains(path[i]);
    }
    if (current == nullptr) {
        return std::nullopt;
    }
    return to_value(*current);
}

}  // namespace

RunLookup::RunLookup(const store::Run& run, const std::vector<store::StepExecution>& steps)
    : run_id_(run.id), run_uid_(run.uid), workflow_name_(run.workflow_name), started_at_(run.started_at) {
    for (auto& [name, value] : values_from_json_text(run.params_json)) {
        params_.emplace(name, std::move(value));
    }
    for (const auto& exec : steps) {
        StepInfo info;
        info.state = exec.state;
        info.outcome = exec.outcome;
        if (exec.outputs_json) {
            info.outputs = object_from_text(*exec.outputs_json);
        }
        steps_.insert_or_assign(exec.step_id, std::move(info));
    }
}

std::optional<core::Value> RunLookup::find(const core::Reference& reference) const {
    const auto& path = reference.path;
    if (path.size() < 2) {
        return std::nullopt;
    }
    if (path[0] == "params" && path.size() == 2) {
        const auto it = params_.find(path[1]);
        return it == params_.end() ? std::nullopt : std::optional<core::Value>(it->second);
    }
    if (path[0] == "run" && path.size() == 2) {
        if (path[1] == "id") {
            return core::Value{static_cast<double>(run_id_)};
        }
        if (path[1] == "uid") {
            return core::Value{run_uid_};
        }
        if (path[1] == "started_at" && started_at_) {
            return core::Value{iso_time(*started_at_)};
        }
        return std::nullopt;
    }
    if (path[0] == "workflow" && path.size() == 2 && path[1] == "name") {
        return core::Value{workflow_name_};
    }
    if (path[0] != "steps" || path.size() < 3) {
        return std::nullopt;
    }
    const auto it = steps_.find(path[1]);
    if (it == steps_.end()) {
        return std::nullopt;
    }
    const StepInfo& info = it->second;
    const std::string& field = path[2];
    if (field == "state" && path.size() == 3) {
        return core::Value{std::string(store::to_string(info.state))};
    }
    if (field == "outcome" && path.size() == 3) {
        return info.outcome ? core::Value{*info.outcome} : core::Value{};
    }
    if (field == "outputs") {
        return walk(info.outputs, path, 3);
    }
    if (field == "metrics" || field == "drift" || field == "characteristic" || field == "stability") {
        return walk(info.outputs, path, 2);
    }
    return std::nullopt;
}

std::string iso_time(store::Millis at) {
    const std::time_t seconds = static_cast<std::time_t>(at / 1000);
    const int millis = static_cast<int>(((at % 1000) + 1000) % 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
    return buffer;
}

std::string FieldRenderer::render(const std::string& text, std::string_view field,
                                  std::optional<core::SourcePos> pos) {
    if (!core::has_interpolation(text)) {
        return text;
    }
    auto rendered = core::interpolate(text, lookup_);
    if (rendered) {
        return std::move(rendered).value();
    }
    fail(field, rendered.error().message, pos);
    return {};
}

core::Duration FieldRenderer::duration(const core::DurationField& value, std::string_view field,
                                       bool positive, std::optional<core::SourcePos> pos) {
    auto resolved = core::resolve_duration(value, lookup_, positive);
    if (resolved) {
        return resolved.value();
    }
    fail(field, resolved.error().message, pos);
    return core::Duration::zero();
}

void FieldRenderer::fail(std::string_view field, const std::string& message,
                         std::optional<core::SourcePos> pos) {
    if (error_.empty()) {
        const core::SourcePos at = pos.value_or(step_.origin.at(field));
        error_ = "step '" + step_.id + "' field '" + std::string(field) + "' (" +
                 core::describe_position(spec_, at) + "): " + message;
    }
}

std::vector<std::string> FieldRenderer::render_all(const std::vector<std::string>& texts,
                                                   std::string_view field) {
    std::vector<std::string> out;
    out.reserve(texts.size());
    const core::SourcePos at = step_.origin.at(field);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        out.push_back(render(texts[i], std::string(field) + "[" + std::to_string(i) + "]", at));
    }
    return out;
}

std::map<std::string, std::string> FieldRenderer::render_values(
    const std::map<std::string, std::string>& values, std::string_view field) {
    std::map<std::string, std::string> out;
    const core::SourcePos at = step_.origin.at(field);
    for (const auto& [key, text] : values) {
        out.emplace(key, render(text, std::string(field) + "." + key, at));
    }
    return out;
}

}  // namespace steward::engine
