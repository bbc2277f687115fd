#pragma once

#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/engine/error.hpp"
#include "orchestrator/store/records.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace steward::store {
class Store;
}

namespace steward::engine {

/// A workflow version the engine can run: its stored definition id and the parsed spec.
struct WorkflowVersion {
    store::RowId definition_id = 0;
    std::shared_ptr<const core::WorkflowSpec> spec;
};

/// The workflows the engine knows: each version is stored in the database by content hash
/// (a run keeps the exact text it started with) and parsed once per process.
///
/// Errors: `Errc::invalid_workflow` with the loader's `FILE:LINE:COL: message` lines, and
/// `Errc::not_found`; store failures throw `store::StoreError`. Threading: the io_context thread.
class WorkflowCatalog {
public:
    /// `jobs_dir` is where `jobs/...` references are checked when a workflow is loaded.
    WorkflowCatalog(store::Store& store, std::filesystem::path jobs_dir);

    /// Parses and validates `yaml` (named `file_name` in messages), stores it as a definition
    /// and makes it the current version of its name. Returns the version.
    Result<WorkflowVersion> add(std::string_view yaml, std::string_view file_name, store::Millis now);

    /// The current version of `name` (added in this process), else the newest stored one.
    Result<WorkflowVersion> current(std::string_view name);

    /// The version stored under `definition_id` (parsed on first use, without re-checking
    /// `jobs/` files, so a run resumes even if they moved).
    Result<WorkflowVersion> by_definition(store::RowId definition_id);

    /// The workflows added in this process, by name.
    [[nodiscard]] std::vector<WorkflowVersion> added() const;

private:
    store::Store& store_;
    std::filesystem::path jobs_dir_;
    std::map<store::RowId, std::shared_ptr<const core::WorkflowSpec>> by_definition_;
    std::map<std::string, WorkflowVersion, std::less<>> current_;
};

}  // namespace steward::engine
