#pragma once

// Registry and report records as the API's JSON (docs/api.md, "Model registry" and "Reports").
// Pure functions of their inputs.

#include "orchestrator/store/records.hpp"
#include "orchestrator/store/registry.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <vector>

namespace steward::api {

/// A stored figure: a number, or null for an undefined one (NaN).
[[nodiscard]] boost::json::value figure_json(double value);

/// A report without its body: id, run_id, step_id, model, version, period, created_at and the
/// figures it carries (`figures` as the store gave them: the headline ones in a list).
[[nodiscard]] boost::json::object report_summary_json(const store::Report& report);

/// The latest report of a model in a summary (null when there is none): id, version, period,
/// created_at and its headline figures.
[[nodiscard]] boost::json::value latest_report_json(const std::optional<store::Report>& report);

/// One version: `version` ("group:artifact:1.2.3"), `number` ("1.2.3"), major, minor, build,
/// artifact_uri, metrics, tags, params, data, created_at, `aliases` (those pointing at it) and
/// `lineage` (run_id, step_id: the run and step that registered it).
[[nodiscard]] boost::json::object version_json(const store::ModelVersion& version,
                                               const std::vector<store::ModelAlias>& aliases);

/// The aliases of a model as `{"champion": "1.2.3", ...}`.
[[nodiscard]] boost::json::object alias_map_json(const std::vector<store::ModelAlias>& aliases);

/// One alias move: alias, from (null for a new alias), to, actor, at.
[[nodiscard]] boost::json::object alias_move_json(const store::AliasHistoryEntry& entry);

}  // namespace steward::api
