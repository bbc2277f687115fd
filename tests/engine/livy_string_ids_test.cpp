// Livy servers with string ids (Fabric/Synapse-style GUIDs, Lighter's UUIDs), undecodable
// replies, and what a timed-out step leaves behind, against the fake Livy.

#include "tests/engine/harness.hpp"

#include "tests/fake_livy/faults.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>

using namespace steward;
using namespace steward::engine_tests;
using namespace std::chrono_literals;

namespace {

HarnessOptions string_ids(bool finishing = true) {
    HarnessOptions options;
    options.fake.model.string_ids = true;
    if (!finishing) {
        options.fake.model.batch_run = fake_livy::kNever;
    }
    return options;
}

/// The GUID the fake gave the batch named after the step's handle.
std::string fake_batch_ref(EngineHarness& h, RowId run, std::string_view step) {
    const auto handle = h.store().livy().find_handle(h.step(run, step).id, store::LivyKind::batch).value();
    return h.livy().call([&] {
        return h.livy().fake().model().ref_by_name(fake_livy::Collection::batches, handle.name).value_or("");
    });
}

/// Indexes of recorded requests matching `method` and `path` exactly.
std::vector<std::size_t> request_indexes(EngineHarness& h, std::string_view method, const std::string& path) {
    return h.livy().call([&] {
        std::vector<std::size_t> out;
        const auto& requests = h.livy().fake().requests();
        for (std::size_t i = 0; i < requests.size(); ++i) {
            if (requests[i].method == method && requests[i].path() == path) {
                out.push_back(i);
            }
        }
        return out;
    });
}

}  // namespace

BOOST_AUTO_TEST_SUITE(livy_string_ids)

BOOST_AUTO_TEST_CASE(a_batch_workflow_runs_to_success_on_a_livy_with_guid_ids) {
    EngineHarness h(string_ids());
    h.boot();
    const RowId run = h.start(R"(name: guid
steps:
  - {id: train, type: livy_batch, file: /abs/train.py}
)");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    const std::string id = h.livy_id(run, "train");
    BOOST_TEST(id == fake_batch_ref(h, run, "train"));
    BOOST_TEST(id.find('-') != std::string::npos);  // a GUID, not a number
    BOOST_TEST(h.outputs(run, "train").at("batch_id").as_string() == id);
    BOOST_TEST(h.livy().count("POST", "/batches") == 1U);
    BOOST_TEST(h.livy().count("GET", "/batches/" + id + "/log") >= 1U);  // its log, by the GUID
}

BOOST_AUTO_TEST_CASE(a_session_workflow_runs_on_a_livy_with_guid_ids_and_deletes_its_session) {
    EngineHarness h(string_ids());
    h.boot();
    const RowId run = h.start(R"(name: guid-session
steps:
  - {id: s, type: livy_session, statements: [{code: "1+1"}, {code: "2+2"}]}
)");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded));
    const std::string guid = fake_livy::guid_for(0);
    BOOST_TEST(h.outputs(run, "s").at("session_id").as_string() == guid);
    BOOST_TEST(h.livy().count("POST", "/sessions/" + guid + "/statements") == 2U);
    BOOST_TEST(h.livy().count("DELETE", "/sessions/" + guid) == 1U);
}

BOOST_AUTO_TEST_CASE(an_undecodable_create_reply_fails_the_step_after_a_bounded_number_of_tries) {
    EngineHarness h(string_ids());
    h.boot();
    // 201 without an id, on every create: the client cannot tell what was created.
    h.livy().call([&] {
        h.livy().fake().add_fault(
            fake_livy::reply_fault("POST", "/batches", 201, R"({"state":"starting","name":"x"})", 1, 0));
        return 0;
    });
    const RowId run = h.start(R"(name: garbled
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    BOOST_TEST((h.finish(run, 10s) == store::RunState::failed));
    const std::string error = h.step(run, "job").error.value_or("");
    BOOST_TEST(error.find("cannot be decoded") != std::string::npos, error);
    BOOST_TEST(error.find("POST") != std::string::npos, error);
    BOOST_TEST(h.livy().count("POST", "/batches") <= 3U);
    const auto requests = h.livy().call([&] { return h.livy().fake().requests().size(); });
    BOOST_TEST(requests < 40U);  // lookups by name are bounded too
}

BOOST_AUTO_TEST_CASE(a_lookup_by_name_that_never_succeeds_is_bounded) {
    EngineHarness h(string_ids());
    h.settings.livy_create_patience = 200ms;
    h.boot();
    // The create's reply is lost (outcome unknown), and every list answers 503: the engine must
    // stop looking the batch up by name at some point.
    h.livy().call([&] {
        h.livy().fake().add_fault(
            fake_livy::action_fault(fake_livy::FaultAction::drop_after_processing, "POST", "/batches", 1, 0));
        h.livy().fake().add_fault(fake_livy::reply_fault("GET", "/batches", 503, R"({"msg":"busy"})", 1, 0));
        return 0;
    });
    const RowId run = h.start(R"(name: lost
steps:
  - {id: job, type: livy_batch, file: /abs/job.py}
)");
    BOOST_TEST((h.finish(run, 30s) == store::RunState::failed));
    const std::string error = h.step(run, "job").error.value_or("");
    BOOST_TEST(error.find("gave up") != std::string::npos, error);
    BOOST_TEST(h.livy().count("POST", "/batches") == 1U);  // never re-sent blindly
}

BOOST_AUTO_TEST_CASE(a_timed_out_batch_is_deleted_by_its_guid_and_the_delete_is_confirmed) {
    EngineHarness h(string_ids(false));
    h.boot();
    const RowId run = h.start(R"(name: slow
steps:
  - {id: job, type: livy_batch, file: /abs/job.py, timeout: 10m}
)");
    const std::string id = h.livy_id(run, "job");
    BOOST_REQUIRE(!id.empty());
    h.settle();
    h.advance(10min);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "job").state == store::StepState::timed_out));
    const auto deletes = request_indexes(h, "DELETE", "/batches/" + id);
    BOOST_REQUIRE_EQUAL(deletes.size(), 1U);
    const auto checks = request_indexes(h, "GET", "/batches/" + id + "/state");
    BOOST_TEST((!checks.empty() && checks.back() > deletes.front()));  // confirmed after the DELETE
    BOOST_TEST(h.has_event(run, "livy.deleted"));
    const auto state =
        h.livy().call([&] { return h.livy().fake().model().state_of(fake_livy::Collection::batches, 0); });
    BOOST_TEST((!state || *state == "killed"));
}

BOOST_AUTO_TEST_CASE(a_step_timing_out_before_the_id_is_known_deletes_the_batch_found_by_name) {
    EngineHarness h(string_ids(false));
    h.boot();
    // Livy creates the batch but its answer is held back: the step times out with no id stored.
    h.livy().call([&] {
        h.livy().fake().add_fault(fake_livy::delay_fault("POST", "/batches", 3s));
        return 0;
    });
    const RowId run = h.start(R"(name: stuck
steps:
  - {id: job, type: livy_batch, file: /abs/job.py, timeout: 10m}
)");
    BOOST_REQUIRE(h.run_until([&] {
        return h.livy().call([&] { return h.livy().fake().model().count(fake_livy::Collection::batches); }) ==
               1U;
    }));
    h.settle();
    h.advance(10min);
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST((h.step(run, "job").state == store::StepState::timed_out));
    const std::string guid = fake_livy::guid_for(0);
    BOOST_TEST(h.livy().count("GET", "/batches") >= 1U);  // listed and matched by name
    BOOST_TEST(h.livy().count("DELETE", "/batches/" + guid) == 1U);
    BOOST_TEST(h.has_event(run, "livy.deleted"));
}

BOOST_AUTO_TEST_SUITE_END()
