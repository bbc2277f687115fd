#pragma once

#include "orchestrator/core/workflow_spec.hpp"

#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace steward::core {

/// Constant-time lookups of a spec's steps, params, user-task outcomes and report features, for
/// checks that must stay linear on large files. Refers into `spec`: the spec must outlive the
/// index and not change while it is used. Immutable after construction; thread-safe to share.
class SpecIndex {
public:
    explicit SpecIndex(const WorkflowSpec& spec);

    [[nodiscard]] const WorkflowSpec& spec() const noexcept { return spec_; }
    /// The index of the step with this id (the first, if ids repeat).
    [[nodiscard]] std::optional<std::size_t> step_index(std::string_view id) const;
    /// The step with this id, or nullptr.
    [[nodiscard]] const Step* find_step(std::string_view id) const;
    /// The param with this name, or nullptr.
    [[nodiscard]] const ParamSpec* find_param(std::string_view name) const;
    /// Is `outcome` one of user task `step`'s outcomes? (false for other steps)
    [[nodiscard]] bool has_outcome(std::size_t step, std::string_view outcome) const;
    /// Does report `step` compute drift for `feature`? (false for other steps)
    [[nodiscard]] bool has_feature(std::size_t step, std::string_view feature) const;

private:
    const WorkflowSpec& spec_;
    std::unordered_map<std::string_view, std::size_t> steps_;
    std::unordered_map<std::string_view, std::size_t> params_;
    std::vector<std::unordered_set<std::string_view>> words_;  // per step: outcomes or features
};

}  // namespace steward::core
