#pragma once

#include "orchestrator/core/expected.hpp"
#include "orchestrator/core/expression.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::core {

/// A string with `${...}` interpolations, e.g. "Model KS is ${steps.report.metrics.ks}".
/// Each `${...}` holds one expression (quoted strings inside it may contain `}`); `$${` writes a
/// literal `${`. A `$` not followed by `{` is plain text. Values interpolate as `to_text` writes
/// them (null as the empty string).
///
/// Value type; immutable; thread-safe to share.
class TextTemplate {
public:
    /// One literal run or one interpolation.
    struct Part {
        std::string literal;                   // text of a literal part (escapes resolved)
        std::optional<Expression> expression;  // set for an interpolation
        std::size_t offset = 0;                // where the part's text starts in the template
    };

    /// Parses `text`. Errors (value): "unclosed '${'" or an expression error, with `offset`
    /// relative to the start of `text`.
    [[nodiscard]] static Expected<TextTemplate> parse(std::string_view text);

    /// Renders with `lookup`. Errors (value): the first evaluation error, offset relative to the
    /// template text.
    [[nodiscard]] Expected<std::string> render(const ValueLookup& lookup) const;

    /// True when the template has at least one `${...}`.
    [[nodiscard]] bool has_expressions() const noexcept;

    /// Every reference in every interpolation, with offsets relative to the template text.
    [[nodiscard]] std::vector<Reference> references() const;

    [[nodiscard]] const std::vector<Part>& parts() const noexcept { return parts_; }
    [[nodiscard]] const std::string& text() const noexcept { return text_; }

private:
    std::string text_;
    std::vector<Part> parts_;
};

/// Parses and renders `text` in one call (what the engine does with a string field).
/// Errors (value): as `TextTemplate::parse` and `TextTemplate::render`.
[[nodiscard]] Expected<std::string> interpolate(std::string_view text, const ValueLookup& lookup);

/// True when `text` contains a `${` that is not escaped as `$${` (cheap pre-check).
[[nodiscard]] bool has_interpolation(std::string_view text) noexcept;

}  // namespace steward::core
