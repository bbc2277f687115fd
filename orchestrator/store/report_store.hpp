#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::store {

class Database;

/// Which reports `ReportStore::list` returns: every given field must match exactly.
struct ReportFilter {
    std::optional<std::string> model{};          ///< "group:artifact"
    std::optional<std::string> model_version{};  ///< "major.minor.build"
    std::optional<std::string> period_label{};
    int limit = 50;
    int offset = 0;
    /// Keyset paging: only reports listed after this one (the last id of the previous page) in
    /// the list's order (created_at, id, newest first); none when no report has this id.
    std::optional<RowId> before{};
};

/// The figures a report list shows for each report (when the report carries them).
inline constexpr std::array<std::string_view, 4> kHeadlineFigures{"gini", "ks", "auc", "score_psi"};

/// Performance reports: each stored whole as JSON, with its figures (ks, auc, psi, ...) extracted
/// into an indexed table so a figure's trend over a model's last N reports is one index range scan.
///
/// Error contract: SQLite failures, a foreign key to a missing run and malformed JSON throw
/// `StoreError`; input-dependent failures are `result` errors. Not thread-safe.
class ReportStore {
public:
    explicit ReportStore(Database& db) noexcept : db_(&db) {}

    /// Saves a report and its figures atomically and returns its id (`report.id` is ignored). A NaN
    /// figure (e.g. AUC with one class) is stored as null and read back as NaN.
    /// Errc::invalid_argument for an empty period label, a `model` that is not "group:artifact",
    /// or a figure name given twice.
    boost::system::result<RowId> save(const Report& report);
    /// The report with its figures; Errc::not_found.
    boost::system::result<Report> get(RowId id);
    /// Reports of a run, oldest first, without their JSON body or figures (summaries for lists).
    std::vector<Report> list_for_run(RowId run_id);
    /// One page of reports matching `filter`, newest first (created_at, then id), without their JSON
    /// body; `figures` holds only the `kHeadlineFigures` each carries. Errc::invalid_argument for a
    /// bad page (limit 1..1000, offset >= 0).
    boost::system::result<std::vector<Report>> list(const ReportFilter& filter);
    /// The SELECT `list` runs (?1 model, ?2 version, ?3 period, ?4 limit, ?5 offset, ?6 and ?7 the
    /// keyset bound on (created_at, id)): for EXPLAIN QUERY PLAN.
    static std::string list_sql(const ReportFilter& filter);
    /// How many reports match `filter` (its limit, offset and `before` are ignored).
    std::int64_t count(const ReportFilter& filter);
    /// The newest report of `model` as `list` gives it; nothing when the model has none.
    std::optional<Report> latest_for_model(std::string_view model);
    /// The report of `model` just before `latest` when the model's reports are ordered by period
    /// label, then created_at, then id (reports_by_model_period), as `list` gives it; nothing when
    /// `latest` is the first.
    std::optional<Report> previous_for_model(std::string_view model, const Report& latest);
    /// The figure `name` of report `report_id`: NaN when undefined, nothing when the report does
    /// not carry it.
    std::optional<double> figure(RowId report_id, std::string_view name);
    /// The figure `figure` of `model` ("group:artifact") over its last `last_n` reports (1..1000)
    /// that carry it, oldest first (ordered by created_at, then id). Errc::invalid_argument for a
    /// bad model or count.
    boost::system::result<std::vector<TrendPoint>> trend(std::string_view model, std::string_view figure,
                                                         int last_n);
    /// The names of the figures `model`'s reports carry (`ks`, `psi.age`, ...), sorted, each once.
    /// Errc::invalid_argument for a bad model.
    boost::system::result<std::vector<std::string>> figure_names(std::string_view model);

private:
    /// Fills each report's `figures` with the `kHeadlineFigures` it carries.
    void load_headline_figures(std::vector<Report>& reports);

    Database* db_;
};

}  // namespace steward::store
