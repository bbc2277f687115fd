#include "orchestrator/workflow/loader.hpp"

#include "orchestrator/workflow/section_readers.hpp"
#include "orchestrator/workflow/validator.hpp"
#include "orchestrator/workflow/yaml_probe.hpp"
#include "orchestrator/workflow/yaml_reader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <sstream>
#include <unordered_map>

namespace steward::workflow {
namespace {

using detail::Need;
using detail::StreamProbe;

bool is_workflow_name(const std::string& name) {
    static const std::regex kName("[a-z0-9][a-z0-9-]*");
    return name.size() <= 64 && std::regex_match(name, kName);
}

void read_steps(detail::Reader& reader, const YAML::Node& node, core::WorkflowSpec& spec) {
    if (!node.IsSequence() || node.size() == 0) {
        reader.error(node, "'steps' must be a non-empty list of steps, got " + detail::describe(node));
        return;
    }
    std::size_t index = 0;
    std::unordered_map<std::string, int> first_line;
    for (const YAML::Node& item : node) {
        auto step = detail::read_step(reader, item, index++);
        if (!step) {
            continue;
        }
        if (const auto [at, fresh] = first_line.emplace(step->id, step->origin.pos.line); !fresh) {
            reader.error(step->origin.at("id"), "duplicate step id '" + step->id +
                                                    "' (first defined at line " + std::to_string(at->second) +
                                                    ")");
            continue;
        }
        spec.steps.push_back(std::move(*step));
    }
}

void read_document(detail::Reader& reader, const YAML::Node& root, core::WorkflowSpec& spec) {
    detail::MapReader map(reader, root, "the workflow file", &spec.origin);
    if (!map.ok()) {
        return;
    }
    if (auto name = map.text("name", Need::Required)) {
        if (!is_workflow_name(*name)) {
            map.field_error("name", "must be 1-64 of a-z, 0-9 and -, starting with a letter or digit, got '" +
                                        *name + "'");
        }
        spec.name = *name;
    }
    spec.description = map.text("description").value_or("");
    if (auto params = map.field("params")) {
        spec.params = detail::read_param_specs(reader, *params, false, "'params'");
        map.nested_definitions("params");
    }
    if (auto triggers = map.field("triggers")) {
        spec.triggers = detail::read_triggers(reader, *triggers, spec.params);
    }
    if (auto defaults = map.field("defaults")) {
        spec.defaults = detail::read_defaults(reader, *defaults);
    }
    if (auto steps = map.field("steps", Need::Required)) {
        read_steps(reader, *steps, spec);
    }
    map.finish();
}

// The offset of the first byte that is not part of well-formed UTF-8 (no overlongs, surrogates or
// code points past U+10FFFF), or npos.
std::size_t invalid_utf8_at(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            low = c == 0xE0 ? 0xA0 : 0x80;
            high = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            low = c == 0xF0 ? 0x90 : 0x80;
            high = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        if (i + length > text.size()) {
            return i;
        }
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) {
                return i;
            }
        }
        i += length;
    }
    return std::string_view::npos;
}

core::SourcePos position_of(std::string_view text, std::size_t offset) {
    core::SourcePos pos{1, 1};
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++pos.line;
            pos.col = 1;
        } else {
            ++pos.col;
        }
    }
    return pos;
}

void sort_diagnostics(std::vector<core::Diagnostic>& diagnostics) {
    std::stable_sort(diagnostics.begin(), diagnostics.end(),
                     [](const core::Diagnostic& a, const core::Diagnostic& b) {
                         return a.pos.line != b.pos.line ? a.pos.line < b.pos.line : a.pos.col < b.pos.col;
                     });
    diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end()), diagnostics.end());
}

}  // namespace

LoadResult load_workflow(std::string_view text, std::string_view file_name, const LoadOptions& options) {
    LoadResult result;
    const std::string file(file_name);
    auto fail = [&](core::SourcePos pos, std::string message) {
        result.diagnostics.push_back(core::Diagnostic{file, pos, std::move(message)});
        return result;
    };
    if (text.size() > kMaxWorkflowBytes) {
        return fail({1, 1}, "the file is larger than 4 MiB");
    }
    if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
        return fail(position_of(text, nul), "the file contains a NUL byte; workflow files are UTF-8 text");
    }
    if (const std::size_t bad = invalid_utf8_at(text); bad != std::string_view::npos) {
        static constexpr char kHex[] = "0123456789abcdef";
        const auto byte = static_cast<unsigned char>(text[bad]);
        return fail(position_of(text, bad), std::string("invalid UTF-8 (byte 0x") + kHex[byte >> 4] +
                                                kHex[byte & 15] + "); workflow files are UTF-8 text");
    }
    detail::Reader reader(file, text);
    core::WorkflowSpec spec;
    spec.file = file;
    try {
        const std::string source(text);
        // Every event consumes text, except a few empty nodes around each token.
        StreamProbe probe(4 * source.size() + 64);
        try {
            std::istringstream stream(source);
            YAML::Parser parser(stream);
            while (parser.HandleNextDocument(probe)) {
            }
        } catch (const StreamProbe::Stop&) {
            if (probe.over_budget()) {
                return fail({1, 1}, "malformed YAML: the parser produced more values than the text can hold");
            }
            return fail({1, 1}, "the file holds more than one YAML document; a workflow file holds one");
        } catch (const YAML::Exception& e) {
            detail::SyntaxProblem problem = detail::explain_syntax_error(text, e.mark, e.msg, probe);
            return fail(problem.pos, std::move(problem.message));
        }
        const YAML::Node root = probe.documents() == 0 ? YAML::Node() : YAML::Load(source);
        if (detail::is_null(root)) {
            return fail({1, 1}, "the file is empty (a workflow needs at least 'name' and 'steps')");
        }
        read_document(reader, root, spec);
    } catch (const YAML::Exception& e) {
        const core::SourcePos pos =
            e.mark.is_null() ? core::SourcePos{1, 1} : core::SourcePos{e.mark.line + 1, e.mark.column + 1};
        return fail(pos, "YAML syntax error: " + e.msg);
    } catch (const detail::BudgetExceeded&) {
        return fail({1, 1}, "the document is too large: more than " +
                                std::to_string(detail::Reader::kNodeBudget) +
                                " values once aliases are expanded");
    }
    result.diagnostics = std::move(reader.diagnostics());
    std::size_t dropped = reader.dropped();
    if (result.diagnostics.empty()) {
        detail::validate_spec(spec, reader.sites(), options, result.diagnostics);
        if (result.diagnostics.size() > detail::Reader::kMaxDiagnostics) {
            dropped += result.diagnostics.size() - detail::Reader::kMaxDiagnostics;
            result.diagnostics.resize(detail::Reader::kMaxDiagnostics);
        }
    }
    sort_diagnostics(result.diagnostics);
    if (dropped > 0) {
        result.diagnostics.push_back(
            core::Diagnostic{file,
                             {1, 1},
                             "... and " + std::to_string(dropped) + " more problems (only the first " +
                                 std::to_string(detail::Reader::kMaxDiagnostics) + " are shown)"});
    }
    if (result.diagnostics.empty()) {
        result.spec = std::move(spec);
    }
    return result;
}

LoadResult load_workflow_file(const std::filesystem::path& path, const LoadOptions& options) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) {
        char buffer[65536];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            text.write(buffer, in.gcount());
            if (static_cast<std::size_t>(text.tellp()) > kMaxWorkflowBytes) {
                break;
            }
        }
    }
    std::error_code ec;
    if (!in.eof() || std::filesystem::is_directory(path, ec)) {
        LoadResult result;
        const std::string reason =
            std::filesystem::exists(path, ec)
                ? (std::filesystem::is_directory(path, ec) ? "it is a directory"
                                                           : "permission denied or I/O error")
                : "";
        result.diagnostics.push_back(
            core::Diagnostic{path.string(),
                             {1, 1},
                             reason.empty() ? "the file does not exist" : "cannot read the file: " + reason});
        if (static_cast<std::size_t>(text.tellp()) > kMaxWorkflowBytes) {
            result.diagnostics.back().message = "the file is larger than 4 MiB";
        }
        return result;
    }
    return load_workflow(text.str(), path.string(), options);
}

std::filesystem::path default_jobs_dir(const std::filesystem::path& workflow_file) {
    std::error_code ec;
    std::filesystem::path dir = std::filesystem::absolute(workflow_file, ec).parent_path();
    for (int depth = 0; depth < 64 && !dir.empty(); ++depth) {
        if (std::filesystem::is_directory(dir / "jobs", ec)) {
            return dir / "jobs";
        }
        if (dir == dir.parent_path()) {
            break;
        }
        dir = dir.parent_path();
    }
    return std::filesystem::path("jobs");
}

}  // namespace steward::workflow
