// Paging of the list endpoints (docs/api.md, "Paging"): offsets are bounded (beyond 10,000 a 400
// that points at `before`), and the newest-first lists page by keyset with `before` and
// `next_before`, through the router as production requests go.
#include "orchestrator/api/router.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace api = steward::api;
namespace store = steward::store;
namespace json = boost::json;

namespace {

// Five runs, each with one completed task and one report (ids ascending = older first).
struct PagingFixture : api::test::AccessHarness {
    std::vector<store::RowId> runs;
    std::vector<store::RowId> tasks;
    std::vector<store::RowId> reports;

    PagingFixture() {
        commands.add_workflow("churn");
        const auto def = commands.known["churn"].definition_id;
        for (int i = 0; i < 5; ++i) {
            const std::int64_t at = std::int64_t{1000} * (i + 1);
            const store::RowId run = db.runs().create_run(def, "{}", "manual", at);
            runs.push_back(run);
            const auto exec = db.runs().begin_step(run, "approve", 1, at, store::StepState::waiting).value();
            store::UserTask t;
            t.run_id = run;
            t.step_exec_id = exec;
            t.title = "Approve " + std::to_string(i);
            t.assignees.roles = {"model_owner"};
            t.outcomes_json = R"(["approve"])";
            t.created_at = at;
            const store::RowId task = db.tasks().create(t).value();
            tasks.push_back(task);
            db.tasks().answer(task, {.outcome = "approve", .responder = "alice", .at = at + 1}).value();
            store::Report r;
            r.run_id = run;
            r.step_id = "perf";
            r.model = "risk:churn";
            r.model_version = "1.0." + std::to_string(i);
            r.period_label = "2026-0" + std::to_string(i + 1);
            r.created_at = at;
            r.report_json = "{}";
            reports.push_back(db.reports().save(r).value());
        }
    }

    json::value get(const std::string& target, int status = 200) {
        const api::Response response = call("GET", target);
        BOOST_TEST(response.status == status, target << ": " << response.body);
        return json::parse(response.body);
    }

    // The ids of `key`'s items, in the order listed.
    static std::vector<store::RowId> ids(const json::value& body, const char* key) {
        std::vector<store::RowId> out;
        for (const auto& item : body.at(key).as_array()) {
            out.push_back(item.at("id").as_int64());
        }
        return out;
    }
};

std::string message_of(const json::value& body) {
    return std::string(body.at("error").at("message").as_string());
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(paging, PagingFixture)

BOOST_AUTO_TEST_CASE(offsets_beyond_the_bound_are_refused_with_a_pointer_to_before) {
    for (const char* list : {"/api/tasks?state=completed&", "/api/runs?", "/api/reports?"}) {
        const auto refused = get(std::string(list) + "offset=1000000000&limit=1000", 400);
        BOOST_TEST(std::string(refused.at("error").at("code").as_string()) == "invalid_param");
        BOOST_TEST(message_of(refused) ==
                   "query parameter 'offset' must be at most 10000, got '1000000000'; page further with "
                   "'before' (the previous page's 'next_before')");
        BOOST_TEST(get(std::string(list) + "offset=10000").at("offset").as_int64() == 10000);
    }
    const auto models = get("/api/models?offset=10001", 400);
    BOOST_TEST(message_of(models) ==
               "query parameter 'offset' must be an integer from 0 to 10000, got '10001'");
    get("/api/models/risk:churn?offset=10001", 400);
}

BOOST_AUTO_TEST_CASE(runs_page_by_keyset) {
    const auto first = get("/api/runs?limit=2");
    BOOST_TEST(ids(first, "runs") == (std::vector<store::RowId>{runs[4], runs[3]}));
    BOOST_TEST(first.at("next_before").as_int64() == runs[3]);
    BOOST_TEST(first.at("next_offset").as_int64() == 2);
    const auto second = get("/api/runs?limit=2&before=" + std::to_string(runs[3]));
    BOOST_TEST(ids(second, "runs") == (std::vector<store::RowId>{runs[2], runs[1]}));
    const auto last = get("/api/runs?limit=2&before=" + std::to_string(runs[1]));
    BOOST_TEST(ids(last, "runs") == (std::vector<store::RowId>{runs[0]}));
    BOOST_TEST(last.at("next_before").is_null());
    BOOST_TEST(last.at("next_offset").is_null());
    const auto filtered = get("/api/runs?workflow=churn&limit=1&before=" + std::to_string(runs[2]));
    BOOST_TEST(ids(filtered, "runs") == (std::vector<store::RowId>{runs[1]}));
}

BOOST_AUTO_TEST_CASE(completed_tasks_page_by_keyset_and_count_them_all) {
    const auto first = get("/api/tasks?state=completed&limit=3");
    BOOST_TEST(ids(first, "tasks") == (std::vector<store::RowId>{tasks[4], tasks[3], tasks[2]}));
    BOOST_TEST(first.at("next_before").as_int64() == tasks[2]);
    BOOST_TEST(first.at("next_offset").as_int64() == 3);
    BOOST_TEST(first.at("total").as_int64() == 5);
    const auto second = get("/api/tasks?state=completed&limit=3&before=" + std::to_string(tasks[2]));
    BOOST_TEST(ids(second, "tasks") == (std::vector<store::RowId>{tasks[1], tasks[0]}));
    BOOST_TEST(second.at("next_before").is_null());
    BOOST_TEST(second.at("total").as_int64() == 5);
    const auto all = get("/api/tasks?state=all&limit=1&before=" + std::to_string(tasks[1]));
    BOOST_TEST(ids(all, "tasks") == (std::vector<store::RowId>{tasks[0]}));
    const auto by_deadline = get("/api/tasks?sort=deadline&before=3", 400);
    BOOST_TEST(message_of(by_deadline).find("cannot be combined with sort=deadline") != std::string::npos);
    get("/api/tasks?before=0", 400);
}

BOOST_AUTO_TEST_CASE(reports_page_by_keyset_in_their_order) {
    const auto first = get("/api/reports?model=risk:churn&limit=2");
    BOOST_TEST(ids(first, "reports") == (std::vector<store::RowId>{reports[4], reports[3]}));
    BOOST_TEST(first.at("next_before").as_int64() == reports[3]);
    const auto second = get("/api/reports?model=risk:churn&limit=2&before=" + std::to_string(reports[3]));
    BOOST_TEST(ids(second, "reports") == (std::vector<store::RowId>{reports[2], reports[1]}));
    const auto any = get("/api/reports?limit=5&before=" + std::to_string(reports[1]));
    BOOST_TEST(ids(any, "reports") == (std::vector<store::RowId>{reports[0]}));
    BOOST_TEST(any.at("next_before").is_null());
    BOOST_TEST(any.at("total").as_int64() == 5);
    const auto unknown = get("/api/reports?before=999999");
    BOOST_TEST(unknown.at("reports").as_array().empty());
}

BOOST_AUTO_TEST_SUITE_END()
