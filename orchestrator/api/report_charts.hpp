#pragma once

// What the UI draws from a stored report (docs/api.md, "Reports"): ROC and KS curves, gains and
// lift, the confusion matrix at the report's threshold and the drift table, all pre-binned and
// bounded in size. Pure functions of the stored report JSON (docs/reports.md, "JSON output").

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>

namespace steward::api {

/// The most points a curve keeps in an API answer; reports store about 100 to 300.
inline constexpr std::size_t kMaxCurvePoints = 500;

/// `points` (an array of `{"fpr","tpr",...}` objects) thinned to at most `max_points` (>= 3): the
/// first, the last, the KS point (largest |tpr - fpr|) and points evenly spaced by index between.
/// Shorter arrays and non-arrays are returned unchanged.
[[nodiscard]] boost::json::value bounded_curve(const boost::json::value& points, std::size_t max_points);

/// `report` with `curves.roc` and `curves.ks` bounded by `bounded_curve`; the rest unchanged.
[[nodiscard]] boost::json::value bounded_report(boost::json::value report, std::size_t max_points);

/// The PSI bands of the drift table: above `kModeratePsi` a feature has moved (SAS P1), above
/// `kSignificantPsi` significantly (P25); the report's characteristic summary counts with the same.
inline constexpr double kModeratePsi = 0.1;
inline constexpr double kSignificantPsi = 0.25;

/// The charts of a stored report: `roc` and `ks` (bounded curves), `gains` (depth, cumulative
/// capture rate and lift per bin of the lift table), `lift` (the lift table), `confusion` (tn, fp,
/// fn, tp, threshold, source), `drift` (one row per feature with its PSI, its `band` and the other
/// figures, highest PSI first, an undefined PSI last), `score_psi`, `score_drift` (the score's
/// own drift row), `characteristic` (features, p1, p25, psi_undefined) and `psi_bands`
/// ({moderate, significant}). Each is null (an array: empty) when the report has no such part (a
/// regression report has no ROC; a report without reference data has no drift).
[[nodiscard]] boost::json::object report_charts(const boost::json::value& report, std::size_t max_points);

}  // namespace steward::api
