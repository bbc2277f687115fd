#pragma once

#include <cstddef>
#include <span>

namespace steward::reports {

/// Regression figures over rows where both target and prediction are present.
struct RegressionMetrics {
    std::size_t n = 0;        ///< rows used
    std::size_t skipped = 0;  ///< rows left out for a missing (NaN) target or prediction
    double rmse = 0;
    double mae = 0;
    double r2 = 0;    ///< sklearn's force_finite rules: 1 if SS_res = SS_tot = 0, 0 if only SS_tot = 0
    double mape = 0;  ///< mean |e| / |y| over rows with y != 0, as a fraction
    std::size_t mape_skipped_zero = 0;  ///< rows with y == 0 left out of MAPE
    double bias = 0;                    ///< mean(prediction - target)
};

/// Computes RMSE, MAE, R2, MAPE (skipping zero targets) and bias in two passes (the mean
/// first, for a stable SS_tot). Spans must have equal length (else std::invalid_argument, a
/// programming error). n = 0 gives all zeros. Pure and thread-safe.
RegressionMetrics regression_metrics(std::span<const double> target, std::span<const double> prediction);

}  // namespace steward::reports
