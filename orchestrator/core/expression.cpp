#include "orchestrator/core/expression.hpp"

#include "orchestrator/core/expression_lexer.hpp"

#include <algorithm>

namespace steward::core {

using detail::describe;
using detail::Tok;
using detail::Token;

// Recursive descent over the token list; depth-limited.
class ExpressionParser {
public:
    ExpressionParser(std::vector<Token> tokens, Expression& out) : tokens_(std::move(tokens)), out_(out) {}

    Expected<int> parse_all() {
        if (peek().kind == Tok::End) {
            return Error{"empty expression", 0};
        }
        auto root = parse_or();
        if (!root) {
            return root;
        }
        if (peek().kind != Tok::End) {
            const Token& t = peek();
            if (is_comparison(t.kind) && is_comparison_node(root.value())) {
                return Error{"comparisons cannot be chained (use 'and')", t.offset};
            }
            return Error{"unexpected " + describe(t) + " after the expression", t.offset};
        }
        return root;
    }

private:
    static bool is_comparison(Tok kind) {
        return kind == Tok::Eq || kind == Tok::Ne || kind == Tok::Lt || kind == Tok::Le || kind == Tok::Gt ||
               kind == Tok::Ge;
    }
    bool is_comparison_node(int index) const {
        const ExprOp op = out_.nodes_[static_cast<std::size_t>(index)].op;
        return op == ExprOp::Eq || op == ExprOp::Ne || op == ExprOp::Lt || op == ExprOp::Le ||
               op == ExprOp::Gt || op == ExprOp::Ge;
    }
    const Token& peek() const { return tokens_[pos_]; }
    const Token& take() { return tokens_[pos_++]; }

    int add(ExprNode node) {
        out_.nodes_.push_back(std::move(node));
        return static_cast<int>(out_.nodes_.size() - 1);
    }

    Expected<int> parse_or() { return parse_binary(Tok::Or, ExprOp::Or, &ExpressionParser::parse_and); }
    Expected<int> parse_and() { return parse_binary(Tok::And, ExprOp::And, &ExpressionParser::parse_not); }

    Expected<int> parse_binary(Tok tok, ExprOp op, Expected<int> (ExpressionParser::*sub)()) {
        auto lhs = (this->*sub)();
        if (!lhs) {
            return lhs;
        }
        int node = lhs.value();
        while (peek().kind == tok) {
            const std::size_t offset = take().offset;
            auto rhs = (this->*sub)();
            if (!rhs) {
                return rhs;
            }
            ExprNode n;
            n.op = op;
            n.lhs = node;
            n.rhs = rhs.value();
            n.offset = offset;
            node = add(std::move(n));
        }
        return node;
    }

    Expected<int> parse_not() {
        if (peek().kind != Tok::Not) {
            return parse_comparison();
        }
        const std::size_t offset = take().offset;
        if (++depth_ > Expression::kMaxDepth) {
            return Error{"expression is nested too deeply", offset};
        }
        auto operand = parse_not();
        --depth_;
        if (!operand) {
            return operand;
        }
        ExprNode n;
        n.op = ExprOp::Not;
        n.lhs = operand.value();
        n.offset = offset;
        return add(std::move(n));
    }

    Expected<int> parse_comparison() {
        auto lhs = parse_primary();
        if (!lhs || !is_comparison(peek().kind)) {
            return lhs;
        }
        const Token& op_token = take();
        auto rhs = parse_primary();
        if (!rhs) {
            return rhs;
        }
        ExprNode n;
        switch (op_token.kind) {
            case Tok::Eq: n.op = ExprOp::Eq; break;
            case Tok::Ne: n.op = ExprOp::Ne; break;
            case Tok::Lt: n.op = ExprOp::Lt; break;
            case Tok::Le: n.op = ExprOp::Le; break;
            case Tok::Gt: n.op = ExprOp::Gt; break;
            default: n.op = ExprOp::Ge; break;
        }
        n.lhs = lhs.value();
        n.rhs = rhs.value();
        n.offset = op_token.offset;
        if (is_comparison(peek().kind)) {
            return Error{"comparisons cannot be chained (use 'and')", peek().offset};
        }
        return add(std::move(n));
    }

    Expected<int> parse_primary() {
        const Token& t = take();
        ExprNode n;
        n.offset = t.offset;
        switch (t.kind) {
            case Tok::Number: n.literal = t.number; return add(std::move(n));
            case Tok::String: n.literal = t.text; return add(std::move(n));
            case Tok::True: n.literal = true; return add(std::move(n));
            case Tok::False: n.literal = false; return add(std::move(n));
            case Tok::Null: return add(std::move(n));
            case Tok::Name: {
                n.op = ExprOp::Reference;
                n.reference.offset = t.offset;
                std::size_t start = 0;
                while (true) {
                    const std::size_t dot = t.text.find('.', start);
                    n.reference.path.push_back(
                        t.text.substr(start, dot == std::string::npos ? dot : dot - start));
                    if (dot == std::string::npos) {
                        break;
                    }
                    start = dot + 1;
                }
                return add(std::move(n));
            }
            case Tok::LParen: {
                if (++depth_ > Expression::kMaxDepth) {
                    return Error{"expression is nested too deeply", t.offset};
                }
                auto inner = parse_or();
                --depth_;
                if (!inner) {
                    return inner;
                }
                if (peek().kind != Tok::RParen) {
                    if (peek().kind == Tok::End) {
                        return Error{"unclosed '('", t.offset};
                    }
                    return Error{"expected ')' but found " + describe(peek()), peek().offset};
                }
                take();
                return inner;
            }
            case Tok::End: return Error{"unexpected end of expression (expected a value)", t.offset};
            default: return Error{"expected a value but found " + describe(t), t.offset};
        }
    }

    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    int depth_ = 0;
    Expression& out_;
};

std::string Reference::dotted() const {
    std::string out;
    for (const auto& segment : path) {
        if (!out.empty()) {
            out += '.';
        }
        out += segment;
    }
    return out;
}

std::optional<Value> MapLookup::find(const Reference& reference) const {
    const auto it = values_.find(reference.dotted());
    if (it == values_.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::string_view to_string(ExprOp op) noexcept {
    switch (op) {
        case ExprOp::Literal: return "literal";
        case ExprOp::Reference: return "reference";
        case ExprOp::Not: return "not";
        case ExprOp::And: return "and";
        case ExprOp::Or: return "or";
        case ExprOp::Eq: return "==";
        case ExprOp::Ne: return "!=";
        case ExprOp::Lt: return "<";
        case ExprOp::Le: return "<=";
        case ExprOp::Gt: return ">";
        case ExprOp::Ge: return ">=";
    }
    return "?";
}

Expected<Expression> Expression::parse(std::string_view text) {
    auto tokens = detail::tokenize(text);
    if (!tokens) {
        return tokens.error();
    }
    Expression out;
    out.text_ = std::string(text);
    ExpressionParser parser(std::move(tokens).value(), out);
    auto root = parser.parse_all();
    if (!root) {
        return root.error();
    }
    out.root_ = root.value();
    return out;
}

std::vector<Reference> Expression::references() const {
    std::vector<Reference> out;
    for (const auto& node : nodes_) {
        if (node.op == ExprOp::Reference) {
            out.push_back(node.reference);
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Reference& a, const Reference& b) { return a.offset < b.offset; });
    return out;
}

}  // namespace steward::core
