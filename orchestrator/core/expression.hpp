#pragma once

#include "orchestrator/core/expected.hpp"
#include "orchestrator/core/value.hpp"

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

/// A dotted name in an expression (`params.ks_min`, `steps.report.metrics.ks`), with the byte
/// offset of its first character in the expression text.
struct Reference {
    std::vector<std::string> path;
    std::size_t offset = 0;

    /// The path joined with dots, as written.
    [[nodiscard]] std::string dotted() const;
    bool operator==(const Reference&) const = default;
};

/// Supplies the values of references during evaluation. The engine implements it over a run's
/// params, step results and metadata. `find` returns an empty optional when the name has no
/// value; evaluation then fails with "no value for 'NAME'". Implementations decide their own
/// thread-safety; evaluation calls `find` on the calling thread only.
class ValueLookup {
public:
    virtual ~ValueLookup() = default;
    [[nodiscard]] virtual std::optional<Value> find(const Reference& reference) const = 0;
};

/// A `ValueLookup` over a map from dotted names to values (tests, simple callers).
class MapLookup final : public ValueLookup {
public:
    MapLookup() = default;
    explicit MapLookup(std::map<std::string, Value, std::less<>> values) : values_(std::move(values)) {}
    /// Sets (or replaces) one value.
    void set(std::string dotted, Value value) { values_[std::move(dotted)] = std::move(value); }
    [[nodiscard]] std::optional<Value> find(const Reference& reference) const override;

private:
    std::map<std::string, Value, std::less<>> values_;
};

/// Operators of the expression language.
enum class ExprOp { Literal, Reference, Not, And, Or, Eq, Ne, Lt, Le, Gt, Ge };

/// The spelling of an operator (`==`, `and`, ...); "literal"/"reference" for the leaves.
[[nodiscard]] std::string_view to_string(ExprOp op) noexcept;

/// One node of a parsed expression. Children are indexes into the owning expression's nodes.
struct ExprNode {
    ExprOp op = ExprOp::Literal;
    Value literal;        // Literal
    Reference reference;  // Reference
    int lhs = -1;         // Not: operand; binary operators: left operand
    int rhs = -1;         // binary operators: right operand
    std::size_t offset = 0;
};

/// A parsed condition: literals, dotted references, `== != < <= > >=` (numbers with numbers,
/// strings with strings; `==`/`!=` also with null), `and or not` (booleans only, short-circuit)
/// and parentheses. Comparisons do not chain. Nesting is limited to `kMaxDepth` levels.
///
/// Value type (copyable, no pointers into itself); immutable; thread-safe to share.
class Expression {
public:
    /// Deepest nesting of parentheses and `not` accepted (bounds recursion on hostile input).
    static constexpr int kMaxDepth = 64;

    /// Parses `text`. Errors (value): a message and the offset of the offending character, e.g.
    /// "'&&' is not an operator (use 'and')", "unclosed '('", "empty expression".
    [[nodiscard]] static Expected<Expression> parse(std::string_view text);

    /// Evaluates against `lookup`. Errors (value): "no value for 'NAME'" for a reference the lookup
    /// does not know, or a type error such as "cannot compare number with string using '<'";
    /// `offset` points at the operator or reference concerned.
    [[nodiscard]] Expected<Value> evaluate(const ValueLookup& lookup) const;

    /// Evaluates and requires a boolean. Errors (value): those of `evaluate`, and "condition
    /// is a number, not a boolean" (etc.).
    [[nodiscard]] Expected<bool> evaluate_condition(const ValueLookup& lookup) const;

    /// Every reference in the expression, in text order.
    [[nodiscard]] std::vector<Reference> references() const;

    /// The source text as written.
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

    /// The parsed tree, for static checks: `nodes()[root()]` is the top node.
    [[nodiscard]] const std::vector<ExprNode>& nodes() const noexcept { return nodes_; }
    [[nodiscard]] int root() const noexcept { return root_; }

    /// Expressions are equal when their texts are.
    bool operator==(const Expression& other) const { return text_ == other.text_; }

private:
    friend class ExpressionParser;
    std::string text_;
    std::vector<ExprNode> nodes_;
    int root_ = -1;
};

}  // namespace steward::core
