#include "orchestrator/core/step_graph.hpp"

#include "orchestrator/core/spec_index.hpp"

#include <algorithm>
#include <deque>

namespace steward::core {

std::optional<std::size_t> resolve_target(const WorkflowSpec& spec, std::string_view target) noexcept {
    if (target == kEndTarget) {
        return std::nullopt;
    }
    return spec.step_index(target);
}

std::optional<std::size_t> fall_through(const WorkflowSpec& spec, std::size_t index) noexcept {
    if (index + 1 < spec.steps.size()) {
        return index + 1;
    }
    return std::nullopt;
}

std::optional<std::size_t> next_after(const WorkflowSpec& spec, std::size_t index,
                                      std::string_view outcome) noexcept {
    if (index >= spec.steps.size()) {
        return std::nullopt;
    }
    const Next& next = spec.steps[index].next;
    if (!outcome.empty()) {
        for (const auto& [key, target] : next.by_outcome) {
            if (key == outcome) {
                return resolve_target(spec, target);
            }
        }
    }
    if (!next.target.empty()) {
        return resolve_target(spec, next.target);
    }
    return fall_through(spec, index);
}

std::optional<std::size_t> next_after_skip(const WorkflowSpec& spec, std::size_t index) noexcept {
    if (index >= spec.steps.size()) {
        return std::nullopt;
    }
    const Next& next = spec.steps[index].next;
    if (!next.target.empty()) {
        return resolve_target(spec, next.target);
    }
    return fall_through(spec, index);
}

std::optional<std::size_t> gate_target(const WorkflowSpec& spec, std::size_t index,
                                       std::optional<std::size_t> matched_case) noexcept {
    if (index >= spec.steps.size()) {
        return std::nullopt;
    }
    const auto* gate = std::get_if<GateStep>(&spec.steps[index].body);
    if (gate != nullptr && matched_case && *matched_case < gate->cases.size()) {
        return resolve_target(spec, gate->cases[*matched_case].target);
    }
    if (gate != nullptr && !gate->default_target.empty()) {
        return resolve_target(spec, gate->default_target);
    }
    return fall_through(spec, index);
}

std::vector<StepEdge> step_edges(const WorkflowSpec& spec, std::size_t index) {
    return step_edges(SpecIndex(spec), index);
}

std::vector<StepEdge> step_edges(const SpecIndex& lookup, std::size_t index) {
    const WorkflowSpec& spec = lookup.spec();
    std::vector<StepEdge> out;
    if (index >= spec.steps.size()) {
        return out;
    }
    const Step& step = spec.steps[index];
    // A target as written: nothing for an unknown id, the end of the run for "end".
    auto resolve = [&](std::string_view target) -> std::optional<std::optional<std::size_t>> {
        if (target == kEndTarget) {
            return std::optional<std::size_t>();
        }
        if (const auto to = lookup.step_index(target)) {
            return std::optional<std::size_t>(to);
        }
        return std::nullopt;
    };
    auto add = [&](StepEdge::Kind kind, std::string_view target, std::string label, SourcePos pos) {
        if (const auto to = resolve(target)) {
            out.push_back(StepEdge{kind, index, *to, std::move(label), pos});
        }
    };
    auto add_fall_through = [&](StepEdge::Kind kind) {
        out.push_back(StepEdge{kind, index, fall_through(spec, index), {}, step.origin.pos});
    };
    if (const auto* gate = std::get_if<GateStep>(&step.body)) {
        for (const GateCase& c : gate->cases) {
            add(StepEdge::Kind::Case, c.target, c.condition.text(), c.origin.at("goto"));
        }
        if (!gate->default_target.empty()) {
            add(StepEdge::Kind::Default, gate->default_target, {}, step.origin.at("default"));
        } else {
            add_fall_through(StepEdge::Kind::FallThrough);
        }
    } else if (step.type() != StepType::Fail) {
        for (const auto& [outcome, target] : step.next.by_outcome) {
            add(StepEdge::Kind::Outcome, target, outcome, step.origin.at("next." + outcome));
        }
        if (!step.next.target.empty()) {
            add(StepEdge::Kind::Next, step.next.target, {}, step.origin.at("next"));
        } else {
            bool all_mapped = false;
            if (const auto* task = std::get_if<UserTaskStep>(&step.body);
                task && !step.next.by_outcome.empty()) {
                all_mapped =
                    std::all_of(task->outcomes.begin(), task->outcomes.end(),
                                [&](const std::string& o) { return step.next.by_outcome.count(o) != 0; });
            }
            if (!all_mapped) {
                add_fall_through(StepEdge::Kind::FallThrough);
            }
        }
    }
    // A skipped step moves on through its single next or the following step.
    if (step.when) {
        const auto skip_to =
            step.next.target.empty() ? std::optional(fall_through(spec, index)) : resolve(step.next.target);
        if (skip_to) {
            const bool covered = std::any_of(out.begin(), out.end(), [&](const StepEdge& e) {
                return e.to == *skip_to &&
                       (e.kind == StepEdge::Kind::Next || e.kind == StepEdge::Kind::FallThrough);
            });
            if (!covered) {
                out.push_back(StepEdge{StepEdge::Kind::Skip, index, *skip_to, {}, step.origin.at("when")});
            }
        }
    }
    return out;
}

namespace {

bool is_guard(const Step& step) {
    return step.type() == StepType::Wait || step.type() == StepType::UserTask;
}

// Tarjan's strongly connected components, iteratively.
std::vector<std::vector<std::size_t>> strong_components(const std::vector<std::vector<std::size_t>>& adj) {
    const std::size_t n = adj.size();
    constexpr std::size_t kUnset = static_cast<std::size_t>(-1);
    std::vector<std::size_t> order(n, kUnset), low(n, 0);
    std::vector<bool> on_stack(n, false);
    std::vector<std::size_t> stack;
    std::vector<std::vector<std::size_t>> out;
    std::size_t counter = 0;
    struct Frame {
        std::size_t node;
        std::size_t next_edge;
    };
    for (std::size_t start = 0; start < n; ++start) {
        if (order[start] != kUnset) {
            continue;
        }
        std::vector<Frame> frames{{start, 0}};
        order[start] = low[start] = counter++;
        stack.push_back(start);
        on_stack[start] = true;
        while (!frames.empty()) {
            Frame& f = frames.back();
            if (f.next_edge < adj[f.node].size()) {
                const std::size_t to = adj[f.node][f.next_edge++];
                if (order[to] == kUnset) {
                    order[to] = low[to] = counter++;
                    stack.push_back(to);
                    on_stack[to] = true;
                    frames.push_back({to, 0});
                } else if (on_stack[to]) {
                    low[f.node] = std::min(low[f.node], order[to]);
                }
                continue;
            }
            const std::size_t node = f.node;
            frames.pop_back();
            if (!frames.empty()) {
                low[frames.back().node] = std::min(low[frames.back().node], low[node]);
            }
            if (low[node] == order[node]) {
                std::vector<std::size_t> component;
                std::size_t member = kUnset;
                do {
                    member = stack.back();
                    stack.pop_back();
                    on_stack[member] = false;
                    component.push_back(member);
                } while (member != node);
                std::sort(component.begin(), component.end());
                out.push_back(std::move(component));
            }
        }
    }
    return out;
}

}  // namespace

std::vector<UnguardedCycle> find_unguarded_cycles(const WorkflowSpec& spec) {
    const std::size_t n = spec.steps.size();
    const SpecIndex lookup(spec);
    std::vector<std::vector<StepEdge>> edges(n);
    std::vector<std::vector<std::size_t>> adj(n);
    for (std::size_t i = 0; i < n; ++i) {
        edges[i] = step_edges(lookup, i);
        for (const StepEdge& e : edges[i]) {
            if (e.to) {
                adj[i].push_back(*e.to);
            }
        }
    }
    std::vector<UnguardedCycle> out;
    // Scratch for the searches below, reset per component so the total stays linear.
    constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::vector<bool> inside(n, false);
    std::vector<std::size_t> parent(n, kNone);
    for (const auto& component : strong_components(adj)) {
        const std::size_t first = component.front();
        const bool loops = component.size() > 1 ||
                           std::find(adj[first].begin(), adj[first].end(), first) != adj[first].end();
        if (!loops || std::any_of(component.begin(), component.end(),
                                  [&](std::size_t i) { return is_guard(spec.steps[i]); })) {
            continue;
        }
        // Shortest loop from `first` back to itself inside the component (breadth-first).
        for (const std::size_t i : component) {
            inside[i] = true;
        }
        std::deque<std::size_t> queue{first};
        const StepEdge* closing = nullptr;
        std::size_t last = kNone;
        while (!queue.empty() && closing == nullptr) {
            const std::size_t at = queue.front();
            queue.pop_front();
            for (const StepEdge& e : edges[at]) {
                if (!e.to || !inside[*e.to]) {
                    continue;
                }
                if (*e.to == first) {
                    closing = &e;
                    last = at;
                    break;
                }
                if (parent[*e.to] == kNone && *e.to != first) {
                    parent[*e.to] = at;
                    queue.push_back(*e.to);
                }
            }
        }
        UnguardedCycle cycle;
        for (std::size_t at = last; closing != nullptr && at != first && at != kNone; at = parent[at]) {
            cycle.steps.push_back(at);
        }
        for (const std::size_t i : component) {
            inside[i] = false;
            parent[i] = kNone;
        }
        if (closing == nullptr) {
            continue;  // unreachable for a strongly connected component
        }
        cycle.steps.push_back(first);
        std::reverse(cycle.steps.begin(), cycle.steps.end());
        cycle.closing = *closing;
        out.push_back(std::move(cycle));
    }
    std::sort(out.begin(), out.end(), [](const UnguardedCycle& a, const UnguardedCycle& b) {
        return a.steps.front() < b.steps.front();
    });
    return out;
}

}  // namespace steward::core
