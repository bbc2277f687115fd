#pragma once

// Workflow specs and their stored versions as the API's JSON (docs/api.md, "Workflows"). Pure
// functions of their inputs; thread-safe.

#include "orchestrator/core/workflow_spec.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <string>

namespace steward::api {

/// The params schema: one object per declared param, in file order, with `name`, `type`,
/// `required`, `description` ("" when none) and, when declared, `default`, `values` (the enum
/// or string choices) and `pattern`.
[[nodiscard]] boost::json::array params_json(const core::WorkflowSpec& spec);

/// The cron triggers: `cron` (as written), `zone` ("UTC" or "local"), `params` (the values the
/// trigger starts runs with) and `next_at`, the next fire time after `now` (ISO-8601 UTC, null
/// when the schedule never fires again).
[[nodiscard]] boost::json::array triggers_json(const core::WorkflowSpec& spec, std::chrono::sys_seconds now);

/// The steps in file order: `id`, `name` (null when none), `type`, `summary` (one line: the job
/// file, the task title, the channel...), `when` (the condition's text, null when none) and
/// `next`: every step id (or "end") the step may go to next.
[[nodiscard]] boost::json::array step_list_json(const core::WorkflowSpec& spec);

/// The one-line summary of a step (see `step_list_json`).
[[nodiscard]] std::string step_summary(const core::Step& step);

/// One stored version: `id`, `content_hash`, `created_at`, `current`, `runs`, `first_run_at`,
/// `last_run_at` (null when no run used it).
[[nodiscard]] boost::json::object version_json(const store::WorkflowDefinitionInfo& info, bool current);

}  // namespace steward::api
