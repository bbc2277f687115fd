#include "orchestrator/core/workflow_spec.hpp"

#include <array>

namespace steward::core {
namespace {

constexpr std::array<std::string_view, kStepTypeCount> kStepTypeNames{
    "livy_batch", "livy_session", "report", "register_model", "promote_model", "user_task",
    "gate",       "wait",         "notify", "shell",          "fail"};

}  // namespace

std::string_view to_string(StepType type) noexcept {
    return kStepTypeNames[static_cast<std::size_t>(type)];
}

std::optional<StepType> step_type_from_string(std::string_view name) noexcept {
    for (std::size_t i = 0; i < kStepTypeNames.size(); ++i) {
        if (kStepTypeNames[i] == name) {
            return static_cast<StepType>(i);
        }
    }
    return std::nullopt;
}

std::string_view to_string(SessionKind kind) noexcept {
    switch (kind) {
        case SessionKind::PySpark: return "pyspark";
        case SessionKind::Spark: return "spark";
        case SessionKind::Sql: return "sql";
    }
    return "pyspark";
}

std::string_view to_string(ReportTask task) noexcept {
    return task == ReportTask::Regression ? "regression" : "binary";
}

std::string_view to_string(ReportSourceMode mode) noexcept {
    switch (mode) {
        case ReportSourceMode::Local: return "local";
        case ReportSourceMode::Paged: return "paged";
        case ReportSourceMode::Aggregate: return "aggregate";
        case ReportSourceMode::Auto: break;
    }
    return "auto";
}

bool accepts_timeout(StepType type) noexcept {
    return type != StepType::Gate && type != StepType::Wait && type != StepType::Fail;
}

bool accepts_retry(StepType type) noexcept {
    return accepts_timeout(type) && type != StepType::UserTask;
}

const Step* WorkflowSpec::find_step(std::string_view id) const noexcept {
    for (const Step& step : steps) {
        if (step.id == id) {
            return &step;
        }
    }
    return nullptr;
}

std::optional<std::size_t> WorkflowSpec::step_index(std::string_view id) const noexcept {
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (steps[i].id == id) {
            return i;
        }
    }
    return std::nullopt;
}

const ParamSpec* WorkflowSpec::find_param(std::string_view param) const noexcept {
    for (const ParamSpec& p : params) {
        if (p.name == param) {
            return &p;
        }
    }
    return nullptr;
}

std::optional<DurationField> effective_timeout(const WorkflowSpec& spec, const Step& step) {
    if (step.timeout) {
        return step.timeout;
    }
    return accepts_retry(step.type()) ? spec.defaults.timeout : std::nullopt;
}

RetryPolicy effective_retry(const WorkflowSpec& spec, const Step& step) {
    if (!accepts_retry(step.type())) {
        return RetryPolicy{};
    }
    if (step.retry) {
        return *step.retry;
    }
    return spec.defaults.retry.value_or(RetryPolicy{});
}

LivyResources effective_livy(const WorkflowSpec& spec, const LivyResources& step) {
    LivyResources out = spec.defaults.livy;
    for (const auto& [key, value] : step.conf) {
        out.conf[key] = value;
    }
    auto take_list = [](std::vector<std::string>& into, const std::vector<std::string>& from) {
        if (!from.empty()) {
            into = from;
        }
    };
    auto take_text = [](std::string& into, const std::string& from) {
        if (!from.empty()) {
            into = from;
        }
    };
    auto take_int = [](std::optional<int>& into, const std::optional<int>& from) {
        if (from) {
            into = from;
        }
    };
    take_list(out.jars, step.jars);
    take_list(out.py_files, step.py_files);
    take_list(out.files, step.files);
    take_list(out.archives, step.archives);
    take_text(out.driver_memory, step.driver_memory);
    take_text(out.executor_memory, step.executor_memory);
    take_int(out.driver_cores, step.driver_cores);
    take_int(out.executor_cores, step.executor_cores);
    take_int(out.num_executors, step.num_executors);
    take_text(out.queue, step.queue);
    take_text(out.proxy_user, step.proxy_user);
    return out;
}

std::string describe_position(const WorkflowSpec& spec, SourcePos pos) {
    std::string out = spec.file.empty() ? "<workflow " + spec.name + ">" : spec.file;
    if (pos.known()) {
        out += ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col);
    }
    return out;
}

}  // namespace steward::core
