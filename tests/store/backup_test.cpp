// Online backups with SQLite's backup API (orchestrator/store/backup.hpp): a consistent copy of a
// database that another connection keeps writing to, restorable, never half-written.
#include "orchestrator/store/backup.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/store/printers.hpp"
#include "tests/store/temp_db.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

using namespace steward::store;
using steward::store::test::TempDb;
namespace fs = std::filesystem;

namespace {

// Runs with chains of steps; each transition finishes a step and appends its "step.succeeded"
// event in one commit, so in any consistent snapshot both counts agree.
struct Writer {
    explicit Writer(const std::string& path) : store(path) {
        def = store.runs().upsert_definition("chain", "name: chain\n", "h", 0);
        run = store.runs().create_run(def, "{}", "manual", 0);
        step = store.runs().begin_step(run, "s0", 1, 0).value();
    }
    void transition(int i, std::size_t pad) {
        auto tx = store.transaction();
        (void)store.runs().finish_step(step, {.state = StepState::succeeded}, i).value();
        store.runs().append_event(run, step, i, "step.succeeded",
                                  R"({"pad":")" + std::string(pad, 'x') + R"("})");
        step = store.runs().begin_step(run, "s" + std::to_string(i + 1), 1, i).value();
        tx.commit();
    }
    Store store;
    RowId def = 0;
    RowId run = 0;
    RowId step = 0;
};

std::size_t succeeded_steps(Store& store, RowId run) {
    std::size_t n = 0;
    for (const auto& exec : store.runs().list_steps(run)) {
        n += exec.state == StepState::succeeded ? 1 : 0;
    }
    return n;
}

std::size_t succeeded_events(Store& store, RowId run) {
    std::size_t n = 0;
    RowId after = 0;
    while (true) {
        const auto page = store.runs().list_events(run, after, 1000).value();
        if (page.empty()) {
            return n;
        }
        for (const auto& e : page) {
            n += e.type == "step.succeeded" ? 1 : 0;
            after = e.id;
        }
    }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(backup)

BOOST_AUTO_TEST_CASE(a_backup_taken_while_another_connection_writes_is_one_consistent_snapshot) {
    TempDb tmp;
    Writer seed(tmp.path());
    for (int i = 0; i < 200; ++i) {
        seed.transition(i, 4096);  // ~1 MB, so the copy takes many steps
    }
    std::atomic<bool> stop = false;
    std::atomic<int> written = 0;
    std::thread writer([&] {
        Writer live(tmp.path());  // its own connection, as `steward serve` has
        for (int i = 0; !stop; ++i) {
            live.transition(i, 512);
            ++written;
        }
    });
    while (written < 5) {
        std::this_thread::yield();
    }
    const std::string copy = (tmp.dir() / "copy.db").string();
    int progress_calls = 0;
    BackupProgress last;
    BackupOptions options;
    options.pages_per_step = 8;
    options.on_progress = [&](const BackupProgress& p) {
        ++progress_calls;
        last = p;
        std::this_thread::yield();  // let the writer commit between steps
    };
    const auto done = backup_file(tmp.path(), copy, options);
    const int written_during = written;
    stop = true;
    writer.join();
    BOOST_TEST_REQUIRE(done.has_value(), (done ? "" : done.error().message));
    BOOST_TEST(done->pages > 100);
    BOOST_TEST(progress_calls > 10);
    BOOST_TEST(last.copied_pages == last.total_pages);
    BOOST_TEST(written_during > 5);  // the writer was not blocked
    BOOST_TEST(!fs::exists(copy + ".partial"));

    // Restore: open the copy as the server would (it migrates nothing, it is current).
    Store restored(copy);
    BOOST_TEST(restored.integrity_check() == "ok");
    BOOST_TEST(restored.instance_id() == seed.store.instance_id());
    BOOST_TEST(succeeded_steps(restored, seed.run) == 200u);
    // The live writer's run: whatever the snapshot holds, steps and events agree.
    const RowId live_run = seed.run + 1;
    BOOST_TEST(succeeded_steps(restored, live_run) == succeeded_events(restored, live_run));
    BOOST_TEST(restored.audit().verify_chain().ok);
}

BOOST_AUTO_TEST_CASE(an_existing_destination_is_refused_unless_overwrite_and_errors_name_the_path) {
    TempDb tmp;
    Writer seed(tmp.path());
    seed.transition(0, 10);
    const std::string copy = (tmp.dir() / "copy.db").string();
    std::ofstream(copy) << "precious";

    const auto refused = backup_file(tmp.path(), copy, {});
    BOOST_TEST_REQUIRE(refused.has_error());
    BOOST_TEST(static_cast<int>(refused.error().kind) ==
               static_cast<int>(BackupFailure::Kind::destination_exists));
    BOOST_TEST(refused.error().message.find(copy) != std::string::npos);
    std::ifstream kept(copy);
    std::string text;
    kept >> text;
    BOOST_TEST(text == "precious");

    BackupOptions force;
    force.overwrite = true;
    BOOST_TEST_REQUIRE(backup_file(tmp.path(), copy, force).has_value());
    BOOST_TEST(Store(copy).integrity_check() == "ok");

    const std::string missing = (tmp.dir() / "nope.db").string();
    const auto no_source = backup_file(missing, (tmp.dir() / "x.db").string(), {});
    BOOST_TEST_REQUIRE(no_source.has_error());
    BOOST_TEST(static_cast<int>(no_source.error().kind) ==
               static_cast<int>(BackupFailure::Kind::source_unreadable));
    BOOST_TEST(no_source.error().message.find(missing) != std::string::npos);

    const std::string nowhere = (tmp.dir() / "no-such-dir" / "copy.db").string();
    const auto unwritable = backup_file(tmp.path(), nowhere, {});
    BOOST_TEST_REQUIRE(unwritable.has_error());
    BOOST_TEST(unwritable.error().message.find("no-such-dir") != std::string::npos);

    // The Store's own connection backs up the same way, and refuses inside a transaction.
    const std::string own = (tmp.dir() / "own.db").string();
    seed.store.backup_to(own);
    BOOST_TEST(Store(own).runs().get_run(seed.run)->workflow_name == "chain");
    auto tx = seed.store.transaction();
    BOOST_CHECK_THROW(seed.store.backup_to((tmp.dir() / "own2.db").string()), StoreError);
}

BOOST_AUTO_TEST_SUITE_END()
