#pragma once

#include "orchestrator/reports/big_buffer.hpp"
#include "orchestrator/reports/report_error.hpp"
#include "orchestrator/reports/stats_ks.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

// Drift of features and of the score between a reference sample and a current sample (issue 5).
// Definitions (docs/reports-drift.md): PSI over reference-quantile bins (ln, empty share 1e-4
// per side, right-closed bins, missing values dropped and counted); SAS's P1/P25 and output
// stability; Evidently's normed Wasserstein; scipy's JS distance, two-sample KS p-value,
// chi-square homogeneity test and Wasserstein-1.
// Every figure agrees with numpy 2.4 / scipy 1.17 to 1e-9 (p-values relative); the reference
// values come from tests/reports/drift_reference.py. Full definitions: docs/reports-drift.md.

namespace steward::reports {

/// A drift figure that can be undefined. Exactly one of `value` and `reason` is set: `reason`
/// says in plain words why the figure does not exist for this feature (e.g. an empty sample).
struct DriftFigure {
    std::optional<double> value;
    std::string reason;

    /// A defined figure.
    static DriftFigure of(double v) { return {v, {}}; }
    /// An undefined figure and why.
    static DriftFigure none(std::string why) { return {std::nullopt, std::move(why)}; }
};

/// How a feature is binned and tested.
enum class DriftKind {
    numeric,      ///< reference-quantile bins; KS, Wasserstein
    categorical,  ///< one bin per category seen in either sample; chi-square
};

/// A dictionary-encoded categorical sample. `codes[i]` indexes `dictionary`, or is
/// kMissingCode (table.hpp) for a missing value. The two samples of a feature may use different
/// dictionaries: categories are matched by their text.
struct CategoricalSample {
    std::span<const std::uint32_t> codes;
    std::span<const std::string> dictionary;
};

/// The two samples of one feature (or of the score). The spans are only read, and must stay
/// valid during the call. Numeric values that are NaN or ±infinity count as missing.
struct DriftInput {
    std::string name;
    DriftKind kind = DriftKind::numeric;
    std::span<const double> reference_values;  ///< numeric only
    std::span<const double> current_values;    ///< numeric only
    CategoricalSample reference_categories;    ///< categorical only
    CategoricalSample current_categories;      ///< categorical only
    /// Numeric only, optional: produces the finite values of `current_values` sorted ascending
    /// (−0.0 as +0.0) plus one +infinity sentinel, as sorted_finite_with_sentinel
    /// (drift_sort.hpp) returns them, for a caller that has them sorted already (the score).
    /// When set, it is called once, inside the feature's task (so its buffer lives only as long
    /// as that task), the current sample is not sorted again, and `current_values` only gives
    /// its size (missing values = size − sorted size). The caller guarantees that the two
    /// agree; the figures are then the same. Called from a worker thread.
    std::function<BigVector<double>()> sorted_current;
};

/// Tunables. The defaults are the documented definitions; change them knowingly.
struct DriftOptions {
    /// Number of quantile bins N for numeric features: inner edges at the reference's quantiles
    /// 1/N … (N−1)/N (SAS maxBins, default 10). Must be in [2, kMaxDriftBins].
    std::size_t bins = 10;
    /// Share used for an empty bin, on that side only, without renormalising (PSI only).
    double empty_share = 1e-4;
    /// P1 counts features whose PSI is strictly above this (SAS: 0.1).
    double moderate_psi = 0.1;
    /// P25 counts features whose PSI is strictly above this (SAS: 0.25).
    double significant_psi = 0.25;
    /// Floor of the reference standard deviation in `wasserstein_normed` (Evidently: 0.001).
    double std_floor = 0.001;
    /// Threads used for sorting and for features in parallel; 0 means 1.
    unsigned threads = 1;
};

/// Upper bound on DriftOptions::bins.
inline constexpr std::size_t kMaxDriftBins = 10000;

/// Missing values dropped from each sample.
struct MissingCounts {
    std::uint64_t reference = 0;
    std::uint64_t current = 0;
};

/// The bins a feature's PSI and JS distance were computed on.
struct DriftBins {
    /// Numeric: the de-duplicated inner edges e_1 < … < e_k; bin i is (e_i, e_{i+1}] with
    /// e_0 = −∞ and e_{k+1} = +∞, so there are k + 1 bins. Empty for categorical features.
    std::vector<double> edges;
    /// Categorical: the bin labels, reference dictionary order first, then categories new in
    /// the current sample. Only categories seen in either sample are bins.
    std::vector<std::string> categories;
    std::vector<std::uint64_t> reference_counts;  ///< per bin, missing values excluded
    std::vector<std::uint64_t> current_counts;    ///< per bin, missing values excluded

    /// Number of bins used.
    [[nodiscard]] std::size_t size() const { return reference_counts.size(); }
};

/// Drift of one feature. Figures that do not apply to the kind carry a reason.
struct FeatureDrift {
    std::string name;
    DriftKind kind = DriftKind::numeric;
    std::uint64_t reference_count = 0;  ///< non-missing values in the reference sample
    std::uint64_t current_count = 0;    ///< non-missing values in the current sample
    MissingCounts missing;
    DriftBins bins;
    DriftFigure psi;                       ///< Σ (a − e)·ln(a/e) over the bins, empty shares → 1e-4
    DriftFigure js_distance;               ///< scipy jensenshannon (base e) of the raw bin shares
    DriftFigure ks_statistic;              ///< numeric: scipy ks_2samp statistic on the raw values
    DriftFigure ks_pvalue;                 ///< numeric: ks_2samp(method='auto') p-value
    KsMethod ks_method = KsMethod::exact;  ///< how ks_pvalue was obtained, when it is defined
    DriftFigure chi2_pvalue;               ///< categorical: chi2_contingency on the 2×k bin counts
    DriftFigure wasserstein;               ///< numeric: scipy wasserstein_distance on the raw values
    DriftFigure wasserstein_normed;        ///< numeric: wasserstein / max(std_ref (ddof 0), std_floor)
};

/// The characteristic (inputs) and stability (score) summary, SAS style.
struct DriftSummary {
    std::size_t features = 0;               ///< features compared (the score excluded)
    std::size_t psi_above_moderate = 0;     ///< SAS P1: features with PSI > moderate_psi
    std::size_t psi_above_significant = 0;  ///< SAS P25: features with PSI > significant_psi
    std::size_t psi_undefined = 0;          ///< features whose PSI is undefined (empty sample)
    DriftFigure output_stability;           ///< the score's PSI ("output deviation index")
};

/// Drift of every feature, of the score if one was given, and the summary.
struct DriftReport {
    std::vector<FeatureDrift> features;  ///< in input order
    std::optional<FeatureDrift> score;
    DriftSummary summary;
};

/// Computes the drift of one feature. Errors (ReportError naming the feature, sample and row):
/// options out of range, a categorical code outside its dictionary. An empty sample is not an
/// error: the affected figures are undefined with a reason. Cost: two radix sorts and linear
/// passes for numeric features (exact KS p-value up to 10,000 values: O(n·m·D)); one counting
/// pass for categorical ones. Reentrant; uses up to `options.threads` threads for sorting.
Result<FeatureDrift> feature_drift(const DriftInput& input, const DriftOptions& options);

/// The SAS summary of computed drift: P1/P25 counts over `report.features` (thresholds from
/// `options`) and the score's PSI as output stability. Never fails; pure.
DriftSummary summarize_drift(const DriftReport& report, const DriftOptions& options);

/// Computes the drift of `features` and, when `score` is non-null, of the score (output
/// stability), plus the SAS summary. Features run in parallel on `options.threads` threads.
/// `alongside`, when given, is other work (the report's performance figures) run as the first
/// task on the same threads, so that it overlaps the drift instead of preceding it; the score's
/// task is then handed out last (its `sorted_current` may wait for `alongside`). Exceptions
/// from `alongside` propagate after all tasks have finished.
/// Errors: those of `feature_drift` (the first in input order), an empty or duplicate feature
/// name. Reentrant; blocks the calling thread until done.
Result<DriftReport> compute_drift(std::span<const DriftInput> features, const DriftInput* score,
                                  const DriftOptions& options, const std::function<void()>& alongside = {});

}  // namespace steward::reports
