#include "orchestrator/store/store.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace steward::store;
using steward::store::test::StoreFixture;

namespace {

const ModelName kChurn{"churn", "xgb"};

NewModelVersion request(const ModelName& model, std::int64_t major, std::int64_t minor) {
    NewModelVersion r;
    r.model = model;
    r.version = {major, minor};
    r.artifact_uri =
        "hdfs:///models/" + model.artifact + "/" + std::to_string(major) + "." + std::to_string(minor);
    r.at = 1000;
    return r;
}

std::string version_of(const ModelVersion& v) {
    return format_version_number(v.major, v.minor, v.build);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(registry, StoreFixture)

BOOST_AUTO_TEST_CASE(build_numbers_count_per_major_minor) {
    auto& registry = store().registry();
    const ModelName other{"churn", "logit"};
    // Interleaved registrations across models, majors and minors.
    const std::vector<std::pair<ModelName, MajorMinor>> sequence{
        {kChurn, {1, 0}}, {kChurn, {1, 0}}, {kChurn, {1, 1}}, {other, {1, 0}},  {kChurn, {2, 0}},
        {kChurn, {1, 0}}, {kChurn, {1, 1}}, {other, {1, 0}},  {kChurn, {0, 9}}, {kChurn, {1, 0}},
    };
    std::vector<std::string> got;
    for (const auto& [model, mm] : sequence) {
        const auto v = registry.register_version(request(model, mm.major, mm.minor));
        BOOST_TEST_REQUIRE(v.has_value());
        got.push_back(model.artifact + ":" + version_of(*v));
    }
    const std::vector<std::string> expected{"xgb:1.0.1", "xgb:1.0.2", "xgb:1.1.1", "logit:1.0.1",
                                            "xgb:2.0.1", "xgb:1.0.3", "xgb:1.1.2", "logit:1.0.2",
                                            "xgb:0.9.1", "xgb:1.0.4"};
    BOOST_TEST(got == expected, boost::test_tools::per_element());

    reopen();  // numbering continues from what is stored
    const auto next = store().registry().register_version(request(kChurn, 1, 0));
    BOOST_TEST(version_of(*next) == "1.0.5");

    const auto listed = store().registry().list_versions(kChurn, 3);
    BOOST_TEST_REQUIRE(listed->size() == 3u);
    BOOST_TEST(version_of((*listed)[0]) == "2.0.1");
    BOOST_TEST(version_of((*listed)[1]) == "1.1.2");
    BOOST_TEST(version_of((*listed)[2]) == "1.1.1");
    BOOST_TEST(store().registry().list_versions(kChurn, 100, 3)->size() == 6u);
    BOOST_TEST((store().registry().list_models() == std::vector<ModelName>{other, kChurn}));
}

BOOST_AUTO_TEST_CASE(versions_keep_lineage_and_are_immutable) {
    const RowId run = make_run();
    const RowId step = make_step(run, "register");
    auto r = request(kChurn, 1, 0);
    r.run_id = run;
    r.step_id = "register";
    r.step_exec_id = step;
    r.metrics_json = R"({"auc":0.81})";
    r.tags_json = R"({"team":"risk"})";
    r.params_json = R"({"train_data":"hdfs:///d"})";
    r.data_json = R"({"rows":1000})";
    r.actor = "engine";
    const auto v = store().registry().register_version(r);
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(store().registry().register_version(r).error() == Errc::duplicate);  // same step attempt

    const auto got = store().registry().get_version(ModelVersionRef{kChurn, 1, 0, 1});
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(*got->run_id == run);
    BOOST_TEST(*got->step_id == "register");
    BOOST_TEST(*got->step_exec_id == step);
    BOOST_TEST(got->metrics_json == R"({"auc":0.81})");
    BOOST_TEST(got->params_json == R"({"train_data":"hdfs:///d"})");
    BOOST_TEST(got->data_json == R"({"rows":1000})");
    BOOST_TEST(got->artifact_uri == "hdfs:///models/xgb/1.0");
    BOOST_TEST(store().registry().find_version_for_step(step)->id == v->id);
    BOOST_TEST(store().registry().get_version(ModelVersionRef{kChurn, 1, 0, 2}).error() == Errc::not_found);

    const auto audit = store().audit().list_for_object("model_version", "churn:xgb:1.0.1");
    BOOST_TEST_REQUIRE(audit.size() == 1u);
    BOOST_TEST(audit[0].action == "model.register");
    BOOST_TEST(audit[0].actor == "engine");

    Database raw(tmp.path());
    BOOST_CHECK_THROW(raw.exec("UPDATE model_versions SET artifact_uri = 'x'"), StoreError);
    BOOST_CHECK_THROW(raw.exec("DELETE FROM model_versions"), StoreError);
}

BOOST_AUTO_TEST_CASE(invalid_coordinates_are_refused) {
    auto& registry = store().registry();
    BOOST_TEST(registry.register_version(request({"bad group", "x"}, 1, 0)).error() ==
               Errc::invalid_argument);
    BOOST_TEST(registry.register_version(request({"g", ""}, 1, 0)).error() == Errc::invalid_argument);
    BOOST_TEST(registry.register_version(request(kChurn, -1, 0)).error() == Errc::invalid_argument);
    BOOST_TEST(registry.register_version(request(kChurn, 1, kMaxVersionNumber + 1)).error() ==
               Errc::invalid_argument);
    auto no_uri = request(kChurn, 1, 0);
    no_uri.artifact_uri.clear();
    BOOST_TEST(registry.register_version(no_uri).error() == Errc::invalid_argument);
    BOOST_TEST(registry.list_versions({"a:b", "c"}).error() == Errc::invalid_argument);
    BOOST_TEST(registry.list_models().empty());
}

BOOST_AUTO_TEST_CASE(aliases_move_atomically_with_an_audit_row) {
    auto& registry = store().registry();
    const auto v1 = registry.register_version(request(kChurn, 1, 0));
    const auto v2 = registry.register_version(request(kChurn, 1, 0));
    BOOST_TEST_REQUIRE((v1 && v2));

    auto move = registry.set_alias(kChurn, "champion", {kChurn, 1, 0, 1}, "alice", 2000);
    BOOST_TEST_REQUIRE(move.has_value());
    BOOST_TEST(!move->previous.has_value());
    BOOST_TEST(move->current.id == v1->id);
    BOOST_TEST(registry.resolve_alias(kChurn, "champion")->id == v1->id);

    BOOST_TEST(registry.set_alias(kChurn, "challenger", {kChurn, 1, 0, 2}, "alice", 2100).has_value());
    move = registry.set_alias(kChurn, "champion", {kChurn, 1, 0, 2}, "bob", 3000);
    BOOST_TEST_REQUIRE(move.has_value());
    BOOST_TEST(move->previous->id == v1->id);
    BOOST_TEST(registry.resolve_alias(kChurn, "champion")->id == v2->id);

    const auto aliases = registry.list_aliases(kChurn);
    BOOST_TEST_REQUIRE(aliases.size() == 2u);
    BOOST_TEST(aliases[0].alias == "challenger");
    BOOST_TEST(aliases[1].alias == "champion");
    BOOST_TEST(aliases[1].version == "1.0.2");
    BOOST_TEST(aliases[1].updated_at == 3000);

    const auto audit = store().audit().list_for_object("model_alias", "churn:xgb@champion");
    BOOST_TEST_REQUIRE(audit.size() == 2u);
    BOOST_TEST(audit[1].actor == "bob");
    BOOST_TEST(audit[1].details_json == R"({"alias":"champion","from":"1.0.1","to":"1.0.2"})");
    BOOST_TEST(audit[0].details_json == R"({"alias":"champion","from":null,"to":"1.0.1"})");

    // Refusals change nothing and write no audit row.
    const auto rows_before = store().audit().list(0, 1000)->size();
    BOOST_TEST(registry.set_alias(kChurn, "champion", {kChurn, 9, 9, 9}, "bob", 4000).error() ==
               Errc::conflict);
    BOOST_TEST(registry.set_alias(kChurn, "1.0", {kChurn, 1, 0, 1}, "bob", 4000).error() ==
               Errc::invalid_argument);
    BOOST_TEST(registry.set_alias(kChurn, "champion", {{"churn", "other"}, 1, 0, 1}, "bob", 4000).error() ==
               Errc::invalid_argument);
    BOOST_TEST(registry.resolve_alias(kChurn, "champion")->id == v2->id);
    BOOST_TEST(store().audit().list(0, 1000)->size() == rows_before);
    BOOST_TEST(registry.resolve_alias(kChurn, "shadow").error() == Errc::not_found);
}

BOOST_AUTO_TEST_SUITE_END()
