#pragma once

// Internal to orch_engine: the aggregate Livy source of report steps. One pyspark statement has
// Spark compute exact counts (events and non-events per distinct score; per drift bin at the
// reference's exact quantiles) so that only counts travel back.

#include "orchestrator/engine/report_livy_paged.hpp"
#include "orchestrator/reports/aggregate_input.hpp"

#include <boost/json/value.hpp>

#include <string>
#include <variant>
#include <vector>

namespace steward::engine::detail {

/// What the aggregate statement computes.
struct AggregatePlan {
    LivyInput scored;     ///< its columns: label, score (double) and the features
    LivyInput reference;  ///< location empty without a reference; its columns: features, score
    std::string label;    ///< empty: drift only
    std::string score;
    std::vector<std::string> features;  ///< numeric features binned at the reference's quantiles
    std::size_t bins = 10;
    std::string prefix;  ///< Python name prefix ("_st_perf")
};

/// The pyspark code of `plan`, ending with `%json` of
/// `{"scored_rows", "skipped", "bad_labels", "groups": [[score, events, nonevents]...],
///   "reference_rows", "features": [{"name", "edges", "reference", "current",
///   "reference_missing", "current_missing"}...], "score": {...} or null}`
/// (a non-finite score is the string "inf" or "-inf"). Pure.
[[nodiscard]] std::string aggregate_code(const AggregatePlan& plan);

/// The counts of one statement output as reports input. Errors: a malformed output or labels
/// other than 0/1, in one sentence. Pure.
[[nodiscard]] std::variant<reports::AggregateInput, std::string> parse_aggregates(
    const boost::json::value& output, const AggregatePlan& plan);

}  // namespace steward::engine::detail
