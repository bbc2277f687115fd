// Aggregate Livy source of report steps: the generated pyspark statement and its output.

#include "orchestrator/engine/report_livy_aggregate.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <limits>

namespace steward::engine::detail {

namespace json = boost::json;

namespace {

std::string py(std::string_view text) {
    return json::serialize(json::string(text));
}

std::string py_list(const std::vector<std::string>& items) {
    std::string out = "[";
    for (const auto& item : items) {
        out += (out.size() > 1 ? ", " : "") + py(item);
    }
    return out + "]";
}

// Helpers defined in the session (prefixed, so steps sharing a session do not collide).
constexpr const char* kHelpers = R"py(import math as _st_math
def _st_finite(c):
    return _st_col(c).isNotNull() & ~_st_F.isnan(_st_col(c)) & (_st_F.abs(_st_col(c)) != float("inf"))
def _st_bins(ref, cur, n_ref_all, n_cur_all, c, qs):
    if c not in ref.columns or c not in cur.columns:
        raise KeyError("column '" + c + "' is missing from the " + ("reference" if c not in ref.columns else "scored data"))
    rf = ref.where(_st_finite(c))
    cf = cur.where(_st_finite(c))
    n_ref = rf.count()
    n_cur = cf.count()
    edges = []
    if n_ref > 0:
        q = "percentile(`" + c.replace("`", "``") + "`, array(" + ", ".join(repr(x) for x in qs) + "))"
        edges = sorted(set(rf.select(_st_F.expr(q)).first()[0]))
    b = _st_F.lit(len(edges))
    for i in reversed(range(len(edges))):
        b = _st_F.when(_st_col(c) <= edges[i], i).otherwise(b)
    def counts(df):
        got = dict((r[0], r[1]) for r in df.select(b.alias("b")).groupBy("b").count().collect())
        return [int(got.get(i, 0)) for i in range(len(edges) + 1)]
    return {"name": c, "edges": edges, "reference": counts(rf), "current": counts(cf),
            "reference_missing": n_ref_all - n_ref, "current_missing": n_cur_all - n_cur}
def _st_groups(cur, label, score):
    ok = (_st_col(label).isNotNull() & ~_st_F.isnan(_st_col(label)) &
          _st_col(score).isNotNull() & ~_st_F.isnan(_st_col(score)))
    used = cur.where(ok)
    bad = used.where(~_st_col(label).isin(0.0, 1.0)).count()
    rows = used.groupBy(_st_col(score).alias("s")).agg(
        _st_F.sum(_st_col(label)).alias("e"), _st_F.sum(1 - _st_col(label)).alias("n")).collect()
    enc = lambda s: s if _st_math.isfinite(s) else ("inf" if s > 0 else "-inf")
    return bad, int(sum(r[1] + r[2] for r in rows)), [[enc(r[0]), int(r[1]), int(r[2])] for r in rows]
)py";

const json::value* member(const json::object& o, std::string_view key) {
    return o.if_contains(key);
}

bool count_of(const json::value* v, std::uint64_t& out) {
    if (v == nullptr || !v->is_number()) {
        return false;
    }
    const double d = v->to_number<double>();
    if (!(d >= 0) || d > 9.0e15 || d != static_cast<double>(static_cast<std::uint64_t>(d))) {
        return false;
    }
    out = static_cast<std::uint64_t>(d);
    return true;
}

bool counts_of(const json::value* v, std::vector<std::uint64_t>& out) {
    if (v == nullptr || !v->is_array()) {
        return false;
    }
    for (const auto& item : v->get_array()) {
        std::uint64_t c = 0;
        if (!count_of(&item, c)) {
            return false;
        }
        out.push_back(c);
    }
    return true;
}

/// A score of the groups: a number, or "inf" / "-inf".
bool score_of(const json::value& v, double& out) {
    if (v.is_number()) {
        out = v.to_number<double>();
        return true;
    }
    if (v.is_string() && (v.get_string() == "inf" || v.get_string() == "-inf")) {
        out = (v.get_string() == "inf" ? 1 : -1) * std::numeric_limits<double>::infinity();
        return true;
    }
    return false;
}

std::variant<reports::BinnedCounts, std::string> binned_of(const json::value& v) {
    reports::BinnedCounts out;
    const auto* o = v.if_object();
    const json::value* name = o != nullptr ? member(*o, "name") : nullptr;
    const json::value* edges = o != nullptr ? member(*o, "edges") : nullptr;
    if (name == nullptr || !name->is_string() || edges == nullptr || !edges->is_array() ||
        !counts_of(member(*o, "reference"), out.reference_counts) ||
        !counts_of(member(*o, "current"), out.current_counts) ||
        !count_of(member(*o, "reference_missing"), out.missing.reference) ||
        !count_of(member(*o, "current_missing"), out.missing.current)) {
        return std::string(
            "a feature's counts are not {\"name\", \"edges\", \"reference\", \"current\", "
            "\"reference_missing\", \"current_missing\"}");
    }
    out.name = std::string(name->get_string());
    for (const auto& edge : edges->get_array()) {
        if (!edge.is_number()) {
            return "an edge of '" + out.name + "' is not a number";
        }
        out.edges.push_back(edge.to_number<double>());
    }
    return out;
}

}  // namespace

std::string aggregate_code(const AggregatePlan& plan) {
    const std::string& p = plan.prefix;
    std::string code = python_loader() + kHelpers;
    code += p + "_cur = " + load_call(plan.scored) + "\n";
    code += p + "_out = {\"scored_rows\": " + p + "_cur.count(), \"score\": None}\n";
    if (!plan.label.empty()) {
        code += p + "_bad, " + p + "_used, " + p + "_out[\"groups\"] = _st_groups(" + p + "_cur, " +
                py(plan.label) + ", " + py(plan.score) + ")\n";
        code += p + "_out[\"bad_labels\"] = " + p + "_bad\n";
        code += p + "_out[\"skipped\"] = " + p + "_out[\"scored_rows\"] - " + p + "_used\n";
    }
    if (!plan.reference.location.empty()) {
        code += p + "_ref = " + load_call(plan.reference) + "\n";
        code += p + "_out[\"reference_rows\"] = " + p + "_ref.count()\n";
        code += p + "_qs = [k / " + std::to_string(plan.bins) + " for k in range(1, " +
                std::to_string(plan.bins) + ")]\n";
        code += p + "_out[\"features\"] = [_st_bins(" + p + "_ref, " + p + "_cur, " + p +
                "_out[\"reference_rows\"], " + p + "_out[\"scored_rows\"], c, " + p + "_qs) for c in " +
                py_list(plan.features) + "]\n";
        if (!plan.score.empty()) {
            code += "if " + py(plan.score) + " in " + p + "_ref.columns:\n    " + p +
                    "_out[\"score\"] = _st_bins(" + p + "_ref, " + p + "_cur, " + p +
                    "_out[\"reference_rows\"], " + p + "_out[\"scored_rows\"], " + py(plan.score) + ", " + p +
                    "_qs)\n";
        }
    }
    code += "%json " + p + "_out";
    return code;
}

std::variant<reports::AggregateInput, std::string> parse_aggregates(const json::value& output,
                                                                    const AggregatePlan& plan) {
    const auto* o = output.if_object();
    reports::AggregateInput in;
    in.scored_source = plan.scored.location;
    in.reference_source = plan.reference.location;
    std::uint64_t n = 0;
    if (o == nullptr || !count_of(member(*o, "scored_rows"), n)) {
        return std::string("the aggregates have no \"scored_rows\" count");
    }
    in.scored_rows = n;
    if (!plan.label.empty()) {
        std::uint64_t bad = 0;
        std::uint64_t skipped = 0;
        const json::value* groups = member(*o, "groups");
        if (!count_of(member(*o, "bad_labels"), bad) || !count_of(member(*o, "skipped"), skipped) ||
            groups == nullptr || !groups->is_array()) {
            return std::string("the aggregates have no \"groups\", \"bad_labels\" and \"skipped\"");
        }
        if (bad > 0) {
            return std::to_string(bad) + " rows of '" + plan.scored.location + "' have a label '" +
                   plan.label +
                   "' other than 0 or 1 (a numeric target needs task: regression, which needs the rows)";
        }
        std::vector<double> scores;
        std::vector<double> events;
        std::vector<double> nonevents;
        for (const auto& g : groups->get_array()) {
            const auto* triple = g.if_array();
            double s = 0;
            std::uint64_t e = 0;
            std::uint64_t ne = 0;
            if (triple == nullptr || triple->size() != 3 || !score_of((*triple)[0], s) ||
                !count_of(&(*triple)[1], e) || !count_of(&(*triple)[2], ne)) {
                return std::string("a score group is not [score, events, non-events]");
            }
            scores.push_back(s);
            events.push_back(static_cast<double>(e));
            nonevents.push_back(static_cast<double>(ne));
        }
        auto built = reports::groups_from_counts(scores, events, nonevents);
        if (!built) {
            return built.error().message;
        }
        in.groups = std::move(*built);
        in.rows_skipped = skipped;
    }
    if (!plan.reference.location.empty()) {
        const json::value* features = member(*o, "features");
        if (!count_of(member(*o, "reference_rows"), n) || features == nullptr || !features->is_array()) {
            return std::string("the aggregates have no \"reference_rows\" and \"features\"");
        }
        in.reference_rows = n;
        for (const auto& f : features->get_array()) {
            auto binned = binned_of(f);
            if (auto* error = std::get_if<std::string>(&binned)) {
                return *error;
            }
            in.features.push_back(std::get<reports::BinnedCounts>(std::move(binned)));
        }
        if (const json::value* score = member(*o, "score"); score != nullptr && !score->is_null()) {
            auto binned = binned_of(*score);
            if (auto* error = std::get_if<std::string>(&binned)) {
                return *error;
            }
            in.score = std::get<reports::BinnedCounts>(std::move(binned));
        } else if (!plan.score.empty()) {
            in.warnings.push_back("the reference has no '" + plan.score +
                                  "' column: output stability (score PSI) not computed");
        }
    }
    return in;
}

}  // namespace steward::engine::detail
