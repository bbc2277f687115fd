#pragma once

// What the models dashboard shows beside a model's versions and latest report (docs/api.md,
// "Model registry"): its champion, the report before the latest, the open and overdue tasks of its
// workflows, the figure thresholds its workflow gates on and its health against them.

#include "orchestrator/api/context.hpp"
#include "orchestrator/core/gate_thresholds.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace steward::api {

/// The thresholds of the gates of the workflow version whose run registered `model`'s latest
/// (highest) version, with `params.X` from that run's params, else the workflow's defaults
/// (core::gate_thresholds). Empty when that version was registered outside a run or its workflow
/// no longer loads. Reads the store and `context.commands`; io_context thread.
[[nodiscard]] std::vector<core::FigureThreshold> model_thresholds(Context& context,
                                                                  const store::ModelName& model);

/// Thresholds as `[{"figure","op","value","source"}]`.
[[nodiscard]] boost::json::array thresholds_json(const std::vector<core::FigureThreshold>& thresholds);

/// The open tasks per workflow now (`TaskStore::open_by_workflow`), read once per request.
[[nodiscard]] std::map<std::string, store::OpenTaskCounts> open_tasks_now(Context& context);

/// Adds `champion`, `previous_report`, `open_tasks`, `overdue_tasks`, `thresholds`, `health` and
/// `breached` to a model's JSON, `latest` being its newest report (as `latest_report` shows it)
/// and `open` the open tasks per workflow (`open_tasks_now`). io_context thread.
void add_dashboard_fields(Context& context, const store::ModelName& model,
                          const std::optional<store::Report>& latest,
                          const std::map<std::string, store::OpenTaskCounts>& open,
                          boost::json::object& into);

}  // namespace steward::api
