#pragma once

#include "orchestrator/core/diagnostic.hpp"
#include "orchestrator/core/workflow_spec.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::workflow {

/// How to load a workflow file.
struct LoadOptions {
    LoadOptions() = default;
    /// Checks `jobs/...` paths under `dir`.
    explicit LoadOptions(std::filesystem::path dir, std::string hint = {})
        : jobs_dir(std::move(dir)), jobs_dir_hint(std::move(hint)) {}

    /// Where `jobs/...` paths (livy_batch `file`, statement `code_file`) are looked up: the
    /// path `jobs/a/b.py` must be a file at `jobs_dir/a/b.py`. Empty: files are not checked.
    std::filesystem::path jobs_dir;
    /// How a user chooses another jobs directory, added to "not found" messages, e.g. "give the
    /// jobs directory with --jobs-dir DIR". Empty: nothing is added.
    std::string jobs_dir_hint;
};

/// The outcome of loading: the spec when the file is valid, and every problem found.
struct LoadResult {
    std::optional<core::WorkflowSpec> spec;     // set if and only if `diagnostics` is empty
    std::vector<core::Diagnostic> diagnostics;  // sorted by line and column

    [[nodiscard]] bool ok() const noexcept { return spec.has_value(); }
};

/// The largest workflow file accepted (bytes).
inline constexpr std::size_t kMaxWorkflowBytes = 4 * 1024 * 1024;

/// Parses and validates a workflow file's text (docs/workflows.md lists every rule). Problems are
/// diagnostics naming `file_name` and a 1-based line and column, never exceptions: YAML syntax,
/// unknown/missing/duplicate fields, types, durations, cron, expression syntax, duplicate ids
/// (first pass); then, if the first pass found nothing, unknown next/goto targets, cycles with no
/// wait or user task, unknown params and step references, and missing `jobs/` files.
/// Any input is safe: bounded time and memory (4 MiB of text, a node budget for aliases, a depth
/// limit). Thread-safe (no shared state; reads the file system only under `jobs_dir`).
[[nodiscard]] LoadResult load_workflow(std::string_view text, std::string_view file_name,
                                       const LoadOptions& options);

/// Reads `path` and loads it; `path` as given names the file in diagnostics. An unreadable file
/// is one diagnostic ("the file does not exist", "cannot read the file: it is a directory"). Thread-safe.
[[nodiscard]] LoadResult load_workflow_file(const std::filesystem::path& path, const LoadOptions& options);

/// The jobs directory for a workflow file when none is configured: the `jobs` directory of the
/// nearest directory, from the file's own upwards, that has one (the repository's `jobs/` for
/// `workflows/x.yaml`); else `jobs` under the current directory. Does not throw.
[[nodiscard]] std::filesystem::path default_jobs_dir(const std::filesystem::path& workflow_file);

}  // namespace steward::workflow
