#pragma once

// Internal to orch_workflow: typed, position-aware reading of yaml-cpp nodes into diagnostics.
// Nothing here is part of the module's public API (see loader.hpp).

#include "orchestrator/core/diagnostic.hpp"
#include "orchestrator/core/duration_field.hpp"
#include "orchestrator/core/expression.hpp"
#include "orchestrator/core/source_pos.hpp"
#include "orchestrator/core/text_template.hpp"
#include "orchestrator/core/value.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace steward::workflow::detail {

/// A string field that may hold `${...}`, or a condition, remembered for the reference checks
/// that need the whole spec. `columns_exact`: offsets can be added to `pos.col`.
/// `duration_subject` is set for an interpolated duration field ("'duration' in wait step 'w'"):
/// what it references must be able to give a duration.
struct TextSite {
    std::optional<core::TextTemplate> text;
    std::optional<core::Expression> condition;
    core::SourcePos pos;
    bool columns_exact = false;
    std::string duration_subject;
};

/// Thrown when a document expands (through aliases) beyond the node budget; caught in
/// `load_workflow` and reported as one diagnostic.
struct BudgetExceeded {};

/// Collects diagnostics for one file and knows its text, for exact columns inside scalars.
class Reader {
public:
    /// Most values read from one document, counting every visit through an alias.
    static constexpr std::size_t kNodeBudget = 1'000'000;
    /// Most problems reported for one file; the rest are summarised in one line.
    static constexpr std::size_t kMaxDiagnostics = 100;

    Reader(std::string file, std::string_view source) : file_(std::move(file)), source_(source) {}

    void error(core::SourcePos pos, std::string message);
    void error(const YAML::Node& node, std::string message) { error(pos(node), std::move(message)); }

    /// The 1-based position of a node.
    [[nodiscard]] static core::SourcePos pos(const YAML::Node& node);
    /// The position of byte `offset` of a scalar's value, exact for single-line plain and quoted
    /// scalars without escapes; the scalar's own position otherwise. `exact` reports which.
    [[nodiscard]] core::SourcePos inside(const YAML::Node& scalar, std::size_t offset,
                                         bool* exact = nullptr) const;

    /// Counts one visited node; throws BudgetExceeded past the budget.
    void spend();

    [[nodiscard]] const std::string& file() const noexcept { return file_; }
    [[nodiscard]] std::vector<core::Diagnostic>& diagnostics() noexcept { return diagnostics_; }
    [[nodiscard]] std::vector<TextSite>& sites() noexcept { return sites_; }
    /// True once `kMaxDiagnostics` problems are kept: callers skip building costly messages
    /// (suggestions) and report with `drop()` instead.
    [[nodiscard]] bool full() const noexcept { return diagnostics_.size() >= kMaxDiagnostics; }
    /// Counts a problem that is not kept.
    void drop() noexcept { ++dropped_; }
    /// Problems not kept because `kMaxDiagnostics` were already reported.
    [[nodiscard]] std::size_t dropped() const noexcept { return dropped_; }

    /// Parses `text` as a template found in `node`; reports syntax errors; records the site.
    /// Returns false on a syntax error.
    bool check_template(const YAML::Node& node, const std::string& text);
    /// Parses a condition found in `node`; reports syntax errors; records the site.
    std::optional<core::Expression> parse_condition(const YAML::Node& node);

private:
    std::string file_;
    std::string_view source_;
    std::vector<core::Diagnostic> diagnostics_;
    std::vector<TextSite> sites_;
    std::size_t spent_ = 0;
    std::size_t dropped_ = 0;
};

/// Is this node a plain (unquoted) scalar?
[[nodiscard]] bool is_plain(const YAML::Node& node);
/// Is this node null (`~`, `null`, or nothing)?
[[nodiscard]] bool is_null(const YAML::Node& node);
/// "a mapping", "a list", "null", or the quoted scalar, for messages.
[[nodiscard]] std::string describe(const YAML::Node& node);
/// A plain scalar's meaning under the YAML 1.2 core schema: null, boolean, number or string;
/// a quoted scalar is always a string.
[[nodiscard]] core::Value scalar_value(const YAML::Node& node);

/// Whether a field must be present.
enum class Need { Optional, Required };

/// Reads one mapping: typed getters declare the fields they ask for, and `finish` reports the
/// fields nobody asked for ("unknown field 'fle' in livy_batch step 'train' (did you mean
/// 'file'?)"). Duplicate keys and non-scalar keys are reported on construction.
class MapReader {
public:
    /// `context` names the mapping in messages ("livy_batch step 'train'"). `origin` (optional)
    /// receives the mapping's position and each field's value position.
    MapReader(Reader& reader, const YAML::Node& node, std::string context, core::Origin* origin);

    /// False when the node was not a mapping (already reported).
    [[nodiscard]] bool ok() const noexcept { return ok_; }
    [[nodiscard]] const std::string& context() const noexcept { return context_; }
    [[nodiscard]] Reader& reader() noexcept { return reader_; }
    [[nodiscard]] core::SourcePos pos() const noexcept { return pos_; }

    /// Declares `key`; returns its value node (a copy of the handle) or nothing. A required
    /// field that is absent is reported as missing; a null value as having no value.
    std::optional<YAML::Node> field(std::string_view key, Need need = Need::Optional);
    /// Declares `key` without reading it (it is read elsewhere or refused with its own message).
    void declare(std::string_view key);
    /// True if the mapping has `key` (without declaring it).
    [[nodiscard]] bool has(std::string_view key) const;
    /// The position of `key` itself (for "remove this field" messages).
    [[nodiscard]] core::SourcePos key_pos(std::string_view key) const;

    std::optional<std::string> text(std::string_view key, Need need = Need::Optional);
    /// A text that may contain `${...}` (checked and recorded).
    std::optional<std::string> templ(std::string_view key, Need need = Need::Optional);
    std::optional<bool> boolean(std::string_view key, Need need = Need::Optional);
    std::optional<long long> integer(std::string_view key, long long min, long long max,
                                     Need need = Need::Optional);
    std::optional<double> number(std::string_view key, double min, double max, Need need = Need::Optional);
    /// A duration (`90s`), or `${...}` text resolved when the step starts (checked and recorded
    /// as a duration site). `positive`: a literal `0s` is refused.
    std::optional<core::DurationField> duration(std::string_view key, Need need = Need::Optional,
                                                bool positive = false);
    /// A list of scalars; `templates` checks each item as a template.
    std::optional<std::vector<std::string>> text_list(std::string_view key, bool templates,
                                                      Need need = Need::Optional);
    /// A mapping of names to scalars; `templates` checks each value as a template.
    std::optional<std::map<std::string, std::string>> text_map(std::string_view key, bool templates,
                                                               Need need = Need::Optional);
    /// One of `choices`, e.g. a step kind.
    std::optional<std::string> choice(std::string_view key, const std::vector<std::string>& choices,
                                      Need need = Need::Optional);

    /// Reports an error "'KEY' in CONTEXT WHAT" at the key's value.
    void field_error(std::string_view key, const std::string& what);

    /// The fields declared so far (by getters and `declare`).
    [[nodiscard]] const std::vector<std::string>& declared() const noexcept { return declared_; }
    /// Records that `key` holds a nested mapping whose fields are `fields` (its reader's
    /// `declared()`): `finish` then reports an unknown field that is one of them, given after
    /// `key`, as dedented out of it ("did you mean to indent it under 'retry:' (line 7)?").
    void nested(std::string_view key, std::vector<std::string> fields);
    /// As `nested`, for a mapping of names to definitions (`params:`, a user task's `form:`): an
    /// unknown field fits when its value is a mapping with a `type`.
    void nested_definitions(std::string_view key);

    /// Reports every field not declared. Call once, after all getters.
    void finish();

private:
    struct Entry {
        std::string key;
        YAML::Node key_node;
        YAML::Node value;
    };
    struct Nested {
        std::string key;
        std::vector<std::string> fields;
        bool definitions = false;
    };
    const Entry* find(std::string_view key) const;
    // "'risk' is not a field of CONTEXT; did you mean to indent it under 'form:' (line 5)?" when
    // the unknown entry `e` fits a nested mapping given before it; "" otherwise.
    [[nodiscard]] std::string indentation_hint(const Entry& e) const;
    std::optional<std::string> scalar_text(const YAML::Node& value, std::string_view key);

    Reader& reader_;
    std::string context_;
    core::Origin* origin_;
    core::SourcePos pos_;
    bool ok_ = false;
    std::vector<Entry> entries_;
    std::unordered_map<std::string, std::size_t> index_;  // key -> entries_ position
    std::vector<std::string> declared_;
    std::vector<Nested> nested_;
};

/// "'KEY' in CONTEXT" — the subject of most field messages.
[[nodiscard]] std::string subject(std::string_view key, std::string_view context);

/// Does `text` match `[a-z0-9_]+` (ids, outcomes)?
[[nodiscard]] bool is_identifier(std::string_view text) noexcept;

}  // namespace steward::workflow::detail
