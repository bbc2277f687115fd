#include "orchestrator/store/store.hpp"

#include "orchestrator/store/migrations.hpp"

namespace steward::store {
namespace {

std::string read_instance_id(Database& db) {
    auto st = db.statement("SELECT value FROM meta WHERE key = 'instance_id'");
    if (!st->step()) {
        throw StoreError("store: database '" + db.path() +
                         "' has no instance_id (was the meta table edited?)");
    }
    return st->text(0);
}

}  // namespace

Store::Store(const std::string& path)
    : db_(std::make_unique<Database>(path)),
      opened_at_version_(migrate(*db_)),
      instance_id_(read_instance_id(*db_)),
      runs_(*db_),
      timers_(*db_),
      tasks_(*db_),
      livy_(*db_, instance_id_),
      registry_(*db_),
      reports_(*db_),
      audit_(*db_),
      accounts_(*db_),
      sessions_(*db_),
      tokens_(*db_),
      stats_(*db_) {}

Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

Transaction Store::transaction() {
    return Transaction(*db_);
}

std::int64_t Store::set_page_limit(std::int64_t pages) {
    Statement st(db_->handle(), "PRAGMA max_page_count = " + std::to_string(pages));
    return st.step() ? st.int64(0) : pages;
}

std::int64_t Store::page_count() {
    auto st = db_->statement("PRAGMA page_count");
    return st->step() ? st->int64(0) : 0;
}

std::string Store::integrity_check() {
    Statement st(db_->handle(), "PRAGMA integrity_check");
    std::string out;
    while (st.step()) {
        out += (out.empty() ? "" : "\n") + st.text(0);
    }
    return out;
}

void Store::backup_to(const std::string& path, const BackupOptions& options) {
    if (db_->transaction_depth() != 0) {
        throw StoreError("store: backup_to inside a transaction (commit it first)");
    }
    (void)backup_connection(db_->handle(), path, options).value();
}

}  // namespace steward::store
