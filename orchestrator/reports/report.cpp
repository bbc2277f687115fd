#include "orchestrator/reports/report.hpp"

#include "orchestrator/reports/drift_sort.hpp"
#include "orchestrator/reports/parallel.hpp"
#include "orchestrator/reports/score_groups.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <latch>
#include <map>

namespace steward::reports {
namespace {

const char* kind_name(ColumnKind k) {
    switch (k) {
        case ColumnKind::numeric: return "numeric";
        case ColumnKind::binary: return "a 0/1 label";
        case ColumnKind::categorical: return "categorical";
    }
    return "?";
}

// Adds a request unless the same name is already requested with the same kind.
std::optional<ReportError> add_request(std::vector<ColumnRequest>& out, ColumnRequest want) {
    for (ColumnRequest& have : out) {
        if (have.name != want.name) {
            continue;
        }
        if (have.kind != want.kind) {
            return ReportError{"column '" + want.name + "' is used both as " + kind_name(have.kind) +
                               " and as " + kind_name(want.kind)};
        }
        have.required = have.required || want.required;
        return std::nullopt;
    }
    out.push_back(std::move(want));
    return std::nullopt;
}

struct Rows {
    std::vector<std::size_t> index;  // rows of one population; empty vector + all=true: every row
    bool all = true;
};

// The values of `col` restricted to `rows` (a copy only when it is a subset).
std::span<const double> select(const Column& col, const Rows& rows, std::vector<double>& buffer) {
    if (rows.all) {
        return {col.numbers.data(), col.numbers.size()};
    }
    buffer.resize(rows.index.size());
    for (std::size_t i = 0; i < rows.index.size(); ++i) {
        buffer[i] = col.numbers[rows.index[i]];
    }
    return buffer;
}

// `keep`, when given, receives the score groups of a binary report (for the score's drift).
Performance performance_of(const Table& scored, const ReportOptions& o, const Rows& rows, unsigned threads,
                           ScoreGroups* keep = nullptr) {
    Performance p;
    std::vector<double> label_buf;
    std::vector<double> score_buf;
    std::vector<double> pred_buf;
    const Column* label = scored.find(o.label);
    const std::span<const double> y = select(*label, rows, label_buf);
    if (o.task == Task::regression) {
        const Column* pred = scored.find(o.prediction.empty() ? o.score : o.prediction);
        const RegressionMetrics m = regression_metrics(y, select(*pred, rows, pred_buf));
        p.rows_used = m.n;
        p.rows_skipped = m.skipped;
        p.regression = m;
        return p;
    }
    const std::span<const double> s = select(*scored.find(o.score), rows, score_buf);
    std::size_t skipped = 0;
    ScoreGroups groups = group_scores(s, y, threads, skipped);
    BinaryPerformance b;
    b.metrics = binary_metrics(groups, o.threshold);
    if (!o.prediction.empty()) {
        const std::span<const double> pred = select(*scored.find(o.prediction), rows, pred_buf);
        Confusion c;
        for (std::size_t i = 0; i < y.size(); ++i) {
            if (std::isnan(y[i]) || std::isnan(pred[i])) {
                continue;
            }
            (y[i] == 1.0 ? (pred[i] == 1.0 ? c.tp : c.fn) : (pred[i] == 1.0 ? c.fp : c.tn)) += 1;
        }
        b.metrics.confusion = c;
        b.metrics.at_threshold = threshold_metrics(c);
        b.confusion_from_prediction = true;
    }
    b.scores_outside_unit = groups.size() > 0 && (groups.score.front() > 1 || groups.score.back() < 0);
    b.lift10 = lift_table(groups, 10);
    b.lift20 = lift_table(groups, 20);
    b.curve = chart_curve(groups);
    p.rows_used = static_cast<std::size_t>(groups.rows());
    p.rows_skipped = skipped;
    p.binary = std::move(b);
    if (keep != nullptr) {
        *keep = std::move(groups);
    }
    return p;
}

void add_performance_warnings(const Performance& p, const std::string& where,
                              std::vector<std::string>& warnings) {
    if (p.rows_skipped > 0) {
        warnings.push_back(where + std::to_string(p.rows_skipped) +
                           " rows without a label or score were left out of the metrics");
    }
    if (p.binary && !p.binary->metrics.undefined_reason.empty()) {
        warnings.push_back(where + "AUC, Gini and KS are undefined: " + p.binary->metrics.undefined_reason);
    }
    if (p.binary && p.binary->scores_outside_unit) {
        warnings.push_back(where + "scores outside [0, 1]: log loss and Brier assume probabilities");
    }
    if (p.regression && p.regression->mape_skipped_zero > 0) {
        warnings.push_back(where + std::to_string(p.regression->mape_skipped_zero) +
                           " rows with a zero target were left out of MAPE");
    }
}

// Splits by model version: rows per distinct version, in first-seen order, missing last.
std::vector<VersionPerformance> split_by_version(const Table& scored, const Column& version,
                                                 const ReportOptions& o, unsigned threads,
                                                 std::vector<std::string>& warnings) {
    std::vector<Rows> groups(version.categories.size() + 1);
    for (Rows& g : groups) {
        g.all = false;
    }
    for (std::size_t r = 0; r < version.codes.size(); ++r) {
        const std::uint32_t c = version.codes[r];
        groups[c == kMissingCode ? version.categories.size() : c].index.push_back(r);
    }
    std::vector<VersionPerformance> out;
    std::string mix;
    for (std::size_t v = 0; v < groups.size(); ++v) {
        if (groups[v].index.empty()) {
            continue;
        }
        VersionPerformance vp;
        if (v < version.categories.size()) {
            vp.version = version.categories[v];
        }
        vp.rows = groups[v].index.size();
        vp.performance = performance_of(scored, o, groups[v], threads);
        mix += (mix.empty() ? "" : ", ") + vp.version.value_or("(none)") + ": " + std::to_string(vp.rows);
        out.push_back(std::move(vp));
    }
    if (out.size() > 1) {
        warnings.push_back("the scored data mixes " + std::to_string(out.size()) + " model versions in '" +
                           version.name + "' (" + mix + " rows); see the per-version figures");
    }
    return out;
}

DriftInput drift_input(const std::string& name, const Column& cur, const Column& ref) {
    DriftInput in;
    in.name = name;
    if (cur.kind == ColumnKind::categorical) {
        in.kind = DriftKind::categorical;
        in.current_categories = {{cur.codes.data(), cur.codes.size()}, cur.categories};
        in.reference_categories = {{ref.codes.data(), ref.codes.size()}, ref.categories};
    } else {
        in.kind = DriftKind::numeric;
        in.current_values = {cur.numbers.data(), cur.numbers.size()};
        in.reference_values = {ref.numbers.data(), ref.numbers.size()};
    }
    return in;
}

// Counts a latch down when it goes out of scope (also when the work before it throws), so that
// a task waiting for that work never hangs.
struct CountDownOnExit {
    std::latch& latch;
    explicit CountDownOnExit(std::latch& l) : latch{l} {}
    CountDownOnExit(const CountDownOnExit&) = delete;
    CountDownOnExit& operator=(const CountDownOnExit&) = delete;
    ~CountDownOnExit() { latch.count_down(); }
};

// `performance`: when given, computes the performance figures and fills `groups` (the score
// groups of the whole scored table); it runs alongside the drift, and the score's drift waits
// for it to reuse the metrics' sort.
Result<DriftReport> drift_of(const Table& scored, const Table& reference, const ReportOptions& o,
                             const std::function<void()>& performance, const ScoreGroups& groups,
                             unsigned threads, std::vector<std::string>& warnings) {
    std::vector<DriftInput> inputs;
    for (const ColumnRequest& c : drift_columns(o)) {
        inputs.push_back(drift_input(c.name, *scored.find(c.name), *reference.find(c.name)));
    }
    std::latch performance_done{1};
    std::function<void()> alongside;
    if (performance) {
        alongside = [&] {
            const CountDownOnExit done{performance_done};
            performance();
        };
    }
    std::optional<DriftInput> score;
    if (!o.score.empty() && o.task == Task::binary) {
        const Column* ref_score = reference.find(o.score);
        const Column* cur_score = scored.find(o.score);
        if (ref_score != nullptr && cur_score != nullptr) {
            score = drift_input(o.score, *cur_score, *ref_score);
            if (performance) {
                // The metrics sort every score already; their groups are the sorted sample
                // when no row was left out of them.
                score->sorted_current = [&groups, &performance_done, cur_score] {
                    performance_done.wait();
                    if (static_cast<std::size_t>(groups.rows()) == cur_score->size()) {
                        return expand_sorted_finite(groups);
                    }
                    std::uint64_t missing = 0;
                    return sorted_finite_with_sentinel({cur_score->numbers.data(), cur_score->size()},
                                                       missing);
                };
            }
        } else {
            warnings.push_back("the reference has no '" + o.score +
                               "' column: output stability (score PSI) not computed");
        }
    }
    DriftOptions d;
    d.bins = o.drift_bins;
    d.threads = threads;
    return compute_drift(inputs, score ? &*score : nullptr, d, alongside);
}

}  // namespace

std::vector<ColumnRequest> drift_columns(const ReportOptions& o) {
    std::vector<ColumnRequest> out;
    const auto listed = [&out](const std::string& name) {
        return std::any_of(out.begin(), out.end(),
                           [&name](const ColumnRequest& c) { return c.name == name; });
    };
    for (const std::string& f : o.features) {
        if (!listed(f)) {
            const bool categorical =
                std::find(o.categorical.begin(), o.categorical.end(), f) != o.categorical.end();
            out.push_back({f, categorical ? ColumnKind::categorical : ColumnKind::numeric, true});
        }
    }
    for (const std::string& f : o.categorical) {
        if (!listed(f)) {
            out.push_back({f, ColumnKind::categorical, true});
        }
    }
    return out;
}

Result<std::vector<ColumnRequest>> scored_columns(const ReportOptions& o, bool with_reference) {
    std::vector<ColumnRequest> out;
    const bool performance = !o.label.empty();
    if (!performance && !with_reference) {
        return ReportError{
            "nothing to compute: give --label and --score for performance, "
            "or --reference for drift"};
    }
    if (performance && o.score.empty() && (o.task == Task::binary || o.prediction.empty())) {
        return ReportError{"--label needs --score (the model's output)"};
    }
    const ColumnKind target = o.task == Task::binary ? ColumnKind::binary : ColumnKind::numeric;
    std::vector<ColumnRequest> wanted;
    if (performance) {
        wanted.push_back({o.label, target, true});
    }
    if (!o.score.empty()) {
        wanted.push_back({o.score, ColumnKind::numeric, true});
    }
    if (!o.prediction.empty()) {
        wanted.push_back({o.prediction, target, true});
    }
    if (with_reference) {
        for (ColumnRequest& c : drift_columns(o)) {
            wanted.push_back(std::move(c));
        }
    }
    if (performance) {
        const bool explicit_version = !o.version_column.empty();
        wanted.push_back({explicit_version ? o.version_column : kDefaultVersionColumn,
                          ColumnKind::categorical, explicit_version});
    }
    for (ColumnRequest& w : wanted) {
        const bool optional = !w.required;
        if (auto e = add_request(out, std::move(w)); e && !optional) {
            return *e;  // an optional request (the default version column) just yields
        }
    }
    return out;
}

std::vector<ColumnRequest> reference_columns(const ReportOptions& o) {
    std::vector<ColumnRequest> out = drift_columns(o);
    if (!o.score.empty() && o.task == Task::binary) {
        add_request(out, {o.score, ColumnKind::numeric, false});
    }
    return out;
}

Result<Report> build_report(const Table& scored, const Table* reference, const ReportOptions& o) {
    if (!std::isfinite(o.threshold)) {
        return ReportError{"the threshold must be a finite number"};
    }
    if (o.drift_bins < 2 || o.drift_bins > kMaxDriftBins) {
        return ReportError{"--bins must be between 2 and " + std::to_string(kMaxDriftBins)};
    }
    auto requests = scored_columns(o, reference != nullptr);
    if (!requests) {
        return requests.error();
    }
    for (const ColumnRequest& r : *requests) {
        const Column* c = scored.find(r.name);
        if (r.required && (c == nullptr || c->kind != r.kind)) {
            return ReportError{scored.source + ": column '" + r.name + "' is missing or not " +
                               kind_name(r.kind)};
        }
    }
    if (reference != nullptr) {
        for (const ColumnRequest& r : reference_columns(o)) {
            const Column* c = reference->find(r.name);
            if (r.required && (c == nullptr || c->kind != r.kind)) {
                return ReportError{reference->source + ": column '" + r.name + "' is missing or not " +
                                   kind_name(r.kind)};
            }
        }
    }
    const unsigned threads = o.threads == 0 ? worker_threads() : o.threads;
    Report report;
    report.task = o.task;
    report.scored_source = scored.source;
    report.scored_rows = scored.rows;
    report.threshold = o.threshold;
    // With a reference, the performance figures are computed on the drift's threads, alongside
    // the features' drift (one task among theirs, on one thread); without, on all threads.
    ScoreGroups groups;
    std::vector<std::string> drift_warnings;  // listed after the performance warnings
    const auto performance = [&](unsigned performance_threads) {
        report.performance = performance_of(scored, o, Rows{}, performance_threads, &groups);
    };
    if (reference != nullptr) {
        report.reference_source = reference->source;
        report.reference_rows = reference->rows;
        std::function<void()> alongside;
        if (!o.label.empty()) {
            alongside = [&] { performance(1); };
        }
        auto drift = drift_of(scored, *reference, o, alongside, groups, threads, drift_warnings);
        if (!drift) {
            return drift.error();
        }
        report.drift = std::move(*drift);
    } else if (!o.label.empty()) {
        performance(threads);
    }
    if (report.performance) {
        if (report.performance->rows_used == 0) {
            return ReportError{scored.source + ": no row has both a label and a score"};
        }
        add_performance_warnings(*report.performance, "", report.warnings);
        const std::string version_name = o.version_column.empty() ? kDefaultVersionColumn : o.version_column;
        if (const Column* version = scored.find(version_name);
            version != nullptr && version->kind == ColumnKind::categorical) {
            report.version_column = version_name;
            report.by_version = split_by_version(scored, *version, o, threads, report.warnings);
        }
    }
    report.warnings.insert(report.warnings.end(), drift_warnings.begin(), drift_warnings.end());
    return report;
}

}  // namespace steward::reports
