#include "orchestrator/core/references.hpp"

#include "orchestrator/core/figures.hpp"
#include "orchestrator/core/spec_index.hpp"
#include "orchestrator/core/suggest.hpp"
#include "orchestrator/core/type_checks.hpp"

#include <algorithm>

namespace steward::core {
namespace {

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "" : ", ") + w;
    }
    return out;
}

// A report's drift features: `features`, then the `categorical` names not among them.
std::vector<std::string> drift_names(const ReportStep& report) {
    std::vector<std::string> out = report.features;
    for (const auto& name : report.categorical) {
        if (std::find(out.begin(), out.end(), name) == out.end()) {
            out.push_back(name);
        }
    }
    return out;
}

std::vector<std::string> step_ids(const WorkflowSpec& spec) {
    std::vector<std::string> out;
    for (const Step& s : spec.steps) {
        out.push_back(s.id);
    }
    return out;
}

std::optional<Error> check_step_reference(const Reference& ref, const SpecIndex& index) {
    const WorkflowSpec& spec = index.spec();
    const auto& p = ref.path;
    const std::string dotted = ref.dotted();
    auto fail = [&](std::string message) { return Error{std::move(message), ref.offset}; };
    if (p.size() < 3) {
        return fail("'" + dotted + "' is incomplete (expected steps.ID.outputs.NAME, steps.ID.state, ...)");
    }
    const auto step_at = index.step_index(p[1]);
    const Step* step = step_at ? &spec.steps[*step_at] : nullptr;
    if (step == nullptr) {
        return fail("unknown step '" + p[1] + "' in '" + dotted + "'" + did_you_mean(p[1], step_ids(spec)));
    }
    const std::string& field = p[2];
    const std::string type(to_string(step->type()));
    const bool is_report = step->type() == StepType::Report;
    auto need_size = [&](std::size_t size, std::string_view shape) -> std::optional<Error> {
        if (p.size() != size) {
            return fail("'" + dotted + "' has the wrong shape (expected " + std::string(shape) + ")");
        }
        return std::nullopt;
    };
    auto report_only = [&]() -> std::optional<Error> {
        if (!is_report) {
            return fail("step '" + p[1] + "' is a " + type + " step; only report steps have " + field);
        }
        return std::nullopt;
    };
    if (field == "outputs") {
        if (auto e = need_size(4, "steps.ID.outputs.NAME")) {
            return e;
        }
        if (step->type() == StepType::RegisterModel && p[3] != "version" && p[3] != "build" &&
            p[3] != "model") {
            return fail("register_model step '" + p[1] + "' has no output '" + p[3] +
                        "' (outputs: version, build, model)");
        }
        return std::nullopt;
    }
    if (field == "state") {
        return need_size(3, "steps.ID.state");
    }
    if (field == "outcome") {
        if (auto e = need_size(3, "steps.ID.outcome")) {
            return e;
        }
        if (step->type() != StepType::UserTask) {
            return fail("step '" + p[1] + "' is a " + type + " step; only user_task steps have an outcome");
        }
        return std::nullopt;
    }
    if (field == "metrics") {
        if (auto e = report_only()) {
            return e;
        }
        if (auto e = need_size(4, "steps.ID.metrics.NAME")) {
            return e;
        }
        if (const auto* report = std::get_if<ReportStep>(&step->body)) {
            if (std::string problem = check_metric_name(p[1], report->task, p[3]); !problem.empty()) {
                return fail(std::move(problem));
            }
        }
        return std::nullopt;
    }
    if (field == "drift") {
        if (auto e = report_only()) {
            return e;
        }
        if (p.size() != 5 || p[4] != "psi") {
            return fail("'" + dotted + "' has the wrong shape (expected steps.ID.drift.FEATURE.psi)");
        }
        const auto* report = std::get_if<ReportStep>(&step->body);
        if (report != nullptr && !index.has_feature(*step_at, p[3])) {
            const auto features = drift_names(*report);
            return fail("report step '" + p[1] + "' does not compute drift for '" + p[3] + "'" +
                        did_you_mean_figure(p[3], features) + " (features: " + join(features) + ")");
        }
        return std::nullopt;
    }
    if (field == "characteristic") {
        if (auto e = report_only()) {
            return e;
        }
        if (p.size() != 4 || (p[3] != "p1" && p[3] != "p25")) {
            return fail("'" + dotted + "' has the wrong shape (expected steps.ID.characteristic.p1 or .p25)");
        }
        return std::nullopt;
    }
    if (field == "stability") {
        if (auto e = report_only()) {
            return e;
        }
        if (p.size() != 4 || p[3] != "score_psi") {
            return fail("'" + dotted + "' has the wrong shape (expected steps.ID.stability.score_psi)");
        }
        return std::nullopt;
    }
    static const std::vector<std::string> kFields{"outputs", "state",          "outcome",  "metrics",
                                                  "drift",   "characteristic", "stability"};
    return fail("unknown field '" + field + "' in '" + dotted + "'" + did_you_mean(field, kFields) +
                " (known: " + join(kFields) + ")");
}

// Outcome comparisons: `steps.X.outcome == "word"` where "word" is not one of X's outcomes.
void check_outcome_comparisons(const Expression& expression, const SpecIndex& index,
                               std::vector<Error>& out) {
    const auto& nodes = expression.nodes();
    for (const ExprNode& node : nodes) {
        if (out.size() >= kMaxReferenceErrors) {
            return;
        }
        if (node.op != ExprOp::Eq && node.op != ExprOp::Ne) {
            continue;
        }
        const ExprNode& a = nodes[static_cast<std::size_t>(node.lhs)];
        const ExprNode& b = nodes[static_cast<std::size_t>(node.rhs)];
        for (const auto& [ref, lit] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
            if (ref->op != ExprOp::Reference || lit->op != ExprOp::Literal) {
                continue;
            }
            const auto& p = ref->reference.path;
            const std::string* word = std::get_if<std::string>(&lit->literal);
            if (word == nullptr || p.size() != 3 || p[0] != "steps" || p[2] != "outcome") {
                continue;
            }
            const auto step_at = index.step_index(p[1]);
            const auto* task =
                step_at ? std::get_if<UserTaskStep>(&index.spec().steps[*step_at].body) : nullptr;
            if (task != nullptr && !index.has_outcome(*step_at, *word)) {
                out.push_back(Error{"'" + *word + "' is not an outcome of user task '" + p[1] + "'" +
                                        did_you_mean(*word, task->outcomes) +
                                        " (outcomes: " + join(task->outcomes) + ")",
                                    lit->offset});
            }
        }
    }
}

}  // namespace

std::optional<Error> check_reference(const Reference& ref, const WorkflowSpec& spec) {
    return check_reference(ref, SpecIndex(spec));
}

std::optional<Error> check_reference(const Reference& ref, const SpecIndex& index) {
    const WorkflowSpec& spec = index.spec();
    const auto& p = ref.path;
    const std::string dotted = ref.dotted();
    auto fail = [&](std::string message) { return Error{std::move(message), ref.offset}; };
    const std::string& root = p.front();
    if (root == "params") {
        if (p.size() != 2) {
            return fail("'" + dotted + "' has the wrong shape (expected params.NAME)");
        }
        if (index.find_param(p[1]) == nullptr) {
            std::vector<std::string> names;
            for (const auto& param : spec.params) {
                names.push_back(param.name);
            }
            return fail("unknown param '" + p[1] + "'" +
                        did_you_mean_or_list(p[1], names, "declared params"));
        }
        return std::nullopt;
    }
    if (root == "steps") {
        return check_step_reference(ref, index);
    }
    if (root == "run") {
        if (p.size() != 2 || (p[1] != "id" && p[1] != "uid" && p[1] != "started_at")) {
            return fail("unknown name '" + dotted + "' (run has: run.id, run.uid, run.started_at)");
        }
        return std::nullopt;
    }
    if (root == "workflow") {
        if (p.size() != 2 || p[1] != "name") {
            return fail("unknown name '" + dotted + "' (workflow has: workflow.name)");
        }
        return std::nullopt;
    }
    return fail("unknown name '" + dotted + "' (names start with params., steps., run. or workflow.)");
}

std::vector<Error> check_references(const Expression& expression, const WorkflowSpec& spec) {
    return check_references(expression, SpecIndex(spec));
}

std::vector<Error> check_references(const Expression& expression, const SpecIndex& index) {
    std::vector<Error> out;
    for (const Reference& ref : expression.references()) {
        if (out.size() >= kMaxReferenceErrors) {
            return out;
        }
        if (auto error = check_reference(ref, index)) {
            out.push_back(*std::move(error));
        }
    }
    check_outcome_comparisons(expression, index, out);
    for (Error& e : check_comparison_types(expression, index)) {
        if (out.size() >= kMaxReferenceErrors) {
            break;
        }
        out.push_back(std::move(e));
    }
    if (out.size() > kMaxReferenceErrors) {
        out.resize(kMaxReferenceErrors);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Error& a, const Error& b) { return a.offset < b.offset; });
    return out;
}

std::vector<Error> check_references(const TextTemplate& text, const WorkflowSpec& spec) {
    return check_references(text, SpecIndex(spec));
}

std::vector<Error> check_references(const TextTemplate& text, const SpecIndex& index) {
    std::vector<Error> out;
    for (const auto& part : text.parts()) {
        if (!part.expression) {
            continue;
        }
        for (Error e : check_references(*part.expression, index)) {
            if (out.size() >= kMaxReferenceErrors) {
                return out;
            }
            e.offset += part.offset;
            out.push_back(std::move(e));
        }
    }
    return out;
}

}  // namespace steward::core
