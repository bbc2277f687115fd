// Engine::rerun_run: a new run of the first run's stored definition with its params, linked by
// rerun_of, even after the workflow file changed.

#include "tests/engine/harness.hpp"

#include "orchestrator/engine/json_values.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward;
using namespace steward::engine_tests;

BOOST_AUTO_TEST_SUITE(rerun)

BOOST_AUTO_TEST_CASE(a_rerun_repeats_the_definition_and_params_of_the_first_run) {
    EngineHarness h;
    h.boot();
    const RowId first = h.start(R"(name: greeting
params:
  who: {type: string}
  times: {type: integer, default: 2}
steps:
  - {id: hello, type: notify, channel: ops, message: "v1 ${params.who} x${params.times}"}
)",
                                {{"who", core::Value{std::string("ann")}}});
    BOOST_TEST((h.finish(first) == store::RunState::succeeded));
    // The file changes; the rerun still does what the first run did.
    BOOST_REQUIRE(h.engine()
                      .add_workflow(R"(name: greeting
params:
  who: {type: string}
  times: {type: integer, default: 2}
steps:
  - {id: hello, type: notify, channel: ops, message: "v2 ${params.who}"}
)",
                                    "greeting.yaml")
                      .has_value());

    const RowId again = h.engine().rerun_run(first, "http:alice").value();
    BOOST_TEST((h.finish(again) == store::RunState::succeeded));
    const store::Run rerun = h.run(again);
    BOOST_TEST(rerun.rerun_of.value_or(0) == first);
    BOOST_TEST(rerun.trigger == "http:alice");
    BOOST_TEST(rerun.workflow_def_id == h.run(first).workflow_def_id);
    BOOST_TEST(rerun.params_json == h.run(first).params_json);
    BOOST_REQUIRE_EQUAL(h.record().sent.size(), 2U);
    BOOST_TEST(h.record().sent[1].message.message == "v1 ann x2");
    const auto created = h.store().runs().list_events(again, 0, 1).value().at(0);
    BOOST_TEST(created.type == "run.created");
    BOOST_TEST(engine::object_from_text(created.payload_json).at("rerun_of").as_int64() == first);

    BOOST_TEST((h.engine().rerun_run(999, "cli").error().code == engine::Errc::not_found));
    BOOST_TEST(h.engine().rerun_run(999, "cli").error().message == "no run 999");
}

BOOST_AUTO_TEST_SUITE_END()
