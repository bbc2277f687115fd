#pragma once

#include "orchestrator/core/duration_field.hpp"
#include "orchestrator/core/expression.hpp"
#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::engine {

/// The names an expression or `${...}` may use during a run (docs/engine.md, "Run context"):
/// `params.X`; `run.id`, `run.started_at` (ISO-8601 UTC); `workflow.name`; and for each step that
/// has begun, from its latest attempt: `steps.ID.state`, `steps.ID.outcome`,
/// `steps.ID.outputs.X[.Y...]`, and the report figures `steps.ID.metrics.X`,
/// `steps.ID.drift.F.psi`, `steps.ID.characteristic.pN`, `steps.ID.stability.score_psi` (stored
/// in the report step's outputs under `metrics`, `drift`, `characteristic`, `stability`).
/// A name without a value (a step that has not run, an output never printed) is absent, and the
/// evaluation fails with "no value for 'NAME'". Immutable snapshot; thread-safe to read.
class RunLookup final : public core::ValueLookup {
public:
    /// A snapshot of `run` with the step attempts `steps` (in the order they began; a later
    /// attempt of a step replaces an earlier one).
    RunLookup(const store::Run& run, const std::vector<store::StepExecution>& steps);

    [[nodiscard]] std::optional<core::Value> find(const core::Reference& reference) const override;

private:
    struct StepInfo {
        store::StepState state = store::StepState::pending;
        std::optional<std::string> outcome;
        boost::json::object outputs;
    };

    store::RowId run_id_;
    std::string run_uid_;
    std::string workflow_name_;
    std::optional<store::Millis> started_at_;
    std::map<std::string, core::Value, std::less<>> params_;
    std::map<std::string, StepInfo, std::less<>> steps_;
};

/// A `RunLookup` built on first use (most steps evaluate nothing, so most never read the run's
/// steps). Not thread-safe.
class LazyRunLookup final : public core::ValueLookup {
public:
    explicit LazyRunLookup(std::function<RunLookup()> build) : build_(std::move(build)) {}
    [[nodiscard]] std::optional<core::Value> find(const core::Reference& reference) const override {
        if (!built_) {
            built_.emplace(build_());
        }
        return built_->find(reference);
    }

private:
    std::function<RunLookup()> build_;
    mutable std::optional<RunLookup> built_;
};

/// Milliseconds since the epoch as ISO-8601 UTC with milliseconds ("2024-05-01T06:00:00.000Z").
[[nodiscard]] std::string iso_time(store::Millis at);

/// Renders the `${...}` fields of one step, keeping the first error. Each error names the step,
/// the field and its position in the workflow file, e.g. "step 'notify_team' field 'message'
/// (wf.yaml:12:14): no value for 'steps.report.metrics.ks'". Not thread-safe (one per step start).
class FieldRenderer {
public:
    FieldRenderer(const core::ValueLookup& lookup, const core::WorkflowSpec& spec,
                  const core::Step& step) noexcept
        : lookup_(lookup), spec_(spec), step_(step) {}

    /// `text` with its interpolations rendered; on error, records it (if it is the first) and
    /// returns "". `field` names the field for the message; `pos` overrides its position.
    std::string render(const std::string& text, std::string_view field,
                       std::optional<core::SourcePos> pos = std::nullopt);

    /// Every element rendered (`field[i]` in messages).
    std::vector<std::string> render_all(const std::vector<std::string>& texts, std::string_view field);

    /// Every value rendered (`field.KEY` in messages); keys are kept as written.
    std::map<std::string, std::string> render_values(const std::map<std::string, std::string>& values,
                                                     std::string_view field);

    /// A duration field resolved (`core::resolve_duration`: a literal as is, `${...}` rendered
    /// and parsed); on error, records it ("step 'w' field 'duration' (wf.yaml:5:15):
    /// '${params.period}' gave 'soon', which is not a duration ...") and returns 0s. `positive`:
    /// 0s is an error. `pos` overrides the field's position.
    core::Duration duration(const core::DurationField& value, std::string_view field, bool positive,
                            std::optional<core::SourcePos> pos = std::nullopt);

    /// Records `message` about `field` as the error (if it is the first), in the same form.
    void fail(std::string_view field, const std::string& message,
              std::optional<core::SourcePos> pos = std::nullopt);

    [[nodiscard]] bool ok() const noexcept { return error_.empty(); }
    /// The first error ("" when none).
    [[nodiscard]] const std::string& error() const noexcept { return error_; }

private:
    const core::ValueLookup& lookup_;
    const core::WorkflowSpec& spec_;
    const core::Step& step_;
    std::string error_;
};

}  // namespace steward::engine
