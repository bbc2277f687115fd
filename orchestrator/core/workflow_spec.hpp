#pragma once

#include "orchestrator/core/cron.hpp"
#include "orchestrator/core/params.hpp"
#include "orchestrator/core/retry.hpp"
#include "orchestrator/core/source_pos.hpp"
#include "orchestrator/core/steps.hpp"
#include "orchestrator/core/value.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

/// A cron trigger: start a run with `params` each time `cron` fires on `zone`'s clock.
struct Trigger {
    CronSchedule cron;
    CronZone zone = CronZone::Local;
    std::map<std::string, Value> params;  // checked against the declared params
    Origin origin;

    bool operator==(const Trigger&) const = default;
};

/// `defaults:`, applied to every step that accepts them (see `accepts_retry`).
struct Defaults {
    std::optional<DurationField> timeout;
    std::optional<RetryPolicy> retry;
    LivyResources livy;
    Origin origin;

    bool operator==(const Defaults&) const = default;
};

/// A loaded, valid workflow file (docs/workflows.md). Plain data: copyable, comparable (where it
/// came from, `file` and positions, is not part of the comparison); safe to share between threads
/// once built.
struct WorkflowSpec {
    std::string name;
    std::string description;
    std::vector<ParamSpec> params;
    std::vector<Trigger> triggers;
    Defaults defaults;
    std::vector<Step> steps;
    std::string file;  // the file name it was loaded from, for messages ("" when built in code)
    Origin origin;

    /// The step with this id, or nullptr.
    [[nodiscard]] const Step* find_step(std::string_view id) const noexcept;
    /// The index of the step with this id in `steps`.
    [[nodiscard]] std::optional<std::size_t> step_index(std::string_view id) const noexcept;
    /// The declared param with this name, or nullptr.
    [[nodiscard]] const ParamSpec* find_param(std::string_view name) const noexcept;

    bool operator==(const WorkflowSpec& other) const {
        return name == other.name && description == other.description && params == other.params &&
               triggers == other.triggers && defaults == other.defaults && steps == other.steps;
    }
};

/// The step's timeout, else `defaults.timeout` if the step type takes defaults; empty = none.
/// A user task's timeout (its answer deadline) never comes from defaults. An interpolated
/// timeout is resolved by the engine when the step starts (`resolve_duration`).
[[nodiscard]] std::optional<DurationField> effective_timeout(const WorkflowSpec& spec, const Step& step);

/// The step's retry policy, else `defaults.retry` if the step type takes it, else no retries.
[[nodiscard]] RetryPolicy effective_retry(const WorkflowSpec& spec, const Step& step);

/// `step`'s Livy settings merged over `defaults.livy`: `conf` key by key (the step wins), any
/// other field the step gives replaces the default's. Works for any LivyResources.
[[nodiscard]] LivyResources effective_livy(const WorkflowSpec& spec, const LivyResources& step);

/// "FILE:LINE:COL" for a position in `spec`'s file, for engine messages ("FILE" alone when the
/// position is unknown, "<workflow NAME>" when there is no file).
[[nodiscard]] std::string describe_position(const WorkflowSpec& spec, SourcePos pos);

}  // namespace steward::core
