// Acknowledged means durable (docs/store.md, "Durability guarantees"): what reaches the disk when,
// observed through a VFS that counts the fsyncs of the write-ahead log; a full disk (SQLITE_FULL
// through max_page_count): refused whole, told apart, recovered from.
#include "orchestrator/store/store.hpp"
#include "tests/store/printers.hpp"
#include "tests/store/temp_db.hpp"

#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include <cstring>
#include <string>
#include <string_view>

using namespace steward::store;
using steward::store::test::TempDb;

namespace {

// A VFS over the default one that counts xSync calls on files whose name ends in "-wal".
// Registered as the default VFS while a `WalSyncCounter` lives, so a `Store` opened meanwhile
// goes through it.
struct CountingFile {
    sqlite3_file base;
    bool wal;
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

int g_wal_syncs = 0;
sqlite3_vfs* g_real = nullptr;

CountingFile* self(sqlite3_file* f) {
    return reinterpret_cast<CountingFile*>(f);
}

int c_close(sqlite3_file* f) {
    return self(f)->real()->pMethods->xClose(self(f)->real());
}
int c_read(sqlite3_file* f, void* b, int n, sqlite3_int64 o) {
    return self(f)->real()->pMethods->xRead(self(f)->real(), b, n, o);
}
int c_write(sqlite3_file* f, const void* b, int n, sqlite3_int64 o) {
    return self(f)->real()->pMethods->xWrite(self(f)->real(), b, n, o);
}
int c_truncate(sqlite3_file* f, sqlite3_int64 size) {
    return self(f)->real()->pMethods->xTruncate(self(f)->real(), size);
}
int c_sync(sqlite3_file* f, int flags) {
    if (self(f)->wal) {
        ++g_wal_syncs;
    }
    return self(f)->real()->pMethods->xSync(self(f)->real(), flags);
}
int c_size(sqlite3_file* f, sqlite3_int64* size) {
    return self(f)->real()->pMethods->xFileSize(self(f)->real(), size);
}
int c_lock(sqlite3_file* f, int l) {
    return self(f)->real()->pMethods->xLock(self(f)->real(), l);
}
int c_unlock(sqlite3_file* f, int l) {
    return self(f)->real()->pMethods->xUnlock(self(f)->real(), l);
}
int c_check(sqlite3_file* f, int* out) {
    return self(f)->real()->pMethods->xCheckReservedLock(self(f)->real(), out);
}
int c_control(sqlite3_file* f, int op, void* arg) {
    return self(f)->real()->pMethods->xFileControl(self(f)->real(), op, arg);
}
int c_sector(sqlite3_file* f) {
    return self(f)->real()->pMethods->xSectorSize(self(f)->real());
}
int c_caps(sqlite3_file* f) {
    return self(f)->real()->pMethods->xDeviceCharacteristics(self(f)->real());
}
int c_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return self(f)->real()->pMethods->xShmMap(self(f)->real(), page, size, extend, out);
}
int c_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return self(f)->real()->pMethods->xShmLock(self(f)->real(), offset, n, flags);
}
void c_shm_barrier(sqlite3_file* f) {
    self(f)->real()->pMethods->xShmBarrier(self(f)->real());
}
int c_shm_unmap(sqlite3_file* f, int del) {
    return self(f)->real()->pMethods->xShmUnmap(self(f)->real(), del);
}
int c_fetch(sqlite3_file* f, sqlite3_int64 o, int n, void** p) {
    return self(f)->real()->pMethods->xFetch(self(f)->real(), o, n, p);
}
int c_unfetch(sqlite3_file* f, sqlite3_int64 o, void* p) {
    return self(f)->real()->pMethods->xUnfetch(self(f)->real(), o, p);
}

const sqlite3_io_methods methods_table = {
    3,          c_close,       c_read,      c_write,   c_truncate, c_sync, c_size,
    c_lock,     c_unlock,      c_check,     c_control, c_sector,   c_caps, c_shm_map,
    c_shm_lock, c_shm_barrier, c_shm_unmap, c_fetch,   c_unfetch};

int c_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    auto* file = self(f);
    std::memset(file, 0, sizeof(CountingFile));
    const int rc = g_real->xOpen(g_real, name, file->real(), flags, out_flags);
    if (rc == SQLITE_OK && file->real()->pMethods != nullptr) {
        const std::string_view path = name != nullptr ? name : "";
        file->wal = path.size() > 4 && path.substr(path.size() - 4) == "-wal";
        file->base.pMethods = &methods_table;
    }
    return rc;
}

class WalSyncCounter {
public:
    WalSyncCounter() {
        g_real = sqlite3_vfs_find(nullptr);
        vfs_ = *g_real;
        vfs_.zName = "steward-counting";
        vfs_.szOsFile = static_cast<int>(sizeof(CountingFile)) + g_real->szOsFile;
        vfs_.xOpen = c_open;
        sqlite3_vfs_register(&vfs_, 1);
        g_wal_syncs = 0;
    }
    ~WalSyncCounter() {
        sqlite3_vfs_unregister(&vfs_);
        sqlite3_vfs_register(g_real, 1);
    }
    WalSyncCounter(const WalSyncCounter&) = delete;
    WalSyncCounter& operator=(const WalSyncCounter&) = delete;

    int syncs() const { return g_wal_syncs; }
    void reset() { g_wal_syncs = 0; }

private:
    sqlite3_vfs vfs_{};
};

struct Chain {
    RowId run;
    RowId step;
};

Chain start_chain(Store& store) {
    const RowId def = store.runs().upsert_definition("chain", "name: chain\n", "h", 0);
    const RowId run = store.runs().create_run(def, "{}", "manual", 0);
    return {run, *store.runs().begin_step(run, "s0", 1, 0)};
}

// One step transition as the engine commits it (finish, event, next step, cursor), with an event
// payload of `payload` bytes.
void transition(Store& store, Chain& chain, int i, std::size_t payload = 0) {
    auto tx = store.transaction();
    (void)store.runs().finish_step(chain.step, {.state = StepState::succeeded}, i).value();
    store.runs().append_event(chain.run, chain.step, i, "step.succeeded",
                              R"({"pad":")" + std::string(payload, 'x') + R"("})");
    const std::string next = "s" + std::to_string(i + 1);
    chain.step = store.runs().begin_step(chain.run, next, 1, i).value();
    (void)store.runs().set_current_step(chain.run, std::string_view(next), i).value();
    tx.commit();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(acknowledged_durability)

BOOST_AUTO_TEST_CASE(engine_commits_stay_batched_and_sync_commits_fsyncs_the_wal_once) {
    TempDb tmp;
    WalSyncCounter counter;
    Store store(tmp.path());
    Chain chain = start_chain(store);
    store.sync_commits();
    counter.reset();
    const auto syncs_before = store.durable_syncs();

    for (int i = 0; i < 20; ++i) {
        transition(store, chain, i);
    }
    // synchronous=NORMAL: twenty commits, none of them synced.
    BOOST_TEST(counter.syncs() == 0);
    BOOST_TEST(store.has_unsynced_commits());

    store.sync_commits();  // what the API does before acknowledging
    BOOST_TEST(counter.syncs() == 1);
    BOOST_TEST(store.durable_syncs() == syncs_before + 1);
    BOOST_TEST(!store.has_unsynced_commits());

    store.sync_commits();  // nothing new: no fsync
    BOOST_TEST(counter.syncs() == 1);
    BOOST_TEST(store.durable_syncs() == syncs_before + 1);

    // A write outside any transaction() (an autocommit statement) counts as well.
    store.runs().append_event(chain.run, std::nullopt, 100, "run.note");
    BOOST_TEST(store.has_unsynced_commits());
    store.sync_commits();
    BOOST_TEST(counter.syncs() == 2);

    // Refused inside a transaction: it could not make the open one durable.
    auto tx = store.transaction();
    BOOST_CHECK_THROW(store.sync_commits(), StoreError);
}

BOOST_AUTO_TEST_CASE(every_commit_durable_mode_syncs_each_commit_itself) {
    TempDb tmp;
    WalSyncCounter counter;
    Store store(tmp.path());
    Chain chain = start_chain(store);
    store.set_sync_every_commit(true);
    counter.reset();
    for (int i = 0; i < 5; ++i) {
        transition(store, chain, i);
    }
    BOOST_TEST(counter.syncs() >= 5);
    BOOST_TEST(!store.has_unsynced_commits());
    store.set_sync_every_commit(false);
    counter.reset();
    transition(store, chain, 5);
    BOOST_TEST(counter.syncs() == 0);
    BOOST_TEST(store.has_unsynced_commits());
}

BOOST_AUTO_TEST_CASE(a_full_disk_refuses_the_whole_transaction_says_so_and_recovers) {
    TempDb tmp;
    Store store(tmp.path());
    Chain chain = start_chain(store);
    transition(store, chain, 0);
    const auto events_before = store.runs().list_events(chain.run)->size();
    const auto pages = store.page_count();
    BOOST_TEST(store.set_page_limit(pages) == pages);

    // A transition that needs new pages fails as a full disk, distinguishable from other errors.
    bool full = false;
    try {
        transition(store, chain, 1, std::size_t{64} * 1024);
    } catch (const StoreError& e) {
        full = e.is_storage_full();
        BOOST_TEST(e.error_code() == make_error_code(Errc::storage_full));
        BOOST_TEST(!e.is_constraint_violation());
    }
    BOOST_TEST(full);
    // Nothing of it was written: the step is still the one that was running.
    BOOST_TEST(store.runs().list_events(chain.run)->size() == events_before);
    BOOST_TEST(store.runs().get_step(chain.step)->state == StepState::running);
    BOOST_TEST(store.integrity_check() == "ok");

    // Space returns: the same transition succeeds.
    store.set_page_limit(1'000'000);
    transition(store, chain, 1, std::size_t{64} * 1024);
    BOOST_TEST(store.runs().list_events(chain.run)->size() == events_before + 1);
    BOOST_TEST(store.integrity_check() == "ok");

    // Other failures stay what they were.
    BOOST_TEST(StoreError("x", SQLITE_IOERR_WRITE).error_code() == boost::system::error_code{});
}

BOOST_AUTO_TEST_SUITE_END()
