#pragma once

// `pattern:` of a string param (docs/workflows.md): an ECMAScript regular expression the whole
// value must match, compiled so that matching takes polynomial time and bounded stack.

#include "orchestrator/core/expected.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace steward::core {

/// The longest pattern accepted (characters).
inline constexpr std::size_t kMaxPatternLength = 256;
/// The longest value matched against a pattern (characters); longer values are refused.
inline constexpr std::size_t kMaxPatternValueLength = 4096;

/// A compiled param pattern. Cheap to move; immutable; thread-safe to share.
class ParamPattern {
public:
    /// Compiles `pattern` (ECMAScript syntax, whole-value match). Errors (message only): longer
    /// than kMaxPatternLength, more than 2000 elements once `{n,m}` repeats are written out or
    /// groups nested more than 32 deep (std::regex recurses along its automaton), back-references,
    /// or what std::regex refuses ("is not a valid regular expression: ..."). Pure; thread-safe.
    [[nodiscard]] static Expected<ParamPattern> compile(std::string_view pattern);

    /// True when the whole of `value` matches. Values over kMaxPatternValueLength never match.
    [[nodiscard]] bool matches(std::string_view value) const;

private:
    struct Impl;
    explicit ParamPattern(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

/// "'TEXT'" for a message about a refused value: at most 80 characters of it (then "...", and
/// the total length), control characters as '?'. Pure.
[[nodiscard]] std::string quote_refused_value(std::string_view value);

}  // namespace steward::core
