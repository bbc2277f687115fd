#include "orchestrator/core/text_template.hpp"

namespace steward::core {

Expected<TextTemplate> TextTemplate::parse(std::string_view text) {
    TextTemplate out;
    out.text_ = std::string(text);
    std::string literal;
    std::size_t literal_start = 0;
    std::size_t i = 0;
    auto flush = [&] {
        if (!literal.empty()) {
            out.parts_.push_back(Part{std::move(literal), std::nullopt, literal_start});
            literal.clear();
        }
    };
    while (i < text.size()) {
        if (text.compare(i, 3, "$${") == 0) {
            if (literal.empty()) {
                literal_start = i;
            }
            literal += "${";
            i += 3;
            continue;
        }
        if (text.compare(i, 2, "${") != 0) {
            if (literal.empty()) {
                literal_start = i;
            }
            literal += text[i++];
            continue;
        }
        const std::size_t open = i;
        const std::size_t start = i + 2;
        std::size_t j = start;
        char quote = 0;
        while (j < text.size()) {
            const char c = text[j];
            if (quote != 0) {
                if (c == '\\') {
                    ++j;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '}') {
                break;
            }
            ++j;
        }
        if (j >= text.size()) {
            return Error{"unclosed '${' (missing '}')", open};
        }
        auto expression = Expression::parse(text.substr(start, j - start));
        if (!expression) {
            return Error{expression.error().message, start + expression.error().offset};
        }
        flush();
        out.parts_.push_back(Part{{}, std::move(expression).value(), start});
        i = j + 1;
    }
    flush();
    return out;
}

Expected<std::string> TextTemplate::render(const ValueLookup& lookup) const {
    std::string out;
    for (const Part& part : parts_) {
        if (!part.expression) {
            out += part.literal;
            continue;
        }
        auto value = part.expression->evaluate(lookup);
        if (!value) {
            return Error{value.error().message, part.offset + value.error().offset};
        }
        out += to_text(value.value());
    }
    return out;
}

bool TextTemplate::has_expressions() const noexcept {
    for (const Part& part : parts_) {
        if (part.expression) {
            return true;
        }
    }
    return false;
}

std::vector<Reference> TextTemplate::references() const {
    std::vector<Reference> out;
    for (const Part& part : parts_) {
        if (!part.expression) {
            continue;
        }
        for (Reference ref : part.expression->references()) {
            ref.offset += part.offset;
            out.push_back(std::move(ref));
        }
    }
    return out;
}

Expected<std::string> interpolate(std::string_view text, const ValueLookup& lookup) {
    auto parsed = TextTemplate::parse(text);
    if (!parsed) {
        return parsed.error();
    }
    return parsed->render(lookup);
}

bool has_interpolation(std::string_view text) noexcept {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] == '$' && text[i + 1] == '$' && i + 2 < text.size() && text[i + 2] == '{') {
            i += 2;
            continue;
        }
        if (text[i] == '$' && text[i + 1] == '{') {
            return true;
        }
    }
    return false;
}

}  // namespace steward::core
