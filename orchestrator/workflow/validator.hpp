#pragma once

// Internal to orch_workflow: the second pass of `load_workflow`, over a spec whose structure is
// already known to be valid.

#include "orchestrator/core/diagnostic.hpp"
#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/workflow/loader.hpp"
#include "orchestrator/workflow/yaml_reader.hpp"

#include <vector>

namespace steward::workflow::detail {

/// Checks what needs the whole spec: next/goto/default targets name steps, loops pass a wait or
/// a user task, the names in expressions (`sites`) exist, and `jobs/` files exist under
/// `options.jobs_dir`. Appends diagnostics for `spec.file`. Reads the file system; thread-safe.
void validate_spec(const core::WorkflowSpec& spec, const std::vector<TextSite>& sites,
                   const LoadOptions& options, std::vector<core::Diagnostic>& out);

/// Checks one `jobs/...` path: no `..`, and a regular file under `jobs_dir`. Returns the problem,
/// or an empty string; a missing file names the absolute path looked for, then `hint` (how to
/// choose another jobs directory) if given. Paths not starting with `jobs/` (URIs, absolute
/// paths) are not checked.
[[nodiscard]] std::string check_jobs_path(const std::string& path, const std::filesystem::path& jobs_dir,
                                          std::string_view hint = {});

}  // namespace steward::workflow::detail
