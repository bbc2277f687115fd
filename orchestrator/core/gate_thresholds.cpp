#include "orchestrator/core/gate_thresholds.hpp"

#include "orchestrator/core/expression.hpp"

#include <array>
#include <cmath>
#include <variant>

namespace steward::core {
namespace {

constexpr std::array<std::string_view, 10> kHigherIsBetter{
    "auc", "gini", "ks", "average_precision", "accuracy", "precision", "recall", "f1", "specificity", "r2"};
constexpr std::array<std::string_view, 8> kLowerIsBetter{"log_loss", "brier", "rase", "misclassification",
                                                         "rmse",     "mae",   "mape", "score_psi"};

bool listed(const auto& names, std::string_view name) {
    for (const std::string_view candidate : names) {
        if (candidate == name) {
            return true;
        }
    }
    return false;
}

/// The figure a reference names, or "" for any other reference.
std::string figure_of(const Reference& reference) {
    const auto& p = reference.path;
    if (p.size() == 4 && p[0] == "steps" && p[2] == "metrics") {
        return p[3];
    }
    if (p.size() == 4 && p[0] == "steps" && p[2] == "stability" && p[3] == "score_psi") {
        return "score_psi";
    }
    if (p.size() == 5 && p[0] == "steps" && p[2] == "drift" && p[4] == "psi") {
        return "psi." + p[3];
    }
    return {};
}

std::optional<double> number(const Value& value) {
    if (const auto* n = std::get_if<double>(&value); n != nullptr && std::isfinite(*n)) {
        return *n;
    }
    return std::nullopt;
}

/// `op` as seen from the other side of the comparison (`0.3 <= ks` is `ks >= 0.3`).
ExprOp mirrored(ExprOp op) {
    switch (op) {
        case ExprOp::Lt: return ExprOp::Gt;
        case ExprOp::Le: return ExprOp::Ge;
        case ExprOp::Gt: return ExprOp::Lt;
        case ExprOp::Ge: return ExprOp::Le;
        default: return op;
    }
}

/// The comparison that holds exactly when `op` does not (`<` and `>=`).
ExprOp negated(ExprOp op) {
    switch (op) {
        case ExprOp::Lt: return ExprOp::Ge;
        case ExprOp::Le: return ExprOp::Gt;
        case ExprOp::Gt: return ExprOp::Le;
        case ExprOp::Ge: return ExprOp::Lt;
        default: return op;
    }
}

bool is_ordering(ExprOp op) {
    return op == ExprOp::Lt || op == ExprOp::Le || op == ExprOp::Gt || op == ExprOp::Ge;
}

struct Reader {
    const WorkflowSpec& spec;
    const std::map<std::string, Value>& run_params;
    const Expression& expression;
    std::string source;
    std::vector<FigureThreshold>& out;

    /// The number a non-figure side stands for: a number literal or `params.X`.
    std::optional<double> bound(const ExprNode& node) const {
        if (node.op == ExprOp::Literal) {
            return number(node.literal);
        }
        if (node.op != ExprOp::Reference || node.reference.path.size() != 2 ||
            node.reference.path[0] != "params") {
            return std::nullopt;
        }
        const std::string& name = node.reference.path[1];
        if (const auto given = run_params.find(name); given != run_params.end()) {
            if (auto value = number(given->second)) {
                return value;
            }
        }
        const ParamSpec* param = spec.find_param(name);
        if (param != nullptr && param->default_value) {
            return number(*param->default_value);
        }
        return std::nullopt;
    }

    void comparison(const ExprNode& node, bool negate) {
        const ExprNode& lhs = expression.nodes()[static_cast<std::size_t>(node.lhs)];
        const ExprNode& rhs = expression.nodes()[static_cast<std::size_t>(node.rhs)];
        ExprOp op = node.op;
        std::string figure;
        std::optional<double> value;
        if (lhs.op == ExprOp::Reference && !(figure = figure_of(lhs.reference)).empty()) {
            value = bound(rhs);
        } else if (rhs.op == ExprOp::Reference && !(figure = figure_of(rhs.reference)).empty()) {
            value = bound(lhs);
            op = mirrored(op);
        }
        if (figure.empty() || !value) {
            return;
        }
        if (negate) {
            op = negated(op);
        }
        const int direction = figure_direction(figure);
        const bool says_higher = op == ExprOp::Gt || op == ExprOp::Ge;
        if ((direction > 0 && !says_higher) || (direction < 0 && says_higher)) {
            op = negated(op);  // the case states the failing side
        }
        out.push_back({std::move(figure), std::string(to_string(op)), *value, source});
    }

    void walk(int index, bool negate, int depth) {
        if (index < 0 || depth > Expression::kMaxDepth * 4) {
            return;
        }
        const ExprNode& node = expression.nodes()[static_cast<std::size_t>(index)];
        if (node.op == ExprOp::And || node.op == ExprOp::Or) {
            walk(node.lhs, negate, depth + 1);
            walk(node.rhs, negate, depth + 1);
        } else if (node.op == ExprOp::Not) {
            walk(node.lhs, !negate, depth + 1);
        } else if (is_ordering(node.op)) {
            comparison(node, negate);
        }
    }
};

}  // namespace

int figure_direction(std::string_view figure) noexcept {
    if (listed(kHigherIsBetter, figure)) {
        return 1;
    }
    if (listed(kLowerIsBetter, figure) || figure.starts_with("psi.")) {
        return -1;
    }
    return 0;
}

std::vector<FigureThreshold> gate_thresholds(const WorkflowSpec& spec,
                                             const std::map<std::string, Value>& run_params) {
    std::vector<FigureThreshold> out;
    for (const Step& step : spec.steps) {
        const auto* gate = std::get_if<GateStep>(&step.body);
        if (gate == nullptr) {
            continue;
        }
        for (const GateCase& gate_case : gate->cases) {
            Reader reader{spec, run_params, gate_case.condition, spec.name + " step " + step.id, out};
            reader.walk(gate_case.condition.root(), false, 0);
        }
    }
    return out;
}

bool threshold_holds(const FigureThreshold& threshold, double actual) noexcept {
    if (threshold.op == ">=") {
        return actual >= threshold.value;
    }
    if (threshold.op == ">") {
        return actual > threshold.value;
    }
    if (threshold.op == "<=") {
        return actual <= threshold.value;
    }
    return actual < threshold.value;
}

FigureHealth figure_health(const std::vector<FigureThreshold>& thresholds,
                           const std::map<std::string, double, std::less<>>& figures) {
    FigureHealth health;
    bool unknown = thresholds.empty();
    for (const FigureThreshold& threshold : thresholds) {
        const auto found = figures.find(threshold.figure);
        if (found == figures.end() || !std::isfinite(found->second)) {
            unknown = true;
            continue;
        }
        if (!threshold_holds(threshold, found->second)) {
            health.breached.push_back(threshold);
            health.actual.push_back(found->second);
        }
    }
    health.status = !health.breached.empty() ? "breach" : (unknown ? "unknown" : "ok");
    return health;
}

}  // namespace steward::core
