// `steward models`, `steward model show` and `steward model promote` against a real API server
// (loopback) over the access harness: tables, lineage, promotion and the refusals a person sees.
#include "orchestrator/app/model_commands.hpp"
#include "tests/app/api_server_thread.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <sstream>
#include <thread>

namespace api = steward::api;
namespace app = steward::app;
namespace store = steward::store;

namespace {

using app::test::call;
using app::test::Outcome;
using app::test::TokenEnv;

// A server on its own thread with risk:churn 1.0.1 and 1.0.2 (the second from run `run`, step
// "train"), one report of 1.0.2, and tokens made before it started.
struct ServerThread : app::test::ApiServerThread {
    std::string alice = harness.token("alice");                    // model_owner: may promote
    std::string vera = harness.token("vera");                      // viewer
    std::string reader = harness.token("alice", {"models:read"});  // a token without models:promote
    store::RowId run = 0;

    ServerThread() {
        harness.commands.add_workflow("churn");
        run = db.runs().create_run(harness.commands.known["churn"].definition_id, "{}", "manual", 1000);
        for (int i = 0; i < 2; ++i) {
            store::NewModelVersion v;
            v.model = {"risk", "churn"};
            v.version = {1, 0};
            v.artifact_uri = "hdfs:///m/churn/" + std::to_string(i + 1);
            if (i == 1) {
                v.run_id = run;
                v.step_id = "train";
            }
            v.at = 1000 + i;
            db.registry().register_version(v).value();
        }
        store::Report r;
        r.model = "risk:churn";
        r.model_version = "1.0.2";
        r.period_label = "2026-10";
        r.created_at = 2000;
        r.figures = {{"gini", 0.5}, {"ks", 0.41}, {"auc", 0.75}};
        db.reports().save(r).value();
        start();
    }
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(model_commands)

BOOST_AUTO_TEST_CASE(models_and_model_show_print_tables) {
    ServerThread s;
    const TokenEnv env(s.vera);
    const auto listed = call(app::models_main, {"--server", s.url()});
    BOOST_TEST(listed.status == 0, listed.err);
    BOOST_TEST(has(listed.out, "MODEL"), listed.out);
    BOOST_TEST(has(listed.out, "risk:churn"), listed.out);
    BOOST_TEST(has(listed.out, "1.0.2"), listed.out);
    BOOST_TEST(has(listed.out, "0.410"), listed.out);
    const auto json = call(app::models_main, {"--server", s.url(), "--json"});
    BOOST_TEST(boost::json::parse(json.out).at("total").as_int64() == 1);

    const auto shown = call(app::model_main, {"show", "risk:churn", "--server", s.url()});
    BOOST_TEST(shown.status == 0, shown.err);
    BOOST_TEST(has(shown.out, "2 version(s)"), shown.out);
    BOOST_TEST(has(shown.out, "hdfs:///m/churn/2"), shown.out);
    BOOST_TEST(has(shown.out, "train"), shown.out);

    const auto version = call(app::model_main, {"show", "risk:churn", "1.0.2", "--server", s.url()});
    BOOST_TEST(version.status == 0, version.err);
    BOOST_TEST(has(version.out, "risk:churn:1.0.2"), version.out);
    BOOST_TEST(has(version.out, "2026-10"), version.out);

    const auto missing = call(app::model_main, {"show", "risk:none", "--server", s.url()});
    BOOST_TEST(missing.status == 1);
    BOOST_TEST(has(missing.err, "HTTP 404 not_found"), missing.err);
    const auto bad = call(app::model_main, {"show", "churn", "--server", s.url()});
    BOOST_TEST(bad.status == 1);
    BOOST_TEST(has(bad.err, "HTTP 400"), bad.err);
}

BOOST_AUTO_TEST_CASE(promote_moves_an_alias_and_explains_refusals) {
    ServerThread s;
    {
        const TokenEnv env(s.alice);
        const auto first = call(
            app::model_main, {"promote", "risk:churn", "1.0.1", "--alias", "champion", "--server", s.url()});
        BOOST_TEST(first.status == 0, first.err);
        BOOST_TEST(has(first.out, "risk:churn champion -> risk:churn:1.0.1 (was unset)"), first.out);
        const auto second = call(app::model_main, {"promote", "risk:churn", "risk:churn:1.0.2", "--alias",
                                                   "champion", "--expected", "1.0.1", "--server", s.url()});
        BOOST_TEST(second.status == 0, second.err);
        BOOST_TEST(has(second.out, "(was risk:churn:1.0.1)"), second.out);
        const auto stale = call(app::model_main, {"promote", "risk:churn", "1.0.1", "--alias", "champion",
                                                  "--expected", "none", "--server", s.url()});
        BOOST_TEST(stale.status == 1);
        BOOST_TEST(has(stale.err, "HTTP 409 conflict"), stale.err);
        BOOST_TEST(has(stale.err, "holds 1.0.2"), stale.err);
        const auto unknown = call(
            app::model_main, {"promote", "risk:churn", "9.0.1", "--alias", "champion", "--server", s.url()});
        BOOST_TEST(unknown.status == 1);
        BOOST_TEST(has(unknown.err, "HTTP 404"), unknown.err);
        const auto history = call(app::model_main, {"show", "risk:churn", "--server", s.url()});
        BOOST_TEST(has(history.out, "alias moves"), history.out);
        BOOST_TEST(has(history.out, "of alice"), history.out);
    }
    {
        const TokenEnv env(s.vera);
        const auto viewer = call(
            app::model_main, {"promote", "risk:churn", "1.0.1", "--alias", "champion", "--server", s.url()});
        BOOST_TEST(viewer.status == 1);
        BOOST_TEST(has(viewer.err, "HTTP 403 forbidden"), viewer.err);
        BOOST_TEST(has(viewer.err, "models:promote"), viewer.err);
    }
    {
        const TokenEnv env(s.reader);
        const auto scoped = call(
            app::model_main, {"promote", "risk:churn", "1.0.1", "--alias", "champion", "--server", s.url()});
        BOOST_TEST(scoped.status == 1);
        BOOST_TEST(has(scoped.err, "HTTP 403"), scoped.err);
    }
    ::unsetenv("STEWARD_TOKEN");
    const auto anonymous = call(app::models_main, {"--server", s.url()});
    BOOST_TEST(anonymous.status == 1);
    BOOST_TEST(has(anonymous.err, "HTTP 401 unauthenticated"), anonymous.err);
    BOOST_TEST(s.db.registry().resolve_alias({"risk", "churn"}, "champion")->build == 2);
}

BOOST_AUTO_TEST_CASE(usage_errors_and_help) {
    BOOST_TEST(call(app::models_main, {"--help"}).status == 0);
    BOOST_TEST(has(call(app::model_main, {"--help"}).out, "steward model promote MODEL VERSION --alias A"));
    BOOST_TEST(call(app::model_main, {}).status == 2);
    BOOST_TEST(call(app::model_main, {"demote", "a:b"}).status == 2);
    BOOST_TEST(call(app::model_main, {"show"}).status == 2);
    const auto no_alias = call(app::model_main, {"promote", "a:b", "1.0.1"});
    BOOST_TEST(no_alias.status == 2);
    BOOST_TEST(has(no_alias.err, "--alias is required"), no_alias.err);
    BOOST_TEST(call(app::models_main, {"extra"}).status == 2);
    BOOST_TEST(call(app::models_main, {"--bogus"}).status == 2);
    const auto misspelled = call(app::model_main, {"promote", "a:b", "1.0.1", "--alais", "champion"});
    BOOST_TEST(misspelled.status == 2);
    BOOST_TEST(has(misspelled.err, "steward model: unknown option '--alais' (did you mean '--alias'?)"),
               misspelled.err);
    const auto unreachable = call(app::models_main, {"--server", "http://127.0.0.1:1"});
    BOOST_TEST(unreachable.status == 1);
    BOOST_TEST(has(unreachable.err, "steward models: "), unreachable.err);
}

BOOST_AUTO_TEST_SUITE_END()
