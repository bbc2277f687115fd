#include "orchestrator/store/account_store.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/json_text.hpp"
#include "orchestrator/store/row_helpers.hpp"

#define ORCH_STORE_ACCOUNT_COLUMNS \
    "name, password_hash, roles_json, email, disabled, created_at, credentials_changed_at"

namespace steward::store {
namespace {

using boost::system::result;

constexpr std::size_t kMaxNameLength = 64;

Account read_account(Database& db, const Statement& st) {
    Account account;
    account.name = st.text(0);
    account.password_hash = st.text(1);
    account.roles = detail::string_array(db, st.text(2));
    account.email = st.text(3);
    account.disabled = st.int64(4) != 0;
    account.created_at = st.int64(5);
    account.credentials_changed_at = st.int64(6);
    return account;
}

bool name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '@' || c == '-';
}

// Revokes the user's open sessions; part of every credential change.
void revoke_sessions(Database& db, std::string_view name, Millis now) {
    auto st = db.statement("UPDATE sessions SET revoked_at = ?2 WHERE user = ?1 AND revoked_at IS NULL");
    st->bind_all(name, now);
    st->run();
}

}  // namespace

bool valid_account_name(std::string_view name) noexcept {
    if (name.empty() || name.size() > kMaxNameLength) {
        return false;
    }
    for (const char c : name) {
        if (!name_char(c)) {
            return false;
        }
    }
    return true;
}

result<Account> AccountStore::get(std::string_view name) {
    auto st = db_->statement("SELECT " ORCH_STORE_ACCOUNT_COLUMNS " FROM accounts WHERE name = ?1");
    st->bind_all(name);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_account(*db_, *st);
}

std::vector<Account> AccountStore::list() {
    auto st = db_->statement("SELECT " ORCH_STORE_ACCOUNT_COLUMNS " FROM accounts ORDER BY name");
    std::vector<Account> accounts;
    while (st->step()) {
        accounts.push_back(read_account(*db_, *st));
    }
    return accounts;
}

result<void> AccountStore::create(const Account& account) {
    if (!valid_account_name(account.name)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "INSERT INTO accounts (name, password_hash, roles_json, email, disabled, created_at, "
        "credentials_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (name) DO NOTHING");
    st->bind_all(account.name, account.password_hash, json_string_array(account.roles), account.email,
                 account.disabled, account.created_at, account.credentials_changed_at);
    st->run();
    if (db_->changes() != 1) {
        return Errc::duplicate;
    }
    return {};
}

void AccountStore::set_password(std::string_view name, std::string_view password_hash, Millis now) {
    if (!valid_account_name(name)) {
        throw StoreError("store: '" + std::string(name) + "' is not a valid account name");
    }
    Transaction tx(*db_);
    {
        auto st = db_->statement(
            "INSERT INTO accounts (name, password_hash, created_at, credentials_changed_at) "
            "VALUES (?1, ?2, ?3, ?3) ON CONFLICT (name) DO UPDATE SET "
            "password_hash = excluded.password_hash, credentials_changed_at = "
            "excluded.credentials_changed_at");
        st->bind_all(name, password_hash, now);
        st->run();
    }
    revoke_sessions(*db_, name, now);
    tx.commit();
}

result<void> AccountStore::set_disabled(std::string_view name, bool disabled, Millis now) {
    Transaction tx(*db_);
    {
        auto st = db_->statement("UPDATE accounts SET disabled = ?2 WHERE name = ?1");
        st->bind_all(name, disabled);
        if (auto updated = detail::update_one(*db_, *st); !updated) {
            return updated;
        }
    }
    if (disabled) {
        revoke_sessions(*db_, name, now);
        auto st =
            db_->statement("UPDATE api_tokens SET revoked_at = ?2 WHERE user = ?1 AND revoked_at IS NULL");
        st->bind_all(name, now);
        st->run();
    }
    tx.commit();
    return {};
}

result<void> AccountStore::set_roles(std::string_view name, const std::vector<std::string>& roles) {
    auto st = db_->statement("UPDATE accounts SET roles_json = ?2 WHERE name = ?1");
    st->bind_all(name, json_string_array(roles));
    return detail::update_one(*db_, *st);
}

}  // namespace steward::store
