#pragma once

// Internal to orch_workflow: the first pass over a workflow file's YAML event stream, and the
// explanation of yaml-cpp's syntax errors (tabs, indentation) from what that pass saw.

#include "orchestrator/core/source_pos.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/mark.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace steward::workflow::detail {

/// A first, cheap pass over the YAML event stream. yaml-cpp 0.7 can turn some malformed input into
/// an endless stream of empty documents (found by fuzzing), so the loader never asks it for "all
/// documents": this pass stops at the second document, or when the events outgrow the text. It
/// also remembers the collections that are open (and those just closed) for `explain_syntax_error`.
class StreamProbe final : public YAML::EventHandler {
public:
    /// Thrown from a handler to stop the parser: a second document, or over the event budget.
    struct Stop {};

    /// A mapping or list being read, for messages: where it starts and what it is called.
    struct Collection {
        bool map = false;
        bool block = true;         // false: a flow collection ({...} or [...])
        core::SourcePos start;     // a block mapping's first key, a block list's first '-'
        std::string label;         // "'form'", "item #1 of 'steps'", "the top level"
        int label_line = 0;        // the line of the key that holds it (its own line otherwise)
        std::size_t children = 0;  // nodes read so far (keys and values for a mapping)
        std::string last_key;      // a mapping's latest key
        int last_key_line = 0;
        std::string id;  // a mapping's `id: VALUE`, to name list items
    };

    /// `budget`: the most events accepted before stopping.
    explicit StreamProbe(std::size_t budget) : budget_(budget) {}

    [[nodiscard]] int documents() const noexcept { return documents_; }
    [[nodiscard]] bool over_budget() const noexcept { return events_ > budget_; }
    /// The collections open when the parser stopped, outermost first.
    [[nodiscard]] const std::vector<Collection>& open() const noexcept { return open_; }
    /// The collections closed since the last node was read, innermost first: those a dedent ended.
    [[nodiscard]] const std::vector<Collection>& just_closed() const noexcept { return just_closed_; }

    void OnDocumentStart(const YAML::Mark&) override;
    void OnDocumentEnd() override { count(); }
    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, nullptr); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark, nullptr); }
    void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  const std::string& value) override {
        node(mark, &value);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                         YAML::EmitterStyle::value style) override {
        start(false, mark, style);
    }
    void OnSequenceEnd() override { end(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                    YAML::EmitterStyle::value style) override {
        start(true, mark, style);
    }
    void OnMapEnd() override { end(); }

private:
    void count();
    void node(const YAML::Mark& mark, const std::string* scalar);
    void start(bool map, const YAML::Mark& mark, YAML::EmitterStyle::value style);
    void end();

    std::size_t budget_;
    std::size_t events_ = 0;
    int documents_ = 0;
    std::vector<Collection> open_;
    std::vector<Collection> just_closed_;
};

/// A problem to report: where and what.
struct SyntaxProblem {
    core::SourcePos pos;
    std::string message;
};

/// Turns yaml-cpp's syntax error `message` at `mark` in `text` into a message that says how to fix
/// it: a tab in the indentation ("tabs are not allowed ..." at the tab), or a line that lines up
/// with no open mapping (naming the mappings it could belong to, their keys' lines and columns).
/// Otherwise "YAML syntax error: MESSAGE" at the mark. Pure.
[[nodiscard]] SyntaxProblem explain_syntax_error(std::string_view text, const YAML::Mark& mark,
                                                 const std::string& message, const StreamProbe& probe);

}  // namespace steward::workflow::detail
