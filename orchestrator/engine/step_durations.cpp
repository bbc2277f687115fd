#include "orchestrator/engine/step_durations.hpp"

namespace steward::engine::detail {

std::optional<core::Duration> step_timeout(FieldRenderer& render, const core::WorkflowSpec& spec,
                                           const core::Step& step) {
    const auto timeout = core::effective_timeout(spec, step);
    if (!timeout) {
        return std::nullopt;
    }
    const auto pos = step.timeout ? step.origin.at("timeout") : spec.defaults.origin.at("timeout");
    return render.duration(*timeout, "timeout", true, pos);
}

core::Duration retry_delay(FieldRenderer& render, const core::WorkflowSpec& spec, const core::Step& step,
                           int retry) {
    const core::RetryPolicy policy = core::effective_retry(spec, step);
    const auto pos = step.retry ? step.origin.at("retry") : spec.defaults.origin.at("retry");
    const core::Duration delay = render.duration(policy.delay, "retry.delay", false, pos);
    const core::Duration max_delay = render.duration(policy.max_delay, "retry.max_delay", false, pos);
    return policy.delay_before(retry, delay, max_delay);
}

std::string check_step_durations(const core::ValueLookup& lookup, const core::WorkflowSpec& spec,
                                 const core::Step& step) {
    FieldRenderer render(lookup, spec, step);
    const auto timeout = step_timeout(render, spec, step);
    if (core::accepts_retry(step.type())) {
        (void)retry_delay(render, spec, step, 1);
    }
    if (const auto* wait = std::get_if<core::WaitStep>(&step.body); wait != nullptr && wait->duration) {
        (void)render.duration(*wait->duration, "duration", true);
    } else if (const auto* task = std::get_if<core::UserTaskStep>(&step.body)) {
        if (task->remind) {
            (void)render.duration(task->remind->every, "remind.every", true, step.origin.at("remind"));
        }
        if (task->escalate) {
            const auto at = step.origin.at("escalate");
            const core::Duration after = render.duration(task->escalate->after, "escalate.after", true, at);
            if (render.ok() && timeout && after >= *timeout) {
                render.fail("escalate.after",
                            core::format_duration(after) + " must be shorter than the task's timeout (" +
                                core::format_duration(*timeout) + ")",
                            at);
            }
        }
        if (task->on_timeout && task->on_timeout->extra_time) {
            (void)render.duration(*task->on_timeout->extra_time, "on_timeout.timeout", true,
                                  step.origin.at("on_timeout"));
        }
    } else if (const auto* report = std::get_if<core::ReportStep>(&step.body);
               report != nullptr && report->source.statement_timeout) {
        (void)render.duration(*report->source.statement_timeout, "source.statement_timeout", true,
                              step.origin.at("source"));
    }
    return render.error();
}

}  // namespace steward::engine::detail
