// Reports, listed: one page of stored reports filtered by model, version and period, newest
// first, with their headline figures (docs/api.md, "Reports").
#include "orchestrator/api/handlers.hpp"
#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/api/read_offload.hpp"
#include "orchestrator/api/registry_json.hpp"
#include "orchestrator/api/request_parsing.hpp"
#include "orchestrator/store/model_coordinates.hpp"
#include "orchestrator/store/read_pool.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/array.hpp>

namespace steward::api {
namespace json = boost::json;
namespace {

constexpr std::size_t kMaxFilterText = 200;

ApiResult<std::optional<std::string>> short_text_query(const Request& request, std::string_view name) {
    auto text = text_query(request, name);
    if (text && text->size() > kMaxFilterText) {
        return ApiError{Errc::invalid_param, "query parameter '" + std::string(name) + "' is longer than " +
                                                 std::to_string(kMaxFilterText) + " characters"};
    }
    return text;
}

}  // namespace

Response handle_list_reports(Context& context, const Request& request, const PathParams&) {
    store::ReportFilter filter;
    const auto paging = page_query(request, 50, true);
    if (!paging)
        return error_response(paging.error());
    filter.limit = paging->limit;
    filter.offset = paging->offset;
    filter.before = paging->before;
    auto model = short_text_query(request, "model");
    if (!model)
        return error_response(model.error());
    if (*model && !store::parse_model_name(**model)) {
        return error_response(Errc::invalid_param,
                              "query parameter 'model' must be group:artifact, got '" + **model + "'");
    }
    auto version = short_text_query(request, "version");
    if (!version)
        return error_response(version.error());
    auto period = short_text_query(request, "period");
    if (!period)
        return error_response(period.error());
    filter.model = std::move(*model);
    filter.model_version = std::move(*version);
    filter.period_label = std::move(*period);
    // The query and the JSON on the read pool: plain values only (docs/api.md, "Paging").
    return read_offloaded(context, "GET /api/reports", [wanted = std::move(filter)](store::ReadView view) {
        const auto page = view.reports.list(wanted);
        if (!page) {
            return error_response(ApiError{page.error(), "cannot list the reports"});
        }
        json::array reports;
        for (const store::Report& report : *page) {
            reports.push_back(report_summary_json(report));
        }
        const bool full = !page->empty() && page->size() == static_cast<std::size_t>(wanted.limit);
        const json::value next_offset = full && wanted.offset + wanted.limit <= kMaxListOffset
                                            ? json::value(wanted.offset + wanted.limit)
                                            : json::value(nullptr);
        const json::value next_before = full ? json::value(page->back().id) : json::value(nullptr);
        return json_response(200, json::object{{"reports", std::move(reports)},
                                               {"total", view.reports.count(wanted)},
                                               {"limit", wanted.limit},
                                               {"offset", wanted.offset},
                                               {"next_offset", next_offset},
                                               {"next_before", next_before}});
    });
}

}  // namespace steward::api
