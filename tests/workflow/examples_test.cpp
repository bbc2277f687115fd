// The example workflows in workflows/ are valid, and every spec survives writing and reloading.
#include "loader_support.hpp"

#include "orchestrator/core/step_graph.hpp"
#include "orchestrator/workflow/loader.hpp"
#include "orchestrator/workflow/writer.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

namespace fs = std::filesystem;
using namespace steward;

namespace {

const fs::path kWorkflows = fs::path(STEWARD_SOURCE_DIR) / "workflows";

// Every jobs/ file the examples name, so the test does not depend on the repository's jobs/.
const std::vector<std::string> kJobFiles{"churn/train.py",
                                         "churn/score.py",
                                         "smoke/smoke_batch.py",
                                         "smoke/statements/one_plus_one.py",
                                         "smoke/statements/json_magic.py",
                                         "smoke/statements/select_one.sql"};

core::WorkflowSpec load_example(const std::string& name, const fs::path& jobs) {
    const auto result = workflow::load_workflow_file(kWorkflows / name, workflow::LoadOptions{jobs});
    BOOST_TEST_REQUIRE(result.ok(), name << ":\n" << core::format_diagnostics(result.diagnostics));
    return *result.spec;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(examples)

BOOST_AUTO_TEST_CASE(every_example_is_valid_and_round_trips) {
    const test::TempJobsDir jobs(kJobFiles);
    int count = 0;
    for (const auto& entry : fs::directory_iterator(kWorkflows)) {
        if (entry.path().extension() != ".yaml") {
            continue;
        }
        ++count;
        const core::WorkflowSpec spec = load_example(entry.path().filename().string(), jobs.path());
        const std::string written = workflow::to_yaml(spec);
        const auto reloaded =
            workflow::load_workflow(written, "written.yaml", workflow::LoadOptions{jobs.path()});
        BOOST_TEST_REQUIRE(reloaded.ok(), entry.path() << " rewritten:\n"
                                                       << written << "\n"
                                                       << core::format_diagnostics(reloaded.diagnostics));
        BOOST_TEST((*reloaded.spec == spec), entry.path() << " changed when rewritten:\n" << written);
        BOOST_TEST(workflow::to_yaml(*reloaded.spec) == written);
    }
    BOOST_TEST(count >= 3);
}

BOOST_AUTO_TEST_CASE(churn_modelops_is_the_whole_model_process) {
    const test::TempJobsDir jobs(kJobFiles);
    const core::WorkflowSpec spec = load_example("churn-modelops.yaml", jobs.path());
    BOOST_TEST(spec.name == "churn-modelops");
    BOOST_TEST(spec.triggers.size() == 1u);
    BOOST_TEST(spec.triggers[0].cron.text() == "0 6 1 * *");
    BOOST_TEST(spec.defaults.livy.proxy_user == "etl");
    BOOST_TEST(spec.defaults.retry->max == 2);

    auto index = [&](std::string_view id) { return spec.step_index(id).value(); };
    auto type = [&](std::string_view id) { return spec.find_step(id)->type(); };
    BOOST_TEST((type("train") == core::StepType::LivyBatch));
    BOOST_TEST((type("register") == core::StepType::RegisterModel));
    BOOST_TEST((type("approve") == core::StepType::UserTask));
    BOOST_TEST((type("promote") == core::StepType::PromoteModel));
    BOOST_TEST((type("wait_score") == core::StepType::Wait));
    BOOST_TEST((type("score") == core::StepType::LivyBatch));
    BOOST_TEST((type("monitor") == core::StepType::Report));
    BOOST_TEST((type("check") == core::StepType::Gate));
    BOOST_TEST((type("ask_steward") == core::StepType::UserTask));

    // Approve -> promote; the gate loops back to scoring when KS holds, else asks the steward.
    BOOST_TEST(core::next_after(spec, index("approve"), "approve").value() == index("promote"));
    BOOST_TEST(core::gate_target(spec, index("check"), 0).value() == index("wait_score"));
    BOOST_TEST(core::gate_target(spec, index("check"), std::nullopt).value() == index("ask_steward"));
    // The steward has a one-day deadline with reminders; retraining loops back to train.
    const auto& ask = std::get<core::UserTaskStep>(spec.find_step("ask_steward")->body);
    BOOST_TEST((spec.find_step("ask_steward")->timeout ==
                core::DurationField(core::Duration(std::chrono::hours(24)))));
    BOOST_TEST(ask.remind.has_value());
    BOOST_TEST(core::next_after(spec, index("ask_steward"), "retrain").value() == index("announce_retrain"));
    BOOST_TEST(core::next_after(spec, index("announce_retrain")).value() == index("train"));
    BOOST_TEST(core::find_unguarded_cycles(spec).empty());
}

BOOST_AUTO_TEST_CASE(positions_are_kept_for_engine_messages) {
    const test::TempJobsDir jobs(kJobFiles);
    const core::WorkflowSpec spec = load_example("churn-modelops.yaml", jobs.path());
    const core::Step& train = *spec.find_step("train");
    BOOST_TEST(train.origin.pos.line > 0);
    BOOST_TEST(train.origin.at("file").line == train.origin.pos.line + 3);
    BOOST_TEST(core::describe_position(spec, train.origin.at("file")).find("churn-modelops.yaml:") !=
               std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
