// The run routes of issue 13: rerun (permission, audit, link), the run list's trigger and time
// filters with next_offset, a run of 10,000 events (detail and event pages), and step logs.
#include "orchestrator/api/time_query.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/access_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace api = steward::api;
namespace store = steward::store;
namespace json = boost::json;

namespace {

// Workflows "churn" and "other"; run `first` of churn (trigger cli, created at 2026-12-07T10:00Z)
// with a step "train" of two attempts with logs, `second` of other (trigger http:olga, an hour
// later). Called as `tester` (model_owner and operator of churn*) unless a test names another.
struct Fixture : api::test::AccessHarness {
    static constexpr store::Millis kTen = 1'796'637'600'000;  // 2026-12-07T10:00:00Z
    store::RowId first = 0;
    store::RowId second = 0;
    store::RowId attempt1 = 0;
    store::RowId attempt2 = 0;

    Fixture() {
        commands.add_workflow("churn");
        commands.add_workflow("other");
        first = db.runs().create_run(commands.known["churn"].definition_id, R"({"x":1})", "cli", kTen);
        second = db.runs().create_run(commands.known["other"].definition_id, R"({"x":2})", "http:olga",
                                      kTen + 3'600'000);
        attempt1 = db.runs().begin_step(first, "train", 1, kTen + 1).value();
        db.livy().append_log_lines(attempt1, 0, std::vector<std::string>{"a1 line 0", "a1 line 1"}).value();
        db.runs().finish_step(attempt1, {.state = store::StepState::failed}, kTen + 2).value();
        attempt2 = db.runs().begin_step(first, "train", 2, kTen + 3).value();
        std::vector<std::string> lines;
        lines.reserve(25);
        for (int i = 0; i < 25; ++i) {
            lines.push_back("line " + std::to_string(i));
        }
        db.livy().append_log_lines(attempt2, 0, lines).value();
    }

    std::string run_path(store::RowId id) const { return "/api/runs/" + std::to_string(id); }
};

json::value body_of(const api::Response& response) {
    return json::parse(response.body);
}

std::string message_of(const api::Response& response) {
    return std::string(body_of(response).at("error").at("message").as_string());
}

std::vector<std::int64_t> run_ids(const json::value& body) {
    std::vector<std::int64_t> ids;
    ids.reserve(body.at("runs").as_array().size());
    for (const auto& run : body.at("runs").as_array()) {
        ids.push_back(run.at("id").as_int64());
    }
    return ids;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(run_routes, Fixture)

BOOST_AUTO_TEST_CASE(rerun_starts_a_linked_run_as_the_caller_and_is_audited) {
    const auto response = call("POST", run_path(first) + "/rerun");
    BOOST_TEST(response.status == 201, response.body);
    const auto body = body_of(response);
    const auto id = body.at("id").as_int64();
    BOOST_TEST(body.at("workflow").as_string() == "churn");
    BOOST_TEST(body.at("rerun_of").as_int64() == first);
    BOOST_TEST(body.at("url").as_string() == run_path(id));
    BOOST_REQUIRE(response.headers.size() == 1U);
    BOOST_TEST(response.headers[0].first == "Location");
    BOOST_TEST(response.headers[0].second == run_path(id));
    BOOST_TEST(commands.last_rerun_trigger.starts_with("http:token "), commands.last_rerun_trigger);
    BOOST_TEST(commands.last_rerun_trigger.ends_with(" of tester"), commands.last_rerun_trigger);

    // Both ways: the new run names the first, the first lists its reruns.
    const auto rerun = body_of(call("GET", run_path(id)));
    BOOST_TEST(rerun.at("rerun_of").as_int64() == first);
    BOOST_TEST(rerun.at("params").at("x").as_int64() == 1);
    BOOST_TEST(rerun.at("trigger").as_string() == commands.last_rerun_trigger);
    const auto original = body_of(call("GET", run_path(first)));
    BOOST_TEST(original.at("rerun_of").is_null());
    BOOST_REQUIRE(original.at("reruns").as_array().size() == 1U);
    BOOST_TEST(original.at("reruns").at(0).as_int64() == id);

    const auto audited = db.audit().list_for_object("run", std::to_string(first));
    BOOST_REQUIRE(audited.size() == 1U);
    BOOST_TEST(audited.back().action == "run.rerun");
    BOOST_TEST(audited.back().actor.ends_with(" of tester"));

    // Any body but an empty object is refused; an unknown run is 404.
    const auto extra = call("POST", run_path(first) + "/rerun", R"({"params":{"x":3}})");
    BOOST_TEST(extra.status == 400);
    BOOST_TEST(message_of(extra).find("unknown field 'params'") != std::string::npos, message_of(extra));
    const auto missing = call("POST", "/api/runs/999/rerun");
    BOOST_TEST(missing.status == 404);
    BOOST_TEST(message_of(missing) == "no run 999");
    BOOST_TEST(call("GET", run_path(first) + "/rerun").status == 405);
}

BOOST_AUTO_TEST_CASE(rerun_needs_trigger_on_the_runs_workflow) {
    // A viewer may not rerun, and the refusal is audited.
    const auto viewer = call("POST", run_path(first) + "/rerun", "", {}, "vera");
    BOOST_TEST(viewer.status == 403);
    BOOST_TEST(message_of(viewer).find("permission 'trigger' is required") != std::string::npos,
               message_of(viewer));
    const auto refused = db.audit().list_for_object("run", std::to_string(first));
    BOOST_REQUIRE(refused.size() == 1U);
    BOOST_TEST(refused.back().action == "run.rerun");
    BOOST_TEST(refused.back().details_json.find(R"("refused":true)") != std::string::npos);

    // A token without runs:trigger may not, even for a user who may.
    const std::string read_only = token("tester", {"read"});
    const auto scoped =
        call("POST", run_path(first) + "/rerun", "", {{"authorization", "Bearer " + read_only}});
    BOOST_TEST(scoped.status == 403);
    BOOST_TEST(message_of(scoped).find("outside this token's scopes") != std::string::npos,
               message_of(scoped));
    // Nor a token limited to other workflows (root's roles may trigger every workflow).
    const std::string limited = token("root", {"read", "runs:trigger"}, "other*");
    const auto elsewhere =
        call("POST", run_path(first) + "/rerun", "", {{"authorization", "Bearer " + limited}});
    BOOST_TEST(elsewhere.status == 403);
    BOOST_TEST(message_of(elsewhere).find("not 'churn'") != std::string::npos, message_of(elsewhere));
    BOOST_TEST(
        call("POST", run_path(second) + "/rerun", "", {{"authorization", "Bearer " + limited}}).status ==
        201);

    // The operator role triggers churn* only: run `second` is of workflow "other".
    const auto other = call("POST", run_path(second) + "/rerun", "", {}, "olga");
    BOOST_TEST(other.status == 403);
    BOOST_TEST(message_of(other).find("workflow 'other'") != std::string::npos, message_of(other));
    BOOST_TEST(call("POST", run_path(first) + "/rerun", "", {}, "olga").status == 201);
    BOOST_TEST(call("POST", run_path(second) + "/rerun", "", {}, "root").status == 201);
    BOOST_TEST(call("POST", run_path(first) + "/rerun", "", {}, "bob").status == 403);
    BOOST_TEST(anonymous("POST", run_path(first) + "/rerun").status == 401);
}

BOOST_AUTO_TEST_CASE(runs_are_filtered_by_trigger_and_creation_time) {
    db.runs().create_run(commands.known["churn"].definition_id, "{}", "http:token 4 of ci", kTen + 7'200'000);
    BOOST_TEST(run_ids(body_of(call("GET", "/api/runs?trigger=cli"))) == std::vector<std::int64_t>{first},
               boost::test_tools::per_element());
    BOOST_TEST(run_ids(body_of(call("GET", "/api/runs?trigger=http"))).size() == 2U);
    BOOST_TEST(
        run_ids(body_of(call("GET", "/api/runs?trigger=http:olga"))) == std::vector<std::int64_t>{second},
        boost::test_tools::per_element());
    BOOST_TEST(run_ids(body_of(call("GET", "/api/runs?trigger=cron"))).empty());

    // since is inclusive, until exclusive; a date alone is its midnight UTC; offsets count.
    BOOST_TEST(
        run_ids(body_of(call("GET", "/api/runs?since=2026-12-07T11:00:00Z&until=2026-12-07T12:00:00Z"))) ==
            std::vector<std::int64_t>{second},
        boost::test_tools::per_element());
    BOOST_TEST(run_ids(body_of(call("GET", "/api/runs?until=2026-12-07T11:00:00.001%2B01:00"))) ==
                   std::vector<std::int64_t>{first},
               boost::test_tools::per_element());
    BOOST_TEST(run_ids(body_of(call("GET", "/api/runs?since=2026-12-08"))).empty());
    BOOST_TEST(run_ids(body_of(call("GET", "/api/runs?since=2026-12-07&trigger=http&workflow=other"))) ==
                   std::vector<std::int64_t>{second},
               boost::test_tools::per_element());

    for (const std::string bad : {"since=yesterday", "since=1733580000000", "until=2026-02-30",
                                  "until=2026-12-07T25:00:00Z", "since=2026-12-07T10:00:00"}) {
        const auto refused = call("GET", "/api/runs?" + bad);
        BOOST_TEST(refused.status == 400, bad);
        const std::string name = bad.substr(0, bad.find('='));
        BOOST_TEST(message_of(refused).find("query parameter '" + name + "' must be an ISO-8601 time") !=
                       std::string::npos,
                   message_of(refused));
    }
    const auto backwards = call("GET", "/api/runs?since=2026-12-07T12:00:00Z&until=2026-12-07T11:00:00Z");
    BOOST_TEST(backwards.status == 400);
    BOOST_TEST(message_of(backwards) == "query parameter 'until' must be later than 'since'");
}

BOOST_AUTO_TEST_CASE(the_run_list_says_where_the_next_page_starts) {
    const auto page = body_of(call("GET", "/api/runs?limit=1"));
    BOOST_TEST(page.at("next_offset").as_int64() == 1);
    BOOST_TEST(page.at("limit").as_int64() == 1);
    const auto last = body_of(call("GET", "/api/runs?limit=1&offset=1"));
    BOOST_TEST(last.at("next_offset").is_null());
    BOOST_TEST(run_ids(last) == std::vector<std::int64_t>{first}, boost::test_tools::per_element());
    BOOST_TEST(body_of(call("GET", "/api/runs?trigger=http&limit=1")).at("next_offset").is_null());
}

BOOST_AUTO_TEST_CASE(a_run_with_ten_thousand_events_shows_the_latest_and_pages_the_rest) {
    {
        auto tx = db.transaction();
        for (int i = 0; i < 10'000; ++i) {
            db.runs().append_event(first, std::nullopt, kTen + i, "tick",
                                   "{\"i\":" + std::to_string(i) + "}");
        }
        tx.commit();
    }
    const auto started = std::chrono::steady_clock::now();
    const auto detail_response = call("GET", run_path(first));
    const auto elapsed = std::chrono::steady_clock::now() - started;
    BOOST_TEST(detail_response.status == 200);
    const auto detail = body_of(detail_response);
    BOOST_TEST(detail.at("events_total").as_int64() == 10'000);
    BOOST_REQUIRE(detail.at("events").as_array().size() == 100U);
    BOOST_TEST(detail.at("events").at(0).at("payload").at("i").as_int64() == 9'900);
    BOOST_TEST(detail.at("events").at(99).at("payload").at("i").as_int64() == 9'999);
    BOOST_TEST(detail.at("steps").as_array().size() == 1U);
    // Reading the last 100 of 10,000 events is an index walk, far below a second even in a
    // sanitizer build.
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() < 1000);
    BOOST_TEST(body_of(call("GET", run_path(first) + "?events=0")).at("events").as_array().empty());

    // Every event once, in order, through pages of 1000.
    std::int64_t after = 0;
    int seen = 0;
    int pages = 0;
    while (true) {
        const auto page =
            body_of(call("GET", run_path(first) + "/events?limit=1000&after=" + std::to_string(after)));
        BOOST_TEST(page.at("total").as_int64() == 10'000);
        BOOST_TEST(page.at("run_id").as_int64() == first);
        for (const auto& event : page.at("events").as_array()) {
            BOOST_TEST(event.at("payload").at("i").as_int64() == seen);
            ++seen;
        }
        ++pages;
        if (page.at("next_after").is_null()) {
            break;
        }
        after = page.at("next_after").as_int64();
        BOOST_TEST(after == page.at("events").as_array().back().at("id").as_int64());
        BOOST_REQUIRE(pages < 20);
    }
    BOOST_TEST(seen == 10'000);
    BOOST_TEST(pages == 10);  // the tenth page is full and says it is the last

    const auto first_page = body_of(call("GET", run_path(first) + "/events"));
    BOOST_TEST(first_page.at("events").as_array().size() == 100U);
    BOOST_TEST(first_page.at("limit").as_int64() == 100);
    BOOST_TEST(first_page.at("after").as_int64() == 0);
    const auto too_big = call("GET", run_path(first) + "/events?limit=1001");
    BOOST_TEST(too_big.status == 400);
    BOOST_TEST(message_of(too_big).find("'limit' must be an integer from 1 to 1000") != std::string::npos);
    BOOST_TEST(call("GET", run_path(first) + "/events?after=-1").status == 400);
    BOOST_TEST(call("GET", "/api/runs/999/events").status == 404);
    BOOST_TEST(body_of(call("GET", run_path(second) + "/events")).at("events").as_array().empty());
    BOOST_TEST(call("GET", run_path(first) + "/events", "", {}, "bob").status == 403);
}

BOOST_AUTO_TEST_CASE(a_step_log_is_read_in_pages_from_the_latest_attempt) {
    const std::string log = run_path(first) + "/steps/train/log";
    const auto whole = body_of(call("GET", log));
    BOOST_TEST(whole.at("attempt").as_int64() == 2);
    BOOST_TEST(whole.at("exec_id").as_int64() == attempt2);
    BOOST_TEST(whole.at("total").as_int64() == 25);
    BOOST_TEST(whole.at("from").as_int64() == 0);
    BOOST_TEST(whole.at("next_from").as_int64() == 25);
    BOOST_TEST(whole.at("lines").as_array().size() == 25U);
    BOOST_TEST(whole.at("lines").at(24).as_string() == "line 24");
    BOOST_TEST(whole.at("state").as_string() == "running");
    BOOST_TEST(whole.at("running").as_bool());
    BOOST_TEST(whole.at("step").as_string() == "train");

    const auto page = body_of(call("GET", log + "?from=10&size=5"));
    BOOST_TEST(page.at("lines").as_array().size() == 5U);
    BOOST_TEST(page.at("lines").at(0).as_string() == "line 10");
    BOOST_TEST(page.at("next_from").as_int64() == 15);
    const auto past_the_end = body_of(call("GET", log + "?from=40"));
    BOOST_TEST(past_the_end.at("lines").as_array().empty());
    BOOST_TEST(past_the_end.at("next_from").as_int64() == 40);
    BOOST_TEST(past_the_end.at("total").as_int64() == 25);

    const auto earlier = body_of(call("GET", log + "?attempt=1"));
    BOOST_TEST(earlier.at("lines").at(1).as_string() == "a1 line 1");
    BOOST_TEST(earlier.at("state").as_string() == "failed");
    BOOST_TEST(!earlier.at("running").as_bool());

    // A follower sees the step end.
    db.livy().append_log_lines(attempt2, 25, std::vector<std::string>{"done"}).value();
    db.runs().finish_step(attempt2, {.state = store::StepState::succeeded}, kTen + 9).value();
    const auto ended = body_of(call("GET", log + "?from=25"));
    BOOST_TEST(ended.at("lines").at(0).as_string() == "done");
    BOOST_TEST(!ended.at("running").as_bool());
}

BOOST_AUTO_TEST_CASE(step_log_errors_name_the_unknown_run_step_or_attempt) {
    const std::string base = run_path(first) + "/steps/";
    const auto run = call("GET", "/api/runs/999/steps/train/log");
    BOOST_TEST(run.status == 404);
    BOOST_TEST(message_of(run) == "no run 999");
    const auto step = call("GET", base + "score/log");
    BOOST_TEST(step.status == 404);
    BOOST_TEST(message_of(step) == "run " + std::to_string(first) + " has no step 'score' (steps: train)");
    const auto none = call("GET", run_path(second) + "/steps/train/log");
    BOOST_TEST(message_of(none).find("(steps: none has begun)") != std::string::npos, message_of(none));
    const auto attempt = call("GET", base + "train/log?attempt=3");
    BOOST_TEST(attempt.status == 404);
    BOOST_TEST(message_of(attempt) ==
               "step 'train' of run " + std::to_string(first) + " has no attempt 3 (attempts: 1, 2)");
    BOOST_TEST(call("GET", base + "train/log?attempt=0").status == 400);
    BOOST_TEST(call("GET", base + "train/log?from=-1").status == 400);
    const auto size = call("GET", base + "train/log?size=10001");
    BOOST_TEST(size.status == 400);
    BOOST_TEST(message_of(size).find("'size' must be an integer from 1 to 10000") != std::string::npos);
    BOOST_TEST(call("GET", base + "train/log", "", {}, "bob").status == 403);
    BOOST_TEST(call("GET", base + "train/log", "", {}, "vera").status == 200);  // view suffices
    BOOST_TEST(call("POST", base + "train/log").status == 405);
}

BOOST_AUTO_TEST_CASE(iso_times_parse_as_rfc_3339_or_a_date) {
    using api::parse_iso_time;
    BOOST_TEST(parse_iso_time("2026-12-07T10:00:00Z").value_or(0) == kTen);
    BOOST_TEST(parse_iso_time("2026-12-07t10:00:00z").value_or(0) == kTen);
    BOOST_TEST(parse_iso_time("2026-12-07 10:00:00Z").value_or(0) == kTen);
    BOOST_TEST(parse_iso_time("2026-12-07T10:00:00.250Z").value_or(0) == kTen + 250);
    BOOST_TEST(parse_iso_time("2026-12-07T10:00:00.2509999Z").value_or(0) == kTen + 250);
    BOOST_TEST(parse_iso_time("2026-12-07T11:30:00+01:30").value_or(0) == kTen);
    BOOST_TEST(parse_iso_time("2026-12-07T08:00:00-02:00").value_or(0) == kTen);
    BOOST_TEST(parse_iso_time("2026-12-07").value_or(0) == kTen - 36'000'000);
    BOOST_TEST(parse_iso_time("1970-01-01T00:00:00Z").value_or(-1) == 0);
    BOOST_TEST(parse_iso_time("0000-01-01T00:00:00Z").has_value());
    BOOST_TEST(parse_iso_time("2024-02-29").has_value());
    for (const char* bad :
         {"", "2026", "2026-12", "2026-13-01", "2026-02-29", "2026-12-07T", "2026-12-07T10:00Z",
          "2026-12-07T10:00:00", "2026-12-07T10:00:00.Z", "2026-12-07T24:00:00Z", "2026-12-07T10:60:00Z",
          "2026-12-07T10:00:61Z", "2026-12-07T10:00:00+1:00", "2026-12-07T10:00:00+01:00x", "+2026-12-07",
          "2026-12-07X", "١٩٧٠-01-01"}) {
        BOOST_TEST(!parse_iso_time(bad).has_value(), bad);
    }
}

BOOST_AUTO_TEST_SUITE_END()
