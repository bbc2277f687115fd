#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::store {

class Database;

/// What to register: the build number is assigned by the registry.
struct NewModelVersion {
    ModelName model{};
    MajorMinor version{};
    std::string artifact_uri{};
    std::string metrics_json = "{}";
    std::string tags_json = "{}";
    std::optional<RowId> run_id{};         ///< lineage: the run that produced it
    std::optional<std::string> step_id{};  ///< lineage: the step id in that run
    std::optional<RowId> step_exec_id{};   ///< lineage and idempotency: one version per step attempt
    std::string params_json = "{}";        ///< lineage: the run's parameters
    std::string data_json = "{}";          ///< lineage: the data it was trained on
    std::string actor = "steward";         ///< who registers, for the audit log
    Millis at = 0;
};

/// An alias move: where it pointed before (if anywhere) and where it points now.
struct AliasMove {
    std::optional<ModelVersion> previous{};
    ModelVersion current{};
};

/// One model of the registry with its version count and its latest (highest) version.
struct ModelSummary {
    ModelName model{};
    std::int64_t versions = 0;
    ModelVersion latest{};
};

/// One move of an alias: who pointed it from which version (none for a new alias) to which, when.
struct AliasHistoryEntry {
    RowId id = 0;
    std::string alias{};
    std::optional<std::string> from_version{};  ///< "major.minor.build"
    std::string to_version{};                   ///< "major.minor.build"
    std::string actor{};
    Millis at = 0;
};

/// The model registry: immutable versions "group:artifact:major.minor.build" and movable aliases
/// ("champion", "challenger"). Registering and moving an alias each write an audit row in the same
/// transaction; a move also appends to the alias history (who, from, to, when).
///
/// Error contract: SQLite failures, a foreign key to a missing run or step and malformed JSON throw
/// `StoreError`. Input-dependent failures are `result` errors: Errc::invalid_argument for a bad
/// group, artifact, alias or number; Errc::not_found for an unknown version or alias;
/// Errc::conflict for an alias pointed at a version that does not exist; Errc::duplicate for a
/// second registration from the same step attempt. Not thread-safe.
class Registry {
public:
    explicit Registry(Database& db) noexcept : db_(&db) {}

    /// Registers a new version with build = 1 + the highest build of model:major.minor (1 for the
    /// first), atomically. Versions are never changed afterwards (the schema refuses UPDATE).
    boost::system::result<ModelVersion> register_version(const NewModelVersion& request);
    /// Errc::not_found for an unknown version.
    boost::system::result<ModelVersion> get_version(const ModelVersionRef& ref);
    /// Errc::not_found for an unknown id.
    boost::system::result<ModelVersion> get_version(RowId id);
    /// The version registered by a step attempt (to resume a register step); Errc::not_found.
    boost::system::result<ModelVersion> find_version_for_step(RowId step_exec_id);
    /// Versions of a model, newest (highest major.minor.build) first. Errc::invalid_argument for a
    /// bad model name or page.
    boost::system::result<std::vector<ModelVersion>> list_versions(const ModelName& model, int limit = 100,
                                                                   int offset = 0);
    /// All models that have at least one version, sorted.
    std::vector<ModelName> list_models();
    /// One page of models (sorted by group, artifact), each with its version count and latest
    /// version. Errc::invalid_argument for a bad page (limit 1..1000, offset >= 0).
    boost::system::result<std::vector<ModelSummary>> list_model_summaries(int limit, int offset);
    /// How many models have at least one version.
    std::int64_t count_models();
    /// How many versions `model` has.
    std::int64_t count_versions(const ModelName& model);

    /// Points `alias` of `model` at `version` (same model), moving it if it existed.
    boost::system::result<AliasMove> set_alias(const ModelName& model, std::string_view alias,
                                               const ModelVersionRef& version, std::string_view actor,
                                               Millis at);
    /// The version an alias points at. Errc::not_found if the alias is not set.
    boost::system::result<ModelVersion> resolve_alias(const ModelName& model, std::string_view alias);
    /// The aliases of a model, by name.
    std::vector<ModelAlias> list_aliases(const ModelName& model);
    /// The workflows whose runs registered a version of `model` (model_workflows), by name.
    std::vector<std::string> workflows_of(const ModelName& model);
    /// The alias moves of a model, newest first, at most `limit` (1..1000).
    /// Errc::invalid_argument for a bad model name or limit.
    boost::system::result<std::vector<AliasHistoryEntry>> alias_history(const ModelName& model,
                                                                        int limit = 100);

private:
    Database* db_;
};

}  // namespace steward::store
