#include "orchestrator/core/expression.hpp"

namespace steward::core {
namespace {

std::string quoted(std::string_view op) {
    return "'" + std::string(op) + "'";
}

class Evaluator {
public:
    Evaluator(const std::vector<ExprNode>& nodes, const ValueLookup& lookup)
        : nodes_(nodes), lookup_(lookup) {}

    // Recursion depth is bounded by the parser's nesting limit (kMaxDepth) plus the length of
    // and/or chains, which are left-leaning and evaluated iteratively below.
    Expected<Value> eval(int index) {
        const ExprNode& node = nodes_[static_cast<std::size_t>(index)];
        switch (node.op) {
            case ExprOp::Literal: return node.literal;
            case ExprOp::Reference: {
                auto value = lookup_.find(node.reference);
                if (!value) {
                    return Error{"no value for '" + node.reference.dotted() + "'", node.offset};
                }
                return *std::move(value);
            }
            case ExprOp::Not: {
                auto operand = eval(node.lhs);
                if (!operand) {
                    return operand;
                }
                if (const bool* b = std::get_if<bool>(&operand.value())) {
                    return Value(!*b);
                }
                return Error{"'not' needs a boolean, got " + std::string(type_name(operand.value())),
                             node.offset};
            }
            case ExprOp::And:
            case ExprOp::Or: return logical(index);
            default: return compare(node);
        }
    }

private:
    // Flattens a left-leaning chain `a and b and c` so long chains do not recurse deeply.
    Expected<Value> logical(int index) {
        const ExprOp op = nodes_[static_cast<std::size_t>(index)].op;
        std::vector<int> operands;
        int cursor = index;
        while (nodes_[static_cast<std::size_t>(cursor)].op == op) {
            operands.push_back(cursor);
            cursor = nodes_[static_cast<std::size_t>(cursor)].lhs;
        }
        // `operands` runs from the outermost operator (the last one in the text) inwards.
        auto first = eval(cursor);
        if (!first) {
            return first;
        }
        Value current = std::move(first).value();
        auto check = [&](const ExprNode& at) -> std::optional<Error> {
            if (std::holds_alternative<bool>(current)) {
                return std::nullopt;
            }
            return Error{
                quoted(to_string(op)) + " needs boolean operands, got " + std::string(type_name(current)),
                at.offset};
        };
        for (auto it = operands.rbegin(); it != operands.rend(); ++it) {
            const ExprNode& at = nodes_[static_cast<std::size_t>(*it)];
            if (auto error = check(at)) {
                return *std::move(error);
            }
            const bool b = std::get<bool>(current);
            if ((op == ExprOp::And && !b) || (op == ExprOp::Or && b)) {
                return current;
            }
            auto next = eval(at.rhs);
            if (!next) {
                return next;
            }
            current = std::move(next).value();
        }
        if (auto error = check(nodes_[static_cast<std::size_t>(operands.front())])) {
            return *std::move(error);
        }
        return current;
    }

    Expected<Value> compare(const ExprNode& node) {
        auto lhs = eval(node.lhs);
        if (!lhs) {
            return lhs;
        }
        auto rhs = eval(node.rhs);
        if (!rhs) {
            return rhs;
        }
        const Value& a = lhs.value();
        const Value& b = rhs.value();
        const bool either_null = a.index() == 0 || b.index() == 0;
        if (node.op == ExprOp::Eq || node.op == ExprOp::Ne) {
            if (a.index() != b.index() && !either_null) {
                return Error{"cannot compare " + std::string(type_name(a)) + " with " +
                                 std::string(type_name(b)) + " using " + quoted(to_string(node.op)),
                             node.offset};
            }
            const bool equal = a == b;
            return Value(node.op == ExprOp::Eq ? equal : !equal);
        }
        int order = 0;
        if (const double* x = std::get_if<double>(&a), *y = std::get_if<double>(&b); x && y) {
            order = *x < *y ? -1 : (*x > *y ? 1 : 0);
        } else if (const std::string* s = std::get_if<std::string>(&a), *t = std::get_if<std::string>(&b);
                   s && t) {
            const int c = s->compare(*t);
            order = c < 0 ? -1 : (c > 0 ? 1 : 0);
        } else {
            return Error{"cannot compare " + std::string(type_name(a)) + " with " +
                             std::string(type_name(b)) + " using " + quoted(to_string(node.op)),
                         node.offset};
        }
        switch (node.op) {
            case ExprOp::Lt: return Value(order < 0);
            case ExprOp::Le: return Value(order <= 0);
            case ExprOp::Gt: return Value(order > 0);
            default: return Value(order >= 0);
        }
    }

    const std::vector<ExprNode>& nodes_;
    const ValueLookup& lookup_;
};

}  // namespace

Expected<Value> Expression::evaluate(const ValueLookup& lookup) const {
    if (root_ < 0) {
        return Error{"empty expression", 0};
    }
    return Evaluator(nodes_, lookup).eval(root_);
}

Expected<bool> Expression::evaluate_condition(const ValueLookup& lookup) const {
    auto value = evaluate(lookup);
    if (!value) {
        return value.error();
    }
    if (const bool* b = std::get_if<bool>(&value.value())) {
        return *b;
    }
    return Error{"condition is a " + std::string(type_name(value.value())) + ", not a boolean", 0};
}

}  // namespace steward::core
