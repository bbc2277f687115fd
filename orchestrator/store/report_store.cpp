#include "orchestrator/store/report_store.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/row_helpers.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>
#include <string>

#define ORCH_STORE_REPORT_COLUMNS "id, run_id, step_id, model, model_version, period_label, created_at"
// The WHERE clauses of a filtered list: ?1 model, ?2 version, ?3 period, each ignored when null. With
// a model, `model = ?1` lets the reports_by_model index give the model's reports newest first.
#define ORCH_STORE_REPORT_REST " AND (?2 IS NULL OR model_version = ?2) AND (?3 IS NULL OR period_label = ?3)"
#define ORCH_STORE_REPORT_ANY " WHERE (?1 IS NULL OR model = ?1)" ORCH_STORE_REPORT_REST
#define ORCH_STORE_REPORT_OF_MODEL " WHERE model = ?1" ORCH_STORE_REPORT_REST
// The keyset bound (?6, ?7) on (created_at, id): the maximum when the list starts at the newest.
#define ORCH_STORE_REPORT_ORDER \
    " AND (created_at, id) < (?6, ?7) ORDER BY created_at DESC, id DESC LIMIT ?4 OFFSET ?5"
#define ORCH_STORE_REPORT_LIST_OF_MODEL \
    "SELECT " ORCH_STORE_REPORT_COLUMNS " FROM reports" ORCH_STORE_REPORT_OF_MODEL ORCH_STORE_REPORT_ORDER
#define ORCH_STORE_REPORT_LIST_ANY \
    "SELECT " ORCH_STORE_REPORT_COLUMNS " FROM reports" ORCH_STORE_REPORT_ANY ORCH_STORE_REPORT_ORDER

namespace steward::store {
namespace {

using boost::system::result;

Report read_summary(const Statement& st) {
    Report report;
    report.id = st.int64(0);
    report.run_id = st.optional_int64(1);
    report.step_id = st.optional_text(2);
    report.model = st.optional_text(3);
    report.model_version = st.optional_text(4);
    report.period_label = st.text(5);
    report.created_at = st.int64(6);
    report.report_json.clear();
    return report;
}

// SQLite has no NaN: it stores NaN as NULL. Map both ways explicitly.
std::optional<double> to_column(double value) {
    return std::isnan(value) ? std::nullopt : std::optional<double>(value);
}

double from_column(const std::optional<double>& value) {
    return value.value_or(std::numeric_limits<double>::quiet_NaN());
}

}  // namespace

result<std::vector<Report>> ReportStore::list(const ReportFilter& filter) {
    if (!detail::valid_page(filter.limit, filter.offset, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    std::vector<Report> reports;
    std::int64_t created_bound = INT64_MAX;
    std::int64_t id_bound = INT64_MAX;
    if (filter.before) {
        auto cursor = db_->statement("SELECT created_at FROM reports WHERE id = ?1");
        cursor->bind_all(*filter.before);
        if (!cursor->step()) {
            return reports;
        }
        created_bound = cursor->int64(0);
        id_bound = *filter.before;
    }
    {
        auto st = filter.model ? db_->statement(ORCH_STORE_REPORT_LIST_OF_MODEL)
                               : db_->statement(ORCH_STORE_REPORT_LIST_ANY);
        st->bind_all(filter.model, filter.model_version, filter.period_label, filter.limit, filter.offset,
                     created_bound, id_bound);
        while (st->step()) {
            reports.push_back(read_summary(*st));
        }
    }
    load_headline_figures(reports);
    return reports;
}

void ReportStore::load_headline_figures(std::vector<Report>& reports) {
    auto figure = db_->statement("SELECT value FROM report_figures WHERE report_id = ?1 AND name = ?2");
    for (Report& report : reports) {
        for (const std::string_view name : kHeadlineFigures) {
            figure->bind_all(report.id, name);
            if (figure->step()) {
                report.figures.emplace_back(std::string(name), from_column(figure->optional_real(0)));
            }
            figure->reset();
        }
    }
}

std::optional<Report> ReportStore::previous_for_model(std::string_view model, const Report& latest) {
    std::vector<Report> previous;
    {
        auto st = db_->statement("SELECT " ORCH_STORE_REPORT_COLUMNS
                                 " FROM reports INDEXED BY reports_by_model_period WHERE model = ?1 AND "
                                 "(period_label, created_at, id) < (?2, ?3, ?4) "
                                 "ORDER BY period_label DESC, created_at DESC, id DESC LIMIT 1");
        st->bind_all(model, latest.period_label, latest.created_at, latest.id);
        if (st->step()) {
            previous.push_back(read_summary(*st));
        }
    }
    if (previous.empty()) {
        return std::nullopt;
    }
    load_headline_figures(previous);
    return std::move(previous.front());
}

std::optional<double> ReportStore::figure(RowId report_id, std::string_view name) {
    auto st = db_->statement("SELECT value FROM report_figures WHERE report_id = ?1 AND name = ?2");
    st->bind_all(report_id, name);
    if (!st->step()) {
        return std::nullopt;
    }
    return from_column(st->optional_real(0));
}

std::string ReportStore::list_sql(const ReportFilter& filter) {
    return filter.model ? ORCH_STORE_REPORT_LIST_OF_MODEL : ORCH_STORE_REPORT_LIST_ANY;
}

std::int64_t ReportStore::count(const ReportFilter& filter) {
    auto st = filter.model ? db_->statement("SELECT count(*) FROM reports" ORCH_STORE_REPORT_OF_MODEL)
                           : db_->statement("SELECT count(*) FROM reports" ORCH_STORE_REPORT_ANY);
    st->bind_all(filter.model, filter.model_version, filter.period_label);
    return st->step() ? st->int64(0) : 0;
}

std::optional<Report> ReportStore::latest_for_model(std::string_view model) {
    ReportFilter filter;
    filter.model = std::string(model);
    filter.limit = 1;
    auto page = list(filter);
    if (!page || page->empty()) {
        return std::nullopt;
    }
    return std::move(page->front());
}

result<RowId> ReportStore::save(const Report& report) {
    if (report.period_label.empty() || (report.model && !parse_model_name(*report.model))) {
        return Errc::invalid_argument;
    }
    std::set<std::string_view> names;
    for (const auto& [name, value] : report.figures) {
        if (name.empty() || !names.insert(name).second) {
            return Errc::invalid_argument;
        }
    }
    Transaction tx(*db_);
    auto st = db_->statement(
        "INSERT INTO reports (run_id, step_id, model, model_version, period_label, created_at, report_json) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st->bind_all(report.run_id, report.step_id, report.model, report.model_version, report.period_label,
                 report.created_at, report.report_json);
    st->run();
    const RowId id = db_->last_insert_rowid();
    auto figure = db_->statement("INSERT INTO report_figures (report_id, name, value) VALUES (?1, ?2, ?3)");
    for (const auto& [name, value] : report.figures) {
        figure->bind_all(id, name, to_column(value));
        figure->run();
        figure->reset();
    }
    tx.commit();
    return id;
}

result<Report> ReportStore::get(RowId id) {
    Report report;
    {
        auto st =
            db_->statement("SELECT " ORCH_STORE_REPORT_COLUMNS ", report_json FROM reports WHERE id = ?1");
        st->bind_all(id);
        if (!st->step()) {
            return Errc::not_found;
        }
        report = read_summary(*st);
        report.report_json = st->text(7);
    }
    auto st = db_->statement("SELECT name, value FROM report_figures WHERE report_id = ?1 ORDER BY name");
    st->bind_all(id);
    while (st->step()) {
        report.figures.emplace_back(st->text(0), from_column(st->optional_real(1)));
    }
    return report;
}

std::vector<Report> ReportStore::list_for_run(RowId run_id) {
    auto st =
        db_->statement("SELECT " ORCH_STORE_REPORT_COLUMNS " FROM reports WHERE run_id = ?1 ORDER BY id");
    st->bind_all(run_id);
    std::vector<Report> reports;
    while (st->step()) {
        reports.push_back(read_summary(*st));
    }
    return reports;
}

result<std::vector<TrendPoint>> ReportStore::trend(std::string_view model, std::string_view figure,
                                                   int last_n) {
    if (!parse_model_name(model) || figure.empty() || !detail::valid_page(last_n, 0, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    // Walks reports_by_model backwards from the newest report and probes the figure by primary key.
    auto st = db_->statement(
        "SELECT r.id, r.period_label, r.model_version, r.created_at, f.value FROM reports r "
        "JOIN report_figures f ON f.report_id = r.id AND f.name = ?2 "
        "WHERE r.model = ?1 ORDER BY r.created_at DESC, r.id DESC LIMIT ?3");
    st->bind_all(model, figure, last_n);
    std::vector<TrendPoint> points;
    while (st->step()) {
        points.push_back({st->int64(0), st->text(1), st->optional_text(2), st->int64(3),
                          from_column(st->optional_real(4))});
    }
    std::reverse(points.begin(), points.end());
    return points;
}

result<std::vector<std::string>> ReportStore::figure_names(std::string_view model) {
    if (!parse_model_name(model)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "SELECT DISTINCT f.name FROM reports r JOIN report_figures f ON f.report_id = r.id "
        "WHERE r.model = ?1 ORDER BY f.name");
    st->bind_all(model);
    std::vector<std::string> names;
    while (st->step()) {
        names.push_back(st->text(0));
    }
    return names;
}

}  // namespace steward::store
