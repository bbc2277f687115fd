#include "orchestrator/workflow/yaml_probe.hpp"

#include <algorithm>

namespace steward::workflow::detail {
namespace {

using Collection = StreamProbe::Collection;

// Labels and keys are for messages: long ones are cut (and a deep nesting of lists cannot grow
// them without bound).
constexpr std::size_t kMaxLabel = 80;

std::string clip(std::string_view text, std::size_t most) {
    return text.size() <= most ? std::string(text) : std::string(text.substr(0, most - 3)) + "...";
}

// Line `line` (1-based) of `text`, without its line end; empty past the end.
std::string_view line_text(std::string_view text, int line) {
    std::size_t start = 0;
    for (int l = 1; l < line; ++l) {
        const std::size_t newline = text.find('\n', start);
        if (newline == std::string_view::npos) {
            return {};
        }
        start = newline + 1;
    }
    std::string_view out = text.substr(start, text.find('\n', start) - std::min(start, text.size()));
    if (!out.empty() && out.back() == '\r') {
        out.remove_suffix(1);
    }
    return out;
}

// "'risk' (line 7)" when the line starts with a key, else "line 7".
std::string describe_line(std::string_view content, int line) {
    const std::string at = "line " + std::to_string(line);
    for (std::size_t i = 0; i < content.size() && i <= 64; ++i) {
        const char c = content[i];
        if (c == ':' && i > 0 && (i + 1 == content.size() || content[i + 1] == ' ')) {
            return "'" + std::string(content.substr(0, i)) + "' (" + at + ")";
        }
        if (c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '{' || c == '[' || c == '#' ||
            (i == 0 && (c == '-' || c == '?'))) {
            break;
        }
    }
    return at;
}

std::string name_of(const Collection& c) {
    const bool with_id = !c.id.empty() && c.label.compare(0, 6, "item #") == 0;
    return c.label + (with_id ? " (id '" + c.id + "', line " : " (line ") + std::to_string(c.label_line) +
           ")";
}

std::string where_children_are(const Collection& c) {
    const std::string column = "column " + std::to_string(c.start.col);
    return c.map ? "the keys of " + name_of(c) + " are at " + column
                 : "the items of " + name_of(c) + " start with '-' at " + column;
}

}  // namespace

void StreamProbe::count() {
    if (++events_ > budget_) {
        throw Stop{};
    }
}

void StreamProbe::OnDocumentStart(const YAML::Mark&) {
    ++documents_;
    count();
    if (documents_ > 1) {
        throw Stop{};
    }
}

void StreamProbe::node(const YAML::Mark& mark, const std::string* scalar) {
    count();
    just_closed_.clear();
    if (open_.empty()) {
        return;
    }
    Collection& parent = open_.back();
    if (parent.map && parent.children % 2 == 0) {
        parent.last_key = scalar != nullptr ? clip(*scalar, 40) : std::string();
        parent.last_key_line = mark.line + 1;
    } else if (parent.map && scalar != nullptr && parent.last_key == "id") {
        parent.id = clip(*scalar, 40);
    }
    ++parent.children;
}

void StreamProbe::start(bool map, const YAML::Mark& mark, YAML::EmitterStyle::value style) {
    Collection c;
    c.map = map;
    c.block = style != YAML::EmitterStyle::Flow;
    c.start = core::SourcePos{mark.line + 1, mark.column + 1};
    c.label_line = c.start.line;
    if (open_.empty()) {
        c.label = map ? "the top level" : "the top-level list";
    } else if (const Collection& parent = open_.back(); !parent.map) {
        c.label = clip("item #" + std::to_string(parent.children + 1) + " of " + parent.label, kMaxLabel);
    } else if (parent.children % 2 == 1) {
        c.label = "'" + parent.last_key + "'";
        c.label_line = parent.last_key_line;
    } else {
        c.label = "a key";
    }
    node(mark, nullptr);
    open_.push_back(std::move(c));
}

void StreamProbe::end() {
    count();
    if (!open_.empty()) {
        just_closed_.insert(just_closed_.end(), std::move(open_.back()));
        open_.pop_back();
    }
}

SyntaxProblem explain_syntax_error(std::string_view text, const YAML::Mark& mark, const std::string& message,
                                   const StreamProbe& probe) {
    SyntaxProblem out{core::SourcePos{1, 1}, "YAML syntax error: " + message};
    if (mark.is_null() || mark.line < 0) {
        return out;
    }
    out.pos = core::SourcePos{mark.line + 1, mark.column + 1};
    const int line = out.pos.line;

    // A tab in the indentation of the line the parser stopped at (or of the line before it).
    for (const int l : {line, line - 1}) {
        const std::string_view s = l >= 1 ? line_text(text, l) : std::string_view();
        for (std::size_t i = 0; i < s.size() && (s[i] == ' ' || s[i] == '\t'); ++i) {
            if (s[i] == '\t') {
                out.pos = core::SourcePos{l, static_cast<int>(i) + 1};
                out.message = "YAML syntax error: tabs are not allowed for indentation (a tab at line " +
                              std::to_string(l) + ", column " + std::to_string(i + 1) +
                              "); indent with spaces";
                return out;
            }
        }
    }

    const std::string_view s = line_text(text, line);
    const std::size_t indent = s.find_first_not_of(' ');
    if (indent == std::string_view::npos || s[indent] == '#') {
        return out;
    }
    const int col = static_cast<int>(indent) + 1;
    const std::string what = describe_line(s.substr(indent), line);

    // A line that lines up with no open collection: name the ones it could belong to.
    if ((message == "end of map not found" || message == "end of sequence not found") && out.pos.col == col) {
        std::vector<const Collection*> candidates;
        for (const Collection& c : probe.just_closed()) {
            candidates.push_back(&c);
        }
        for (auto it = probe.open().rbegin(); it != probe.open().rend(); ++it) {
            candidates.push_back(&*it);
        }
        std::vector<std::string> places;
        for (const Collection* c : candidates) {
            if (c->block && places.size() < 3 && !(c->map && c->start.col == col)) {
                places.push_back(where_children_are(*c));
            }
        }
        if (places.empty()) {
            return out;
        }
        std::string list;
        for (std::size_t i = 0; i < places.size(); ++i) {
            list += (i == 0 ? "" : i + 1 == places.size() ? " and " : ", ") + places[i];
        }
        out.pos = core::SourcePos{line, col};
        out.message = "YAML syntax error: bad indentation: " + what + " is at column " + std::to_string(col) +
                      ", but " + list;
        return out;
    }

    // A line deeper than the keys of its mapping continues the value above it.
    if (message == "illegal map value" && !probe.open().empty()) {
        const Collection& map = probe.open().back();
        if (map.map && map.block && col > map.start.col && map.last_key_line > 0 &&
            line > map.last_key_line) {
            out.pos = core::SourcePos{line, col};
            out.message = "YAML syntax error: bad indentation: " + what + " is at column " +
                          std::to_string(col) + ", deeper than the keys of " + name_of(map) + " at column " +
                          std::to_string(map.start.col) + ", so it reads as part of the value on line " +
                          std::to_string(map.last_key_line);
        }
    }
    return out;
}

}  // namespace steward::workflow::detail
