#include "orchestrator/core/expression_lexer.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

namespace steward::core::detail {
namespace {

bool is_name_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_segment_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string quote_char(char c) {
    if (std::isprint(static_cast<unsigned char>(c)) != 0) {
        return std::string("'") + c + "'";
    }
    static constexpr char kHex[] = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    return std::string("byte 0x") + kHex[u >> 4] + kHex[u & 15];
}

class Lexer {
public:
    explicit Lexer(std::string_view text) : text_(text) {}

    Expected<std::vector<Token>> run() {
        std::vector<Token> out;
        while (true) {
            while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) {
                ++pos_;
            }
            if (pos_ >= text_.size()) {
                out.push_back(Token{Tok::End, pos_, {}, 0});
                return out;
            }
            auto token = next();
            if (!token) {
                return token.error();
            }
            out.push_back(std::move(token).value());
        }
    }

private:
    Expected<Token> next() {
        const std::size_t start = pos_;
        const char c = text_[pos_];
        auto two = [&](char second) { return pos_ + 1 < text_.size() && text_[pos_ + 1] == second; };
        auto op = [&](Tok kind, std::size_t length) {
            pos_ += length;
            return Token{kind, start, std::string(text_.substr(start, length)), 0};
        };
        switch (c) {
            case '(': return op(Tok::LParen, 1);
            case ')': return op(Tok::RParen, 1);
            case '=':
                if (two('='))
                    return op(Tok::Eq, 2);
                return Error{"'=' is not an operator (use '==')", start};
            case '!':
                if (two('='))
                    return op(Tok::Ne, 2);
                return Error{"'!' is not an operator (use 'not')", start};
            case '<': return two('=') ? op(Tok::Le, 2) : op(Tok::Lt, 1);
            case '>': return two('=') ? op(Tok::Ge, 2) : op(Tok::Gt, 1);
            case '&':
                return Error{two('&') ? "'&&' is not an operator (use 'and')" : "unexpected character '&'",
                             start};
            case '|':
                return Error{two('|') ? "'||' is not an operator (use 'or')" : "unexpected character '|'",
                             start};
            case '"':
            case '\'': return string_literal(c);
            default: break;
        }
        if (is_digit(c) ||
            (c == '-' && pos_ + 1 < text_.size() && (is_digit(text_[pos_ + 1]) || text_[pos_ + 1] == '.')) ||
            c == '.') {
            return number();
        }
        if (is_name_start(c)) {
            return name();
        }
        if (c == '$' && two('{')) {
            return Error{"'${' cannot appear inside an expression", start};
        }
        return Error{"unexpected character " + quote_char(c), start};
    }

    Expected<Token> string_literal(char quote) {
        const std::size_t start = pos_++;
        std::string value;
        while (pos_ < text_.size()) {
            const char c = text_[pos_++];
            if (c == quote) {
                return Token{Tok::String, start, std::move(value), 0};
            }
            if (c != '\\') {
                value += c;
                continue;
            }
            if (pos_ >= text_.size()) {
                break;
            }
            const char e = text_[pos_++];
            switch (e) {
                case '\\':
                case '"':
                case '\'': value += e; break;
                case 'n': value += '\n'; break;
                case 't': value += '\t'; break;
                default:
                    return Error{"unknown escape '\\" + std::string(1, e) +
                                     "' in string (known: \\\\ \\\" \\' \\n \\t)",
                                 pos_ - 2};
            }
        }
        return Error{"unterminated string", start};
    }

    Expected<Token> number() {
        const std::size_t start = pos_;
        if (text_[pos_] == '-') {
            ++pos_;
        }
        while (pos_ < text_.size() &&
               (is_digit(text_[pos_]) || text_[pos_] == '.' || text_[pos_] == 'e' || text_[pos_] == 'E' ||
                ((text_[pos_] == '+' || text_[pos_] == '-') &&
                 (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')))) {
            ++pos_;
        }
        while (pos_ < text_.size() && is_segment_char(text_[pos_])) {
            ++pos_;  // swallow trailing letters so "12ab" is reported whole
        }
        const std::string_view spelled = text_.substr(start, pos_ - start);
        double value = 0;
        const auto [end, ec] = std::from_chars(spelled.data(), spelled.data() + spelled.size(), value);
        if (ec != std::errc{} || end != spelled.data() + spelled.size() || !std::isfinite(value) ||
            spelled.back() == '.' || spelled.front() == '.' ||
            (spelled.size() > 1 && spelled.front() == '-' && spelled[1] == '.')) {
            return Error{"invalid number '" + std::string(spelled) + "'", start};
        }
        return Token{Tok::Number, start, std::string(spelled), value};
    }

    Expected<Token> name() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() &&
               (std::isalnum(static_cast<unsigned char>(text_[pos_])) != 0 || text_[pos_] == '_')) {
            ++pos_;
        }
        while (pos_ < text_.size() && text_[pos_] == '.') {
            const std::size_t dot = pos_++;
            const std::size_t segment = pos_;
            while (pos_ < text_.size() && is_segment_char(text_[pos_])) {
                ++pos_;
            }
            if (pos_ == segment) {
                return Error{
                    "expected a name after '.' in '" + std::string(text_.substr(start, pos_ - start)) + "'",
                    dot};
            }
        }
        std::string word(text_.substr(start, pos_ - start));
        Tok kind = Tok::Name;
        if (word == "and")
            kind = Tok::And;
        else if (word == "or")
            kind = Tok::Or;
        else if (word == "not")
            kind = Tok::Not;
        else if (word == "true")
            kind = Tok::True;
        else if (word == "false")
            kind = Tok::False;
        else if (word == "null")
            kind = Tok::Null;
        return Token{kind, start, std::move(word), 0};
    }

    std::string_view text_;
    std::size_t pos_ = 0;
};

}  // namespace

std::string describe(const Token& token) {
    switch (token.kind) {
        case Tok::End: return "end of expression";
        case Tok::String: return "string";
        default: return "'" + token.text + "'";
    }
}

Expected<std::vector<Token>> tokenize(std::string_view text) {
    return Lexer(text).run();
}

}  // namespace steward::core::detail
