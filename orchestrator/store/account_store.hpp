#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace steward::store {

class Database;

/// A local account: a person or robot that can sign in (with a password) or own API tokens.
struct Account {
    std::string name{};
    std::string password_hash{};  ///< an Argon2id string from auth::hash_password; "" = no password
    std::vector<std::string> roles{};
    std::string email{};
    bool disabled = false;
    Millis created_at = 0;
    Millis credentials_changed_at = 0;  ///< the last password change (0 = never)
};

/// True for an account name the store accepts: 1..64 characters of [A-Za-z0-9._@-]. Pure.
bool valid_account_name(std::string_view name) noexcept;

/// Local accounts (table `accounts`). Accounts defined in the config file need no row until they
/// get a password (`set_password` creates one). Password hashes are opaque to the store.
///
/// Error contract: SQLite failures throw `StoreError`; input-dependent failures are `result` errors
/// as listed. Every method nests in a caller's transaction. Not thread-safe.
class AccountStore {
public:
    explicit AccountStore(Database& db) noexcept : db_(&db) {}

    /// Errc::not_found.
    boost::system::result<Account> get(std::string_view name);
    /// Every account, ordered by name.
    std::vector<Account> list();
    /// Adds an account with all its fields. Errc::invalid_argument for a name outside
    /// `valid_account_name`; Errc::duplicate if the name exists.
    boost::system::result<void> create(const Account& account);
    /// Sets the password hash ("" removes the password), creating a row without roles if the user
    /// has none yet (config users get passwords this way), sets credentials_changed_at = now and
    /// revokes the user's open sessions, in one transaction. A name outside `valid_account_name`
    /// throws `StoreError` (check it first: it is the caller's input).
    void set_password(std::string_view name, std::string_view password_hash, Millis now);
    /// Disables or enables an account. Disabling revokes the user's open sessions and API tokens in
    /// the same transaction (enabling again does not bring them back). Errc::not_found.
    boost::system::result<void> set_disabled(std::string_view name, bool disabled, Millis now);
    /// Replaces the account's roles. Errc::not_found.
    boost::system::result<void> set_roles(std::string_view name, const std::vector<std::string>& roles);

private:
    Database* db_;
};

}  // namespace steward::store
