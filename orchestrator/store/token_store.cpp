#include "orchestrator/store/token_store.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/json_text.hpp"
#include "orchestrator/store/row_helpers.hpp"

#define ORCH_STORE_TOKEN_COLUMNS                                                                       \
    "id, hash, user, name, scopes_json, workflows, created_by, created_at, expires_at, last_used_at, " \
    "revoked_at"

namespace steward::store {
namespace {

using boost::system::result;

ApiToken read_token(Database& db, const Statement& st) {
    ApiToken token;
    token.id = st.int64(0);
    token.hash = st.text(1);
    token.user = st.text(2);
    token.name = st.text(3);
    token.scopes = detail::string_array(db, st.text(4));
    token.workflows = st.text(5);
    token.created_by = st.text(6);
    token.created_at = st.int64(7);
    token.expires_at = st.optional_int64(8);
    token.last_used_at = st.optional_int64(9);
    token.revoked_at = st.optional_int64(10);
    return token;
}

}  // namespace

result<RowId> TokenStore::create(const ApiToken& token) {
    if (token.hash.empty() || token.user.empty()) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "INSERT INTO api_tokens (hash, user, name, scopes_json, workflows, created_by, created_at, "
        "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (hash) DO NOTHING");
    st->bind_all(token.hash, token.user, token.name, json_string_array(token.scopes), token.workflows,
                 token.created_by, token.created_at, token.expires_at);
    st->run();
    if (db_->changes() != 1) {
        return Errc::duplicate;
    }
    return db_->last_insert_rowid();
}

result<ApiToken> TokenStore::find_by_hash(std::string_view hash) {
    auto st = db_->statement("SELECT " ORCH_STORE_TOKEN_COLUMNS " FROM api_tokens WHERE hash = ?1");
    st->bind_all(hash);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_token(*db_, *st);
}

result<ApiToken> TokenStore::get(RowId id) {
    auto st = db_->statement("SELECT " ORCH_STORE_TOKEN_COLUMNS " FROM api_tokens WHERE id = ?1");
    st->bind_all(id);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_token(*db_, *st);
}

std::vector<ApiToken> TokenStore::list(bool include_revoked) {
    auto st = db_->statement("SELECT " ORCH_STORE_TOKEN_COLUMNS
                             " FROM api_tokens WHERE ?1 OR revoked_at IS NULL ORDER BY id");
    st->bind_all(include_revoked);
    std::vector<ApiToken> tokens;
    while (st->step()) {
        tokens.push_back(read_token(*db_, *st));
    }
    return tokens;
}

void TokenStore::touch(RowId id, Millis now) {
    auto st = db_->statement(
        "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at "
        "<= ?2 - ?3)");
    st->bind_all(id, now, kTouchResolution);
    st->run();
}

result<void> TokenStore::revoke(RowId id, Millis now) {
    auto st = db_->statement("UPDATE api_tokens SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1");
    st->bind_all(id, now);
    return detail::update_one(*db_, *st);
}

int TokenStore::revoke_user(std::string_view user, Millis now) {
    auto st = db_->statement("UPDATE api_tokens SET revoked_at = ?2 WHERE user = ?1 AND revoked_at IS NULL");
    st->bind_all(user, now);
    st->run();
    return db_->changes();
}

}  // namespace steward::store
