#include "orchestrator/workflow/validator.hpp"

#include "orchestrator/core/references.hpp"
#include "orchestrator/core/spec_index.hpp"
#include "orchestrator/core/step_graph.hpp"
#include "orchestrator/core/suggest.hpp"
#include "orchestrator/core/type_checks.hpp"

#include <system_error>

namespace steward::workflow::detail {
namespace {

std::vector<std::string> target_names(const core::WorkflowSpec& spec) {
    std::vector<std::string> out{std::string(core::kEndTarget)};
    for (const core::Step& s : spec.steps) {
        out.push_back(s.id);
    }
    return out;
}

// Stops a pass once this many problems are known; the loader reports the count of the rest.
constexpr std::size_t kEnough = Reader::kMaxDiagnostics + 1;

void check_targets(const core::SpecIndex& index, std::vector<core::Diagnostic>& out) {
    const core::WorkflowSpec& spec = index.spec();
    auto check = [&](const std::string& target, core::SourcePos pos, std::string_view field,
                     const core::Step& step) {
        if (target.empty() || target == core::kEndTarget || index.find_step(target) != nullptr ||
            out.size() >= kEnough) {
            return;
        }
        const std::vector<std::string> names = target_names(spec);
        out.push_back(core::Diagnostic{spec.file, pos,
                                       "unknown step '" + target + "' in '" + std::string(field) +
                                           "' of step '" + step.id + "'" +
                                           core::did_you_mean(target, names)});
    };
    for (const core::Step& step : spec.steps) {
        check(step.next.target, step.origin.at("next"), "next", step);
        for (const auto& [outcome, target] : step.next.by_outcome) {
            check(target, step.origin.at("next." + outcome), "next", step);
        }
        if (const auto* gate = std::get_if<core::GateStep>(&step.body)) {
            for (const core::GateCase& c : gate->cases) {
                check(c.target, c.origin.at("goto"), "goto", step);
            }
            check(gate->default_target, step.origin.at("default"), "default", step);
        }
    }
}

void check_cycles(const core::WorkflowSpec& spec, std::vector<core::Diagnostic>& out) {
    for (const core::UnguardedCycle& cycle : core::find_unguarded_cycles(spec)) {
        std::string path;
        for (const std::size_t i : cycle.steps) {
            path += spec.steps[i].id + " -> ";
        }
        path += spec.steps[cycle.steps.front()].id;
        out.push_back(core::Diagnostic{
            spec.file, cycle.closing.pos,
            "loop with no wait or user_task step: " + path + " (add a wait or user_task step to the loop)"});
    }
}

void check_sites(const core::SpecIndex& index, const std::vector<TextSite>& sites,
                 std::vector<core::Diagnostic>& out) {
    const core::WorkflowSpec& spec = index.spec();
    for (const TextSite& site : sites) {
        if (out.size() >= kEnough) {
            return;
        }
        std::vector<core::Error> errors = site.text ? core::check_references(*site.text, index)
                                                    : core::check_references(*site.condition, index);
        std::string prefix;
        if (!site.duration_subject.empty() && site.text) {
            // A duration field: what it references must be able to give a duration.
            prefix = site.duration_subject + ": ";
            for (core::Error& e : core::check_duration_template(*site.text, index)) {
                errors.push_back(std::move(e));
            }
        }
        for (const core::Error& e : errors) {
            core::SourcePos pos = site.pos;
            if (site.columns_exact) {
                pos.col += static_cast<int>(e.offset);
            }
            out.push_back(core::Diagnostic{spec.file, pos, prefix + e.message});
        }
    }
}

void check_files(const core::WorkflowSpec& spec, const LoadOptions& options,
                 std::vector<core::Diagnostic>& out) {
    auto check = [&](const std::string& path, core::SourcePos pos) {
        if (core::has_interpolation(path)) {
            return;
        }
        if (std::string problem = check_jobs_path(path, options.jobs_dir, options.jobs_dir_hint);
            !problem.empty()) {
            out.push_back(core::Diagnostic{spec.file, pos, std::move(problem)});
        }
    };
    for (const core::Step& step : spec.steps) {
        if (const auto* batch = std::get_if<core::LivyBatchStep>(&step.body)) {
            check(batch->file, step.origin.at("file"));
        } else if (const auto* session = std::get_if<core::LivySessionStep>(&step.body)) {
            for (const core::Statement& statement : session->statements) {
                if (!statement.code_file.empty()) {
                    check(statement.code_file, statement.origin.at("code_file"));
                }
            }
        }
    }
}

}  // namespace

std::string check_jobs_path(const std::string& path, const std::filesystem::path& jobs_dir,
                            std::string_view hint) {
    constexpr std::string_view kPrefix = "jobs/";
    if (path.compare(0, kPrefix.size(), kPrefix) != 0) {
        return {};
    }
    const std::string rest = path.substr(kPrefix.size());
    std::size_t start = 0;
    while (start <= rest.size()) {
        const std::size_t slash = rest.find('/', start);
        const std::string part =
            rest.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
        if (part == "..") {
            return "'" + path + "' leaves the jobs directory ('..' is not allowed)";
        }
        if (slash == std::string::npos) {
            break;
        }
        start = slash + 1;
    }
    if (rest.empty() || rest.back() == '/' || path.find('\0') != std::string::npos) {
        return "'" + path + "' does not name a file";
    }
    if (jobs_dir.empty()) {
        return {};
    }
    std::error_code ec;
    const std::filesystem::path full = jobs_dir / rest;
    if (!std::filesystem::is_regular_file(full, ec)) {
        const std::filesystem::path shown = std::filesystem::absolute(full, ec);
        return "file '" + path + "' not found (looked for " +
               (ec ? full : shown).lexically_normal().string() +
               (hint.empty() ? "" : "; " + std::string(hint)) + ")";
    }
    return {};
}

void validate_spec(const core::WorkflowSpec& spec, const std::vector<TextSite>& sites,
                   const LoadOptions& options, std::vector<core::Diagnostic>& out) {
    const core::SpecIndex index(spec);
    check_targets(index, out);
    check_sites(index, sites, out);
    check_files(spec, options, out);
    check_cycles(spec, out);  // unknown targets (reported above) are left out of the graph
}

}  // namespace steward::workflow::detail
