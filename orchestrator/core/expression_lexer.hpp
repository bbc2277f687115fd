#pragma once

// Internal to orch_core: the tokens of the expression language (expression.cpp parses them).

#include "orchestrator/core/expected.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core::detail {

enum class Tok {
    End,
    Number,
    String,
    Name,
    And,
    Or,
    Not,
    True,
    False,
    Null,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    LParen,
    RParen
};

struct Token {
    Tok kind = Tok::End;
    std::size_t offset = 0;
    std::string text;  // Name: the dotted path; String: the unescaped value
    double number = 0;
};

/// Splits an expression into tokens, ending with Tok::End. Errors (value): an unknown character
/// (with a hint for `&&`, `||`, `!`, `=`), an unterminated string or unknown escape, a malformed
/// number or dotted name; `offset` points at it. Pure.
[[nodiscard]] Expected<std::vector<Token>> tokenize(std::string_view text);

/// How a token is named in messages: "'=='", "string", "end of expression".
[[nodiscard]] std::string describe(const Token& token);

}  // namespace steward::core::detail
