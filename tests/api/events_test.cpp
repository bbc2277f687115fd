// The event stream's pieces without sockets: its parameters, the SSE message format, the store's
// feed query, and the route's gate (dispatch answers a stream only to a permitted caller).

#include "orchestrator/api/event_stream.hpp"
#include "orchestrator/api/router.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

namespace api = steward::api;
namespace store = steward::store;

namespace {

api::Request request(std::multimap<std::string, std::string> query,
                     std::map<std::string, std::string> headers = {}) {
    api::Request r;
    r.method = "GET";
    r.path = "/api/events";
    r.query = std::move(query);
    r.headers = std::move(headers);
    return r;
}

std::string error_of(const api::ApiResult<api::EventQuery>& result) {
    return result ? std::string() : result.error().message;
}

struct Feed : api::test::AccessHarness {
    store::RowId run1 = 0;
    store::RowId run2 = 0;
    Feed() {
        commands.add_workflow("churn");
        const auto def = commands.known["churn"].definition_id;
        run1 = db.runs().create_run(def, "{}", "manual", 1000);
        run2 = db.runs().create_run(def, "{}", "manual", 1000);
    }
    std::vector<store::RowId> ids(const store::EventFeedFilter& filter) {
        std::vector<store::RowId> out;
        for (const auto& e : db.runs().feed_events(filter).value()) {
            out.push_back(e.id);
        }
        return out;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(events)

BOOST_AUTO_TEST_CASE(the_cursor_comes_from_last_event_id_then_after_then_now) {
    BOOST_TEST(api::parse_event_query(request({}), 77).value().after == 77);
    BOOST_TEST(api::parse_event_query(request({{"after", "5"}}), 77).value().after == 5);
    BOOST_TEST(api::parse_event_query(request({{"after", "0"}}), 77).value().after == 0);
    BOOST_TEST(
        api::parse_event_query(request({{"after", "5"}}, {{"last-event-id", " 9 "}}), 77).value().after == 9);
    BOOST_TEST(
        error_of(api::parse_event_query(request({}, {{"last-event-id", "x"}}), 77)).find("'Last-Event-ID'") !=
        std::string::npos);
    BOOST_TEST(error_of(api::parse_event_query(request({{"after", "-3"}}), 77)).find("'-3'") !=
               std::string::npos);
    BOOST_TEST(error_of(api::parse_event_query(request({{"after", "1e3"}}), 77)).find("'after'") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(run_and_types_are_validated_naming_the_bad_value) {
    const auto q =
        api::parse_event_query(request({{"run", "12"}, {"types", "run, step.failed,task.*,run"}}), 0);
    BOOST_REQUIRE(q.has_value());
    BOOST_TEST(*q->run == 12);
    BOOST_TEST(q->families == (std::vector<std::string>{"run", "task"}), boost::test_tools::per_element());
    BOOST_TEST(q->types == (std::vector<std::string>{"step.failed"}), boost::test_tools::per_element());
    BOOST_TEST(error_of(api::parse_event_query(request({{"run", "0"}}), 0)).find("'run'") !=
               std::string::npos);
    const auto bad = error_of(api::parse_event_query(request({{"types", "run,stepp"}}), 0));
    BOOST_TEST(bad.find("'stepp'") != std::string::npos, bad);
    BOOST_TEST(error_of(api::parse_event_query(request({{"types", ""}}), 0)).find("''") != std::string::npos);
    BOOST_TEST(error_of(api::parse_event_query(request({{"types", "run,"}}), 0)).find("''") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_message_has_id_event_and_one_data_line) {
    store::Event event{
        42, 7, 3, 1'700'000'000'000, "step.failed", R"({"step":"train","error":"line 1\nline 2"})"};
    const std::string text = api::sse_message(event);
    const std::string head = "id: 42\nevent: step.failed\ndata: ";
    BOOST_REQUIRE(text.rfind(head, 0) == 0);
    BOOST_TEST(text.ends_with("\n\n"));
    const std::string data = text.substr(head.size(), text.size() - head.size() - 2);
    BOOST_TEST(data.find('\n') == std::string::npos);
    const auto json = boost::json::parse(data).as_object();
    BOOST_TEST(json.at("id").as_int64() == 42);
    BOOST_TEST(json.at("run").as_int64() == 7);
    BOOST_TEST(json.at("step").as_string() == "train");
    BOOST_TEST(json.at("type").as_string() == "step.failed");
    BOOST_TEST(json.at("at").as_string() == "2023-11-14T22:13:20.000Z");
    BOOST_TEST(json.at("payload").at("error").as_string() == "line 1\nline 2");
    const store::Event run_event{43, 7, std::nullopt, 0, "run.started", "{}"};
    BOOST_TEST(
        boost::json::parse(api::sse_message(run_event).substr(api::sse_message(run_event).find("data: ") + 6))
            .at("step")
            .is_null());
}

BOOST_AUTO_TEST_CASE(the_feed_reads_every_run_after_the_cursor_narrowed_by_run_and_types) {
    Feed f;
    const auto a = f.db.runs().append_event(f.run1, std::nullopt, 1, "run.started");
    const auto b = f.db.runs().append_event(f.run2, std::nullopt, 2, "run.started");
    const auto c = f.db.runs().append_event(f.run1, std::nullopt, 3, "task.opened");
    const auto d = f.db.runs().append_event(f.run2, std::nullopt, 4, "step.failed");
    const auto e = f.db.runs().append_event(f.run2, std::nullopt, 5, "livy.state");
    BOOST_TEST(f.db.runs().latest_event_id() == e);
    BOOST_TEST(f.ids({}) == (std::vector<store::RowId>{a, b, c, d, e}), boost::test_tools::per_element());
    BOOST_TEST(f.ids({.after_id = b}) == (std::vector<store::RowId>{c, d, e}),
               boost::test_tools::per_element());
    BOOST_TEST(f.ids({.after_id = 0, .limit = 2}) == (std::vector<store::RowId>{a, b}),
               boost::test_tools::per_element());
    BOOST_TEST(f.ids({.run_id = f.run2}) == (std::vector<store::RowId>{b, d, e}),
               boost::test_tools::per_element());
    BOOST_TEST(f.ids({.types = {"step.failed"}, .families = {"task"}}) == (std::vector<store::RowId>{c, d}),
               boost::test_tools::per_element());
    BOOST_TEST(f.ids({.run_id = f.run2, .families = {"run", "livy"}}) == (std::vector<store::RowId>{b, e}),
               boost::test_tools::per_element());
    BOOST_TEST(f.db.runs().feed_events({.limit = 0}).has_error());
}

BOOST_AUTO_TEST_CASE(the_route_needs_view_on_runs_before_a_stream_starts) {
    Feed f;
    const auto open = f.call("GET", "/api/events?types=run", {}, {}, "vera");
    BOOST_TEST(open.status == 200);
    BOOST_TEST(open.content_type == "text/event-stream");
    BOOST_TEST(open.stream != nullptr);
    const auto anonymous = f.anonymous("GET", "/api/events");
    BOOST_TEST(anonymous.status == 401);
    BOOST_TEST(anonymous.stream == nullptr);
    const auto bob = f.call("GET", "/api/events", {}, {}, "bob");
    BOOST_TEST(bob.status == 403);
    BOOST_TEST(bob.stream == nullptr);
    const auto narrow =
        f.call("GET", "/api/events", {}, {{"authorization", "Bearer " + f.token("vera", {"tasks:read"})}});
    BOOST_TEST(narrow.status == 403);
    const auto scoped =
        f.call("GET", "/api/events", {}, {{"authorization", "Bearer " + f.token("vera", {"runs:read"})}});
    BOOST_TEST(scoped.status == 200);
    const auto unknown = f.call("GET", "/api/events?run=999", {}, {}, "vera");
    BOOST_TEST(unknown.status == 404);
}

BOOST_AUTO_TEST_SUITE_END()
