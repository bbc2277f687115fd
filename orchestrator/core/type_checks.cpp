#include "orchestrator/core/type_checks.hpp"

#include "orchestrator/core/duration.hpp"

#include <charconv>

namespace steward::core {
namespace {

bool is_comparison(ExprOp op) {
    switch (op) {
        case ExprOp::Eq:
        case ExprOp::Ne:
        case ExprOp::Lt:
        case ExprOp::Le:
        case ExprOp::Gt:
        case ExprOp::Ge: return true;
        default: return false;
    }
}

StaticType literal_type(const Value& value) {
    switch (value.index()) {
        case 0: return StaticType::Null;
        case 1: return StaticType::Boolean;
        case 2: return StaticType::Number;
        default: return StaticType::String;
    }
}

StaticType node_type(const ExprNode& node, const SpecIndex& index) {
    switch (node.op) {
        case ExprOp::Literal: return literal_type(node.literal);
        case ExprOp::Reference: return reference_type(node.reference, index);
        default: return StaticType::Boolean;  // not, and, or and the comparisons
    }
}

bool is_number_text(const std::string& text) {
    double parsed = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, parsed);
    return !text.empty() && ec == std::errc() && ptr == end;
}

// "'steps.e.metrics.ks'", "the string \"0.3\"", "the number 3", "a condition", for messages.
std::string operand(const ExprNode& node) {
    switch (node.op) {
        case ExprOp::Reference: return "'" + node.reference.dotted() + "'";
        case ExprOp::Literal:
            return node.literal.index() == 1
                       ? to_literal(node.literal)
                       : "the " + std::string(type_name(node.literal)) + " " + to_literal(node.literal);
        default: return "a condition";
    }
}

std::string param_kind(ParamType type) {
    const std::string name(to_string(type));
    return (type == ParamType::Integer || type == ParamType::Enum ? "an " : "a ") + name + " param";
}

}  // namespace

std::string_view type_description(StaticType type) noexcept {
    switch (type) {
        case StaticType::Null: return "null";
        case StaticType::Boolean: return "a boolean";
        case StaticType::Number: return "a number";
        case StaticType::String: return "a string";
        default: return "unknown";
    }
}

StaticType reference_type(const Reference& reference, const SpecIndex& index) {
    const auto& p = reference.path;
    if (p.size() == 2 && p[0] == "params") {
        const ParamSpec* param = index.find_param(p[1]);
        if (param == nullptr) {
            return StaticType::Unknown;
        }
        switch (param->type) {
            case ParamType::Number:
            case ParamType::Integer: return StaticType::Number;
            case ParamType::Boolean: return StaticType::Boolean;
            default: return StaticType::String;
        }
    }
    if (p.size() == 2 && p[0] == "run") {
        return p[1] == "id"           ? StaticType::Number
               : p[1] == "started_at" ? StaticType::String
                                      : StaticType::Unknown;
    }
    if (p.size() == 2 && p[0] == "workflow" && p[1] == "name") {
        return StaticType::String;
    }
    if (p.size() < 3 || p[0] != "steps") {
        return StaticType::Unknown;
    }
    const Step* step = index.find_step(p[1]);
    if (step == nullptr) {
        return StaticType::Unknown;
    }
    if (p.size() == 3 && (p[2] == "state" || (p[2] == "outcome" && step->type() == StepType::UserTask))) {
        return StaticType::String;
    }
    const bool figure =
        p[2] == "metrics" || p[2] == "drift" || p[2] == "characteristic" || p[2] == "stability";
    return figure && step->type() == StepType::Report ? StaticType::Number : StaticType::Unknown;
}

std::vector<Error> check_comparison_types(const Expression& expression, const SpecIndex& index) {
    std::vector<Error> out;
    const auto& nodes = expression.nodes();
    for (const ExprNode& node : nodes) {
        if (!is_comparison(node.op)) {
            continue;
        }
        const ExprNode* first = &nodes[static_cast<std::size_t>(node.lhs)];
        const ExprNode* second = &nodes[static_cast<std::size_t>(node.rhs)];
        if (first->op != ExprOp::Reference && second->op == ExprOp::Reference) {
            std::swap(first, second);
        }
        const StaticType a = node_type(*first, index);
        const StaticType b = node_type(*second, index);
        if (a == b || a == StaticType::Unknown || b == StaticType::Unknown || a == StaticType::Null ||
            b == StaticType::Null) {
            continue;
        }
        std::string message = operand(*first) + " is " + std::string(type_description(a)) +
                              " and cannot be compared with " + operand(*second);
        if (second->op == ExprOp::Reference) {
            message += " (" + std::string(type_description(b)) + ")";
        }
        const std::string* text =
            second->op == ExprOp::Literal ? std::get_if<std::string>(&second->literal) : nullptr;
        if (a == StaticType::Number && text != nullptr && is_number_text(*text)) {
            message += " (write " + *text + " without quotes)";
        }
        out.push_back(Error{std::move(message), second->offset});
    }
    return out;
}

std::vector<Error> check_duration_template(const TextTemplate& text, const SpecIndex& index) {
    std::vector<Error> out;
    const auto& parts = text.parts();
    const bool whole = parts.size() == 1 && parts.front().expression.has_value();
    for (const auto& part : parts) {
        if (!part.expression) {
            continue;
        }
        const Expression& expression = *part.expression;
        const ExprNode& root = expression.nodes()[static_cast<std::size_t>(expression.root())];
        const std::size_t offset = part.offset + root.offset;
        auto fail = [&](std::string message) { out.push_back(Error{std::move(message), offset}); };
        if (root.op != ExprOp::Reference && root.op != ExprOp::Literal) {
            fail(std::string("a condition gives true or false, ") +
                 (whole ? "not a duration" : "which cannot make a duration"));
            continue;
        }
        const ParamSpec* param = nullptr;
        if (root.op == ExprOp::Reference && root.reference.path.size() == 2 &&
            root.reference.path[0] == "params") {
            param = index.find_param(root.reference.path[1]);
            if (param == nullptr) {
                continue;  // an unknown param: check_references reports it
            }
        }
        const StaticType type = node_type(root, index);
        if (!whole) {
            if (type == StaticType::Boolean) {
                fail((param != nullptr ? "param '" + param->name + "' is a boolean param"
                                       : operand(root) + " is a boolean") +
                     ", which cannot make a duration");
            }
            continue;
        }
        if (param != nullptr) {
            if (param->type == ParamType::Enum) {
                for (const std::string& value : param->values) {
                    if (!parse_duration(value)) {
                        fail("enum param '" + param->name + "' has a value that is not a duration: '" +
                             value + "'");
                        break;
                    }
                }
            } else if (type != StaticType::String) {
                fail("param '" + param->name + "' is " + param_kind(param->type) +
                     ", not a duration (declare it {type: duration}" +
                     (param->type == ParamType::Integer ? ", or write '${params." + param->name + "}s'"
                                                        : std::string()) +
                     ")");
            }
            continue;
        }
        if (root.op == ExprOp::Literal) {
            const std::string* literal = std::get_if<std::string>(&root.literal);
            if (literal == nullptr || !parse_duration(*literal)) {
                fail(operand(root) + " is not a duration");
            }
            continue;
        }
        const auto& path = root.reference.path;
        const bool output = path.size() >= 4 && path[0] == "steps" && path[2] == "outputs";
        if (!output && (type != StaticType::Unknown || path[0] == "run" || path[0] == "workflow")) {
            fail(operand(root) +
                 (type == StaticType::Number ? " is a number, not a duration" : " is not a duration") +
                 " (a duration field takes a duration or string param, or a job's output)");
        }
    }
    return out;
}

}  // namespace steward::core
