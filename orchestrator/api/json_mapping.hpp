#pragma once

// Store records as the API's JSON (docs/api.md). Pure functions of their inputs.

#include "orchestrator/api/message.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::api {

/// Milliseconds since the epoch as ISO-8601 UTC with milliseconds ("2024-05-01T06:00:00.000Z").
[[nodiscard]] std::string iso_time(store::Millis at);

/// Stored JSON text as a value; text that does not parse (never written by the store) is kept
/// as a string so a response never fails on it.
[[nodiscard]] boost::json::value stored_json(std::string_view text);

/// A run without its steps: id, workflow, state, params, trigger, current_step, times, error,
/// rerun_of.
[[nodiscard]] boost::json::object run_json(const store::Run& run);

/// One step attempt with its Livy handle, if any.
[[nodiscard]] boost::json::object attempt_json(const store::StepExecution& exec,
                                               const std::vector<store::LivyHandle>& handles);

/// The steps of a run in the order they first began, each with `state` (of its latest attempt)
/// and `attempts`; `handles[i]` are the Livy handles of `execs[i]`.
[[nodiscard]] boost::json::array steps_json(const std::vector<store::StepExecution>& execs,
                                            const std::vector<std::vector<store::LivyHandle>>& handles);

/// A user task; `step_id` is the step it belongs to ("" if unknown).
[[nodiscard]] boost::json::object task_json(const store::UserTask& task, std::string_view step_id);

/// One history event.
[[nodiscard]] boost::json::object event_json(const store::Event& event);

/// A JSON response with `status`.
[[nodiscard]] Response json_response(int status, const boost::json::value& body);

}  // namespace steward::api
