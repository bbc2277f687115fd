#include "orchestrator/reports/drift_feature.hpp"

#include "orchestrator/reports/stats_chi2.hpp"
#include "orchestrator/reports/table.hpp"

#include <string_view>
#include <unordered_map>
#include <vector>

namespace steward::reports::drift_detail {
namespace {

// Occurrences of each dictionary code in `sample`; missing codes are counted in `missing`.
Result<std::vector<std::uint64_t>> count_codes(const CategoricalSample& sample, std::string_view feature,
                                               std::string_view which, std::uint64_t& missing) {
    const std::size_t size = sample.dictionary.size();
    std::vector<std::uint64_t> counts(size, 0);
    missing = 0;
    for (std::size_t row = 0; row < sample.codes.size(); ++row) {
        const std::uint32_t code = sample.codes[row];
        if (code < size) {
            ++counts[code];
        } else if (code == kMissingCode) {
            ++missing;
        } else {
            return ReportError{"drift: feature '" + std::string(feature) + "', " + std::string(which) +
                               " sample, data row " + std::to_string(row + 1) + ": category code " +
                               std::to_string(code) + " is outside its dictionary of " +
                               std::to_string(size) + " entries"};
        }
    }
    return counts;
}

}  // namespace

Result<FeatureDrift> categorical_drift(const DriftInput& input, const DriftOptions& options) {
    FeatureDrift out;
    out.name = input.name;
    out.kind = DriftKind::categorical;
    constexpr const char* kNotNumeric = "not defined for categorical features";
    out.ks_statistic = DriftFigure::none(kNotNumeric);
    out.ks_pvalue = DriftFigure::none(kNotNumeric);
    out.wasserstein = DriftFigure::none(kNotNumeric);
    out.wasserstein_normed = DriftFigure::none(kNotNumeric);

    const CategoricalSample& ref = input.reference_categories;
    const CategoricalSample& cur = input.current_categories;
    auto ref_counts = count_codes(ref, input.name, "reference", out.missing.reference);
    if (!ref_counts) {
        return ref_counts.error();
    }
    auto cur_counts = count_codes(cur, input.name, "current", out.missing.current);
    if (!cur_counts) {
        return cur_counts.error();
    }

    // Union of the categories by text: reference dictionary order, then new current ones.
    std::vector<std::string_view> labels;
    std::vector<std::size_t> ref_bin(ref.dictionary.size());
    std::vector<std::size_t> cur_bin(cur.dictionary.size());
    const bool shared =
        ref.dictionary.data() == cur.dictionary.data() && ref.dictionary.size() == cur.dictionary.size();
    std::unordered_map<std::string_view, std::size_t> index;
    for (std::size_t i = 0; i < ref.dictionary.size(); ++i) {
        const auto [it, added] = index.try_emplace(ref.dictionary[i], labels.size());
        if (added) {
            labels.emplace_back(ref.dictionary[i]);
        }
        ref_bin[i] = it->second;
    }
    for (std::size_t j = 0; j < cur.dictionary.size(); ++j) {
        if (shared) {
            cur_bin[j] = ref_bin[j];
            continue;
        }
        const auto [it, added] = index.try_emplace(cur.dictionary[j], labels.size());
        if (added) {
            labels.emplace_back(cur.dictionary[j]);
        }
        cur_bin[j] = it->second;
    }
    std::vector<std::uint64_t> ref_union(labels.size(), 0);
    std::vector<std::uint64_t> cur_union(labels.size(), 0);
    for (std::size_t i = 0; i < ref_bin.size(); ++i) {
        ref_union[ref_bin[i]] += (*ref_counts)[i];
    }
    for (std::size_t j = 0; j < cur_bin.size(); ++j) {
        cur_union[cur_bin[j]] += (*cur_counts)[j];
    }
    for (std::size_t u = 0; u < labels.size(); ++u) {
        if (ref_union[u] + cur_union[u] > 0) {  // only categories seen in either sample
            out.bins.categories.emplace_back(labels[u]);
            out.bins.reference_counts.push_back(ref_union[u]);
            out.bins.current_counts.push_back(cur_union[u]);
            out.reference_count += ref_union[u];
            out.current_count += cur_union[u];
        }
    }

    fill_binned_figures(out, options);
    if (const auto test = chi2_homogeneity(out.bins.reference_counts, out.bins.current_counts)) {
        out.chi2_pvalue = DriftFigure::of(test->pvalue);
    } else {
        out.chi2_pvalue =
            DriftFigure::none(out.reference_count == 0 ? "the reference sample has no non-missing values"
                                                       : "the current sample has no non-missing values");
    }
    return out;
}

}  // namespace steward::reports::drift_detail
