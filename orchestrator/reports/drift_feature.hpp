#pragma once

#include "orchestrator/reports/drift.hpp"

// Internal to the drift implementation: one function per feature kind. Inputs are assumed
// validated by drift.cpp (options in range); categorical codes are checked here.

namespace steward::reports::drift_detail {

/// Numeric drift (never fails). Sorting uses `sort_threads` threads.
FeatureDrift numeric_drift(const DriftInput& input, const DriftOptions& options, unsigned sort_threads);

/// Categorical drift. Fails when a code is outside its dictionary (message names feature,
/// sample, row and code).
Result<FeatureDrift> categorical_drift(const DriftInput& input, const DriftOptions& options);

/// Fills psi and js_distance of `out` from out.bins, or gives them a reason when a sample is
/// empty. Shared by both kinds.
void fill_binned_figures(FeatureDrift& out, const DriftOptions& options);

}  // namespace steward::reports::drift_detail
