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

void Store::backup_to(const std::string& path) {
    auto st = db_->statement("VACUUM INTO ?1");
    st->bind_all(path);
    st->run();
}

}  // namespace steward::store
