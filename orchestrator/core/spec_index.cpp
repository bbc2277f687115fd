#include "orchestrator/core/spec_index.hpp"

namespace steward::core {

SpecIndex::SpecIndex(const WorkflowSpec& spec) : spec_(spec), words_(spec.steps.size()) {
    for (std::size_t i = 0; i < spec.steps.size(); ++i) {
        const Step& step = spec.steps[i];
        steps_.emplace(step.id, i);  // keeps the first of repeated ids
        if (const auto* task = std::get_if<UserTaskStep>(&step.body)) {
            words_[i].insert(task->outcomes.begin(), task->outcomes.end());
        } else if (const auto* report = std::get_if<ReportStep>(&step.body)) {
            words_[i].insert(report->features.begin(), report->features.end());
            words_[i].insert(report->categorical.begin(), report->categorical.end());
        }
    }
    for (std::size_t i = 0; i < spec.params.size(); ++i) {
        params_.emplace(spec.params[i].name, i);
    }
}

std::optional<std::size_t> SpecIndex::step_index(std::string_view id) const {
    const auto it = steps_.find(id);
    return it == steps_.end() ? std::nullopt : std::optional<std::size_t>(it->second);
}

const Step* SpecIndex::find_step(std::string_view id) const {
    const auto index = step_index(id);
    return index ? &spec_.steps[*index] : nullptr;
}

const ParamSpec* SpecIndex::find_param(std::string_view name) const {
    const auto it = params_.find(name);
    return it == params_.end() ? nullptr : &spec_.params[it->second];
}

bool SpecIndex::has_outcome(std::size_t step, std::string_view outcome) const {
    return step < words_.size() && std::holds_alternative<UserTaskStep>(spec_.steps[step].body) &&
           words_[step].count(outcome) != 0;
}

bool SpecIndex::has_feature(std::size_t step, std::string_view feature) const {
    return step < words_.size() && std::holds_alternative<ReportStep>(spec_.steps[step].body) &&
           words_[step].count(feature) != 0;
}

}  // namespace steward::core
