// Report steps reading through the fake Livy: paged rows (the figures equal those of the same
// data read locally), Livy errors failing the step with ename and evalue.

#include "tests/engine/harness.hpp"

#include "orchestrator/reports/drift_stats.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>

using namespace steward;
using namespace steward::engine_tests;
namespace json = boost::json;

namespace {

/// Rows as text (label, score, age), so the CSV and the JSON pages carry the same numbers.
using Rows = std::vector<std::array<std::string, 3>>;

Rows make_rows(int n, int seed) {
    Rows rows;
    for (int i = 0; i < n; ++i) {
        const int k = i * 37 + seed;
        rows.push_back({std::to_string(k % 3 == 0 ? 1 : 0), "0." + std::to_string(10 + (k * 7) % 89),
                        std::to_string(20 + (k * 13) % 30)});
    }
    return rows;
}

void write_csv(const std::filesystem::path& path, const Rows& rows) {
    std::ofstream out(path);
    out << "y,p,age\n";
    for (const auto& r : rows) {
        out << r[0] << "," << r[1] << "," << r[2] << "\n";
    }
}

/// Writes both samples as CSVs and starts `yaml` with params `scored` and `reference` naming them.
RowId start_with_csvs(EngineHarness& h, const Rows& scored, const Rows& reference, std::string_view yaml) {
    write_csv(h.dir() / "scored.csv", scored);
    write_csv(h.dir() / "reference.csv", reference);
    return h.start(yaml, {{"scored", core::Value{(h.dir() / "scored.csv").string()}},
                          {"reference", core::Value{(h.dir() / "reference.csv").string()}}});
}

/// Serves the report step's statements: a load answers its columns, each page the next rows of
/// the input its variables name (`_st_<step>_scored` or `_reference`). Runs on the fake's thread.
struct PageServer {
    std::map<std::string, Rows> data;  // variable prefix -> rows
    std::map<std::string, std::size_t> cursor;
    std::size_t loads = 0;
    std::size_t pages = 0;

    fake_livy::StatementScript respond(const std::string& code) {
        for (const auto& [prefix, rows] : data) {
            if (code.find(prefix + "_") == std::string::npos) {
                continue;
            }
            if (code.find(".load(") != std::string::npos) {
                ++loads;
                cursor[prefix] = 0;
                return fake_livy::ok_json(json::object{{"columns", json::array{"y", "p", "age"}}});
            }
            ++pages;
            const auto at = code.find("islice(");
            const std::size_t size = std::stoul(code.substr(code.find(", ", at) + 2));
            json::array out;
            std::size_t& next = cursor[prefix];
            for (; next < rows.size() && out.size() < size; ++next) {
                out.push_back(json::array{json::parse(rows[next][0]), json::parse(rows[next][1]),
                                          json::parse(rows[next][2])});
            }
            const bool done = out.size() < size;
            return fake_livy::ok_json(json::object{
                {"columns", json::array{"y", "p", "age"}}, {"rows", std::move(out)}, {"done", done}});
        }
        return fake_livy::ok_text("");
    }
};

/// Answers every statement of the fake with `responder` (on the fake's thread).
void respond_with(EngineHarness& h, fake_livy::StatementResponder responder) {
    h.livy().call([&] {
        h.livy().fake().model().set_statement_responder(std::move(responder));
        return 0;
    });
}

/// Runs `yaml` to its end, which must be a failure, and returns the error of step `step`.
std::string failure_of(EngineHarness& h, std::string_view yaml, std::string_view step = "perf") {
    const RowId run = h.start(yaml);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    return h.step(run, step).error.value_or("");
}

/// Bins of one numeric column as the aggregate statement computes them: edges at the
/// reference's quantiles (numpy's linear method), right-closed counts in both samples.
json::object binned(const std::string& name, std::size_t column, const Rows& reference, const Rows& current,
                    std::size_t bins) {
    const auto sorted = [column](const Rows& rows) {
        std::vector<double> v;
        for (const auto& r : rows) {
            v.push_back(std::stod(r[column]));
        }
        std::sort(v.begin(), v.end());
        return v;
    };
    const auto ref = sorted(reference);
    const auto cur = sorted(current);
    const auto edges = reports::quantile_edges(ref, bins);
    const auto counts = [](const std::vector<std::uint64_t>& c) { return json::array(c.begin(), c.end()); };
    return json::object{{"name", name},
                        {"edges", json::array(edges.begin(), edges.end())},
                        {"reference", counts(reports::bin_counts(ref, edges))},
                        {"current", counts(reports::bin_counts(cur, edges))},
                        {"reference_missing", 0},
                        {"current_missing", 0}};
}

/// What Spark returns for `scored` against `reference` (label y, score p, feature age).
json::object aggregates_of(const Rows& scored, const Rows& reference, std::size_t bins) {
    std::map<std::string, std::pair<int, int>> groups;  // score text -> events, non-events
    for (const auto& r : scored) {
        (r[0] == "1" ? groups[r[1]].first : groups[r[1]].second) += 1;
    }
    json::array triples;
    for (const auto& [score, counts] : groups) {
        triples.push_back(json::array{json::parse(score), counts.first, counts.second});
    }
    return json::object{{"scored_rows", scored.size()},
                        {"skipped", 0},
                        {"bad_labels", 0},
                        {"groups", std::move(triples)},
                        {"reference_rows", reference.size()},
                        {"features", json::array{binned("age", 2, reference, scored, bins)}},
                        {"score", binned("p", 1, reference, scored, bins)}};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_livy)

BOOST_AUTO_TEST_CASE(paged_rows_give_the_figures_of_the_same_data_read_locally) {
    EngineHarness h;
    h.boot();
    const Rows scored = make_rows(25, 1);
    const Rows reference = make_rows(12, 5);
    auto server = std::make_shared<PageServer>();
    server->data["_st_remote_scored"] = scored;
    server->data["_st_remote_reference"] = reference;
    respond_with(h, [server](const std::string& code, const std::optional<std::string>&) {
        return server->respond(code);
    });
    const RowId run = start_with_csvs(h, scored, reference, R"(name: paged
params:
  scored: {type: string}
  reference: {type: string}
steps:
  - {id: local, type: report, scored: "${params.scored}", reference: "${params.reference}", label: y, score: p,
     features: [age]}
  - id: remote
    type: report
    scored: "hdfs:///data/scored"
    reference: "s3a://bucket/reference.parquet"
    label: y
    score: p
    features: [age]
    source: {page_size: 10}
)");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded), h.run(run).error.value_or(""));
    const auto local = h.outputs(run, "local");
    const auto remote = h.outputs(run, "remote");
    BOOST_TEST(remote.at("rows") == local.at("rows"));
    BOOST_TEST(remote.at("rows").to_number<double>() == 25.0);
    BOOST_TEST(remote.at("metrics").at("auc").is_number());
    BOOST_TEST(json::serialize(remote.at("metrics")) == json::serialize(local.at("metrics")));
    BOOST_TEST(json::serialize(remote.at("drift")) == json::serialize(local.at("drift")));
    // 25 rows in pages of 10: 3 pages; 12 rows: 2 pages; one load statement each.
    const auto [loads, pages] = h.livy().call([&] { return std::pair{server->loads, server->pages}; });
    BOOST_TEST(loads == 2U);
    BOOST_TEST(pages == 5U);
    BOOST_TEST(remote.at("livy_statements").as_int64() == 7);
    // Each statement is explicitly pyspark; the session the step opened for itself is closed.
    BOOST_TEST(h.livy().count("POST", "/sessions") == 1U);
    BOOST_TEST(h.livy().count("POST", "/sessions/*/statements") == 7U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);
    // Each statement left one line in the step's log.
    const auto log = h.log(run, "remote");
    BOOST_TEST(log.size() == 7U);
    BOOST_TEST((std::find(log.begin(), log.end(), "page 3 of 'hdfs:///data/scored': done") != log.end()));
}

BOOST_AUTO_TEST_CASE(aggregate_counts_give_the_binned_figures_of_the_rows) {
    EngineHarness h;
    h.boot();
    const Rows scored = make_rows(40, 2);
    const Rows reference = make_rows(30, 9);
    auto codes = std::make_shared<std::vector<std::string>>();
    const json::object aggregates = aggregates_of(scored, reference, 5);
    respond_with(h, [codes, aggregates](const std::string& code, const std::optional<std::string>&) {
        codes->push_back(code);
        return fake_livy::ok_json(aggregates);
    });
    const RowId run = start_with_csvs(h, scored, reference, R"(name: aggregate
params:
  scored: {type: string}
  reference: {type: string}
steps:
  - {id: local, type: report, scored: "${params.scored}", reference: "${params.reference}", label: y, score: p,
     features: [age], bins: 5}
  - {id: remote, type: report, scored: "hdfs:///s", reference: "hdfs:///r", label: y, score: p, features: [age],
     bins: 5, source: {mode: aggregate}}
)");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded), h.run(run).error.value_or(""));
    const auto local = h.outputs(run, "local");
    const auto remote = h.outputs(run, "remote");
    // Every binary figure comes from the score groups: identical to the rows' figures.
    BOOST_TEST(remote.at("metrics").at("auc").is_number());
    BOOST_TEST(json::serialize(remote.at("metrics")) == json::serialize(local.at("metrics")));
    BOOST_TEST(remote.at("rows") == local.at("rows"));
    // Binned drift figures are exact; those needing every value are null in aggregate mode.
    const auto& age_local = local.at("drift").at("age");
    const auto& age_remote = remote.at("drift").at("age");
    BOOST_TEST(age_remote.at("psi").to_number<double>() == age_local.at("psi").to_number<double>(),
               boost::test_tools::tolerance(1e-12));
    BOOST_TEST(
        age_remote.at("js_distance").to_number<double>() == age_local.at("js_distance").to_number<double>(),
        boost::test_tools::tolerance(1e-12));
    BOOST_TEST(age_local.at("ks").is_number());
    BOOST_TEST(age_remote.at("ks").is_null());
    BOOST_TEST(remote.at("stability").at("score_psi").to_number<double>() ==
                   local.at("stability").at("score_psi").to_number<double>(),
               boost::test_tools::tolerance(1e-12));
    const auto stored = h.store().reports().get(remote.at("report_id").as_int64()).value();
    BOOST_TEST(stored.report_json.find("not computed in aggregate mode") != std::string::npos);
    // One statement; it asks Spark for exact percentiles and counts per distinct score.
    const auto sent = h.livy().call([&] { return *codes; });
    BOOST_REQUIRE_EQUAL(sent.size(), 1U);
    BOOST_TEST(sent[0].find("percentile(") != std::string::npos);
    BOOST_TEST(sent[0].find("_st_groups(_st_remote_cur, \"y\", \"p\")") != std::string::npos, sent[0]);
    BOOST_TEST(sent[0].find("k / 5 for k in range(1, 5)") != std::string::npos);
    BOOST_TEST(remote.at("livy_statements").as_int64() == 1);
}

BOOST_AUTO_TEST_CASE(bad_aggregates_fail_clearly) {
    EngineHarness h;
    h.boot();
    respond_with(h, [](const std::string&, const std::optional<std::string>&) {
        return fake_livy::ok_json(
            json::object{{"scored_rows", 10}, {"skipped", 0}, {"bad_labels", 3}, {"groups", json::array{}}});
    });
    const auto error = failure_of(h, R"(name: bad-aggregates
steps:
  - {id: perf, type: report, scored: "hdfs:///s", label: y, score: p, source: {mode: aggregate}}
)");
    BOOST_TEST(
        error ==
            "step 'perf': aggregating 'hdfs:///s': 3 rows of 'hdfs:///s' have a label 'y' other than 0 "
            "or 1 (a numeric target needs task: regression, which needs the rows)",
        error);

    const RowId regression = h.start(R"(name: regression-aggregate
steps:
  - {id: reg, type: report, scored: "hdfs:///s", label: y, prediction: p, task: regression,
     source: {mode: aggregate}}
)");
    BOOST_TEST((h.finish(regression) == store::RunState::failed));
    const auto reg_error = h.step(regression, "reg").error.value_or("");
    BOOST_TEST(reg_error.find("aggregate computes binary reports") != std::string::npos, reg_error);
    BOOST_TEST(h.livy().count("POST", "/sessions") == 1U, "no session for a refused regression");
}

BOOST_AUTO_TEST_CASE(a_livy_error_fails_the_step_with_its_name_and_value) {
    EngineHarness h;
    h.boot();
    respond_with(h, [](const std::string& code, const std::optional<std::string>&) {
        if (code.find(".load(") != std::string::npos) {
            return fake_livy::error_output("AnalysisException", "Path does not exist: hdfs:///missing",
                                           {"Traceback ..."});
        }
        return fake_livy::ok_text("");
    });
    const RowId run = h.start(R"(name: missing
steps:
  - {id: perf, type: report, scored: "/cluster/scored", label: y, score: p, source: livy}
)");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const auto error = h.step(run, "perf").error.value_or("");
    BOOST_TEST(error ==
                   "step 'perf': loading '/cluster/scored' failed in Livy: AnalysisException: Path does not "
                   "exist: hdfs:///missing",
               error);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);
    BOOST_TEST(h.store().reports().list_for_run(run).empty());
}

BOOST_AUTO_TEST_CASE(an_unreachable_livy_fails_the_step_within_the_statement_budget) {
    EngineHarness h;
    h.boot();
    h.livy().call([&] {
        h.livy().fake().add_fault(
            fake_livy::reply_fault("POST", "/sessions", 503, R"({"msg":"busy"})", 1, 0));
        return 0;
    });
    const auto error = failure_of(h, R"(name: unreachable
steps:
  - {id: perf, type: report, scored: "hdfs:///s", label: y, score: p, source: {statement_timeout: 1s}}
)");
    BOOST_TEST(
        error == "step 'perf': the Livy session could not be opened within 1s (source.statement_timeout)",
        error);
}

BOOST_AUTO_TEST_CASE(a_statement_over_its_budget_is_cancelled_and_fails_the_step) {
    EngineHarness h;
    h.boot();
    respond_with(h, [](const std::string&, const std::optional<std::string>&) {
        auto slow = fake_livy::ok_json(json::object{{"columns", json::array{"y", "p"}}});
        slow.run = std::chrono::milliseconds(60'000);
        return slow;
    });
    const auto error = failure_of(h, R"(name: slow
steps:
  - {id: perf, type: report, scored: "hdfs:///s", label: y, score: p, source: {statement_timeout: 1s}}
)");
    BOOST_TEST(
        error ==
            "step 'perf': loading 'hdfs:///s' did not finish within 1s (source.statement_timeout); the "
            "statement was cancelled",
        error);
    BOOST_TEST(h.livy().count("POST", "/sessions/*/statements/*/cancel") == 1U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);
}

BOOST_AUTO_TEST_CASE(a_step_timeout_cancels_the_running_statement_and_deletes_the_own_session) {
    EngineHarness h;
    h.boot();
    respond_with(h, [](const std::string&, const std::optional<std::string>&) {
        auto endless = fake_livy::ok_json(json::object{{"columns", json::array{"y", "p"}}});
        endless.run = fake_livy::kNever;
        return endless;
    });
    const RowId run = h.start(R"(name: stuck
steps:
  - {id: perf, type: report, timeout: 5m, scored: "hdfs:///s", label: y, score: p}
)");
    BOOST_REQUIRE(h.run_until([&] {
        auto exec = h.store().runs().latest_step(run, "perf");
        if (!exec) {
            return false;
        }
        auto records = h.store().livy().list_statements(exec->id);
        return !records.empty() && records[0].statement_id.has_value();
    }));
    h.settle();
    h.advance(std::chrono::minutes(5));
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "perf").state == store::StepState::timed_out));
    BOOST_TEST(h.livy().count("POST", "/sessions/*/statements/*/cancel") == 1U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/*") == 1U);
    BOOST_TEST(h.has_event(run, "livy.statement_cancelled"));
}

BOOST_AUTO_TEST_CASE(a_malformed_page_fails_naming_the_page) {
    EngineHarness h;
    h.boot();
    respond_with(h, [](const std::string& code, const std::optional<std::string>&) {
        if (code.find(".load(") != std::string::npos) {
            return fake_livy::ok_json(json::object{{"columns", json::array{"y", "p"}}});
        }
        return fake_livy::ok_json(json::object{{"columns", json::array{"y", "p"}},
                                               {"rows", json::array{json::array{1, 0.5}, json::array{0}}},
                                               {"done", true}});
    });
    const auto error = failure_of(h, R"(name: malformed
steps:
  - {id: perf, type: report, scored: "hdfs:///s", label: y, score: p, source: {mode: paged, format: orc}}
)");
    BOOST_TEST(error == "step 'perf': page 1 of 'hdfs:///s': row 2 of the page does not have 2 values",
               error);
}

BOOST_AUTO_TEST_SUITE_END()
