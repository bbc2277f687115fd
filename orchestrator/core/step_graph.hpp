#pragma once

#include "orchestrator/core/spec_index.hpp"
#include "orchestrator/core/workflow_spec.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

// How control moves between the steps of a valid spec. A target of `std::nullopt` means the
// run ends successfully. All functions are pure and thread-safe; an index out of range or a
// target that names no step (impossible in a validated spec) yields std::nullopt.

/// Resolves a target as written in `next`/`goto`/`default`: "end" or a step id.
[[nodiscard]] std::optional<std::size_t> resolve_target(const WorkflowSpec& spec,
                                                        std::string_view target) noexcept;

/// The step listed after `index`, or the end after the last step.
[[nodiscard]] std::optional<std::size_t> fall_through(const WorkflowSpec& spec, std::size_t index) noexcept;

/// Where the run goes after step `index` completed (not for gates): the step's `next` entry for
/// `outcome` (user tasks), else its single `next`, else the following step.
[[nodiscard]] std::optional<std::size_t> next_after(const WorkflowSpec& spec, std::size_t index,
                                                    std::string_view outcome = {}) noexcept;

/// Where the run goes when step `index` is skipped (`when` false): its single `next` if it has
/// one, else the following step (an outcome map or a gate's cases do not apply).
[[nodiscard]] std::optional<std::size_t> next_after_skip(const WorkflowSpec& spec,
                                                         std::size_t index) noexcept;

/// Where a gate goes: the `goto` of case `matched_case`, or (no case matched) `default`, or the
/// following step.
[[nodiscard]] std::optional<std::size_t> gate_target(const WorkflowSpec& spec, std::size_t index,
                                                     std::optional<std::size_t> matched_case) noexcept;

/// One possible move from a step, for graph checks and drawing.
struct StepEdge {
    enum class Kind { Next, FallThrough, Outcome, Case, Default, Skip };
    Kind kind = Kind::FallThrough;
    std::size_t from = 0;
    std::optional<std::size_t> to;  // empty: the end of the run
    std::string label;              // the outcome (Outcome) or the condition text (Case)
    SourcePos pos;                  // where the move is written (the step itself if implicit)
};

/// Every move out of step `index`. Targets that name no step are left out. O(steps) per call
/// (it indexes the spec); use the SpecIndex overload to walk a whole graph.
[[nodiscard]] std::vector<StepEdge> step_edges(const WorkflowSpec& spec, std::size_t index);
/// The same over a prebuilt index.
[[nodiscard]] std::vector<StepEdge> step_edges(const SpecIndex& index, std::size_t step);

/// A loop in the step graph that passes no `wait` and no `user_task` step (it would spin).
struct UnguardedCycle {
    std::vector<std::size_t> steps;  // the loop, in order, starting at its first step in the file
    StepEdge closing;                // the move that goes back to `steps.front()`
};

/// Every strongly connected part of the step graph that loops without a wait or user task,
/// reported as one concrete loop each. Iterative (no recursion), O(steps + edges).
[[nodiscard]] std::vector<UnguardedCycle> find_unguarded_cycles(const WorkflowSpec& spec);

}  // namespace steward::core
