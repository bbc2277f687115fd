#pragma once

#include "orchestrator/core/workflow_spec.hpp"

#include <string>

namespace steward::workflow {

/// Writes `spec` as a workflow file in normal form: keys in the documented order, strings double
/// quoted, durations in their largest exact unit, fields at their defaults left out. Loading the
/// result gives a spec equal to `spec` (positions aside). For showing the effective workflow (API,
/// UI) and for tests. Pure; thread-safe; does not throw for any spec the loader produces.
[[nodiscard]] std::string to_yaml(const core::WorkflowSpec& spec);

}  // namespace steward::workflow
