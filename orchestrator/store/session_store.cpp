#include "orchestrator/store/session_store.hpp"

#include "orchestrator/store/database.hpp"

#define ORCH_STORE_SESSION_COLUMNS \
    "id, id_hash, user, csrf_token, address, created_at, last_seen_at, expires_at, revoked_at"

namespace steward::store {
namespace {

using boost::system::result;

Session read_session(const Statement& st) {
    Session session;
    session.id = st.int64(0);
    session.id_hash = st.text(1);
    session.user = st.text(2);
    session.csrf_token = st.text(3);
    session.address = st.text(4);
    session.created_at = st.int64(5);
    session.last_seen_at = st.int64(6);
    session.expires_at = st.int64(7);
    session.revoked_at = st.optional_int64(8);
    return session;
}

}  // namespace

RowId SessionStore::create(const Session& session) {
    auto st = db_->statement(
        "INSERT INTO sessions (id_hash, user, csrf_token, address, created_at, last_seen_at, expires_at, "
        "revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st->bind_all(session.id_hash, session.user, session.csrf_token, session.address, session.created_at,
                 session.last_seen_at, session.expires_at, session.revoked_at);
    st->run();
    return db_->last_insert_rowid();
}

result<Session> SessionStore::find(std::string_view id_hash) {
    auto st = db_->statement("SELECT " ORCH_STORE_SESSION_COLUMNS " FROM sessions WHERE id_hash = ?1");
    st->bind_all(id_hash);
    if (!st->step()) {
        return Errc::not_found;
    }
    return read_session(*st);
}

void SessionStore::touch(RowId id, Millis now) {
    auto st = db_->statement("UPDATE sessions SET last_seen_at = ?2 WHERE id = ?1");
    st->bind_all(id, now);
    st->run();
}

void SessionStore::revoke(RowId id, Millis now) {
    auto st = db_->statement("UPDATE sessions SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
    st->bind_all(id, now);
    st->run();
}

int SessionStore::revoke_user(std::string_view user, Millis now) {
    auto st = db_->statement("UPDATE sessions SET revoked_at = ?2 WHERE user = ?1 AND revoked_at IS NULL");
    st->bind_all(user, now);
    st->run();
    return db_->changes();
}

int SessionStore::purge(Millis older_than) {
    auto st = db_->statement("DELETE FROM sessions WHERE expires_at < ?1 OR revoked_at < ?1");
    st->bind_all(older_than);
    st->run();
    return db_->changes();
}

}  // namespace steward::store
