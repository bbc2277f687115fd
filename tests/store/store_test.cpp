#include "orchestrator/store/store.hpp"
#include "orchestrator/store/migrations.hpp"
#include "tests/store/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <utility>

using namespace steward::store;
using steward::store::test::StoreFixture;

BOOST_FIXTURE_TEST_SUITE(store_facade, StoreFixture)

BOOST_AUTO_TEST_CASE(instance_id_and_schema_version_survive_reopen) {
    BOOST_TEST(store().opened_at_schema_version() == 0);
    const std::string id = store().instance_id();
    BOOST_TEST(id.find_first_not_of("0123456789abcdef") == std::string::npos);
    reopen();
    BOOST_TEST(store().instance_id() == id);
    BOOST_TEST(store().opened_at_schema_version() == schema_version());
}

BOOST_AUTO_TEST_CASE(a_moved_store_keeps_working) {
    const RowId run = make_run();
    Store moved(std::move(*opened));
    opened.reset();
    BOOST_TEST(moved.runs().get_run(run)->id == run);
    BOOST_TEST(
        moved.livy().handle_name(moved.instance_id(), 1, "a", 2, LivyKind::batch).find(moved.instance_id()) !=
        std::string::npos);
}

BOOST_AUTO_TEST_CASE(backup_is_a_consistent_openable_copy) {
    const RowId run = make_run();
    const RowId step = make_step(run);
    store().runs().append_event(run, step, 1, "step.started");
    const std::string copy = (tmp.dir() / "backup.db").string();
    store().backup_to(copy);
    BOOST_CHECK_THROW(store().backup_to(copy), StoreError);  // never overwrites

    Store restored(copy);
    BOOST_TEST(restored.instance_id() == store().instance_id());
    BOOST_TEST(restored.runs().get_run(run)->workflow_name == "churn-modelops");
    BOOST_TEST(restored.runs().list_events(run)->size() == 1u);
    BOOST_TEST(restored.audit().verify_chain().ok);
}

BOOST_AUTO_TEST_CASE(in_memory_database_works_for_tests) {
    Store memory(":memory:");
    const RowId def = memory.runs().upsert_definition("wf", "name: wf\n", "h", 1);
    BOOST_TEST(memory.runs().create_run(def, "{}", "manual", 2) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
