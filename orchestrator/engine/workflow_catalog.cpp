#include "orchestrator/engine/workflow_catalog.hpp"

#include "orchestrator/store/audit_log.hpp"
#include "orchestrator/store/store.hpp"
#include "orchestrator/workflow/loader.hpp"

namespace steward::engine {

namespace {

Result<std::shared_ptr<const core::WorkflowSpec>> parse(std::string_view yaml, std::string_view file_name,
                                                        const std::filesystem::path& jobs_dir) {
    auto loaded = workflow::load_workflow(yaml, file_name, workflow::LoadOptions{jobs_dir});
    if (!loaded.ok()) {
        std::string message = core::format_diagnostics(loaded.diagnostics);
        while (!message.empty() && message.back() == '\n') {
            message.pop_back();
        }
        return make_error(Errc::invalid_workflow, message);
    }
    return std::make_shared<const core::WorkflowSpec>(std::move(*loaded.spec));
}

}  // namespace

WorkflowCatalog::WorkflowCatalog(store::Store& store, std::filesystem::path jobs_dir)
    : store_(store), jobs_dir_(std::move(jobs_dir)) {}

Result<WorkflowVersion> WorkflowCatalog::add(std::string_view yaml, std::string_view file_name,
                                             store::Millis now) {
    auto spec = parse(yaml, file_name, jobs_dir_);
    if (!spec) {
        return spec.error();
    }
    const std::string& name = (*spec)->name;
    const store::RowId id = store_.runs().upsert_definition(name, yaml, store::sha256_hex(yaml), now);
    by_definition_.insert_or_assign(id, *spec);
    WorkflowVersion version{id, *spec};
    current_.insert_or_assign(name, version);
    return version;
}

Result<WorkflowVersion> WorkflowCatalog::current(std::string_view name) {
    if (const auto it = current_.find(name); it != current_.end()) {
        return it->second;
    }
    auto stored = store_.runs().latest_definition(name);
    if (!stored) {
        return make_error(Errc::not_found, "no workflow named '" + std::string(name) + "'");
    }
    return by_definition(stored->id);
}

Result<WorkflowVersion> WorkflowCatalog::by_definition(store::RowId definition_id) {
    if (const auto it = by_definition_.find(definition_id); it != by_definition_.end()) {
        return WorkflowVersion{definition_id, it->second};
    }
    auto stored = store_.runs().get_definition(definition_id);
    if (!stored) {
        return make_error(Errc::not_found, "no workflow definition " + std::to_string(definition_id));
    }
    auto spec = parse(stored->yaml, stored->name + ".yaml", {});
    if (!spec) {
        return spec.error();
    }
    by_definition_.emplace(definition_id, *spec);
    return WorkflowVersion{definition_id, *spec};
}

std::vector<WorkflowVersion> WorkflowCatalog::added() const {
    std::vector<WorkflowVersion> out;
    for (const auto& [name, version] : current_) {
        out.push_back(version);
    }
    return out;
}

}  // namespace steward::engine
