#include "orchestrator/store/audit_log.hpp"

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/row_helpers.hpp"

#include <openssl/evp.h>

#include <array>

#define ORCH_STORE_AUDIT_COLUMNS \
    "id, at, actor, action, object_type, object_id, details_json, prev_hash, hash"

namespace steward::store {
namespace {

using boost::system::result;

AuditEntry read_entry(const Statement& st) {
    return {st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4),
            st.text(5),  st.text(6),  st.text(7), st.text(8)};
}

std::vector<AuditEntry> read_entries(Statement& st) {
    std::vector<AuditEntry> entries;
    while (st.step()) {
        entries.push_back(read_entry(st));
    }
    return entries;
}

// Length-prefixed so no two different rows serialize to the same bytes.
void put(std::string& out, std::string_view field) {
    out += std::to_string(field.size());
    out += ':';
    out += field;
    out += '\n';
}

}  // namespace

std::string sha256_hex(std::string_view data) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1) {
        throw StoreError("store: OpenSSL SHA-256 failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        hex += kHex[digest[i] >> 4];
        hex += kHex[digest[i] & 0xF];
    }
    return hex;
}

std::string AuditLog::row_hash(const AuditEntry& entry) {
    std::string content;
    put(content, entry.prev_hash);
    put(content, std::to_string(entry.id));
    put(content, std::to_string(entry.at));
    put(content, entry.actor);
    put(content, entry.action);
    put(content, entry.object_type);
    put(content, entry.object_id);
    put(content, entry.details_json);
    return sha256_hex(content);
}

result<AuditEntry> AuditLog::append(Millis at, std::string_view actor, std::string_view action,
                                    std::string_view object_type, std::string_view object_id,
                                    std::string_view details_json) {
    if (actor.empty() || action.empty() || object_type.empty()) {
        return Errc::invalid_argument;
    }
    Transaction tx(*db_);
    AuditEntry entry{0,
                     at,
                     std::string(actor),
                     std::string(action),
                     std::string(object_type),
                     std::string(object_id),
                     std::string(details_json),
                     "",
                     ""};
    {
        auto last = db_->statement("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
        if (last->step()) {
            entry.id = last->int64(0) + 1;
            entry.prev_hash = last->text(1);
        } else {
            entry.id = 1;
        }
    }
    entry.hash = row_hash(entry);
    auto st = db_->statement(
        "INSERT INTO audit_log (id, at, actor, action, object_type, object_id, details_json, prev_hash, "
        "hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    st->bind_all(entry.id, entry.at, entry.actor, entry.action, entry.object_type, entry.object_id,
                 entry.details_json, entry.prev_hash, entry.hash);
    st->run();
    tx.commit();
    return entry;
}

result<std::vector<AuditEntry>> AuditLog::list(RowId after_id, int limit) {
    if (!detail::valid_page(limit, 0, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement("SELECT " ORCH_STORE_AUDIT_COLUMNS
                             " FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2");
    st->bind_all(after_id, limit);
    return read_entries(*st);
}

std::vector<AuditEntry> AuditLog::list_for_object(std::string_view object_type, std::string_view object_id) {
    auto st = db_->statement("SELECT " ORCH_STORE_AUDIT_COLUMNS
                             " FROM audit_log WHERE object_type = ?1 AND object_id = ?2 ORDER BY id");
    st->bind_all(object_type, object_id);
    return read_entries(*st);
}

AuditVerification AuditLog::verify_chain() {
    AuditVerification report;
    auto st = db_->statement("SELECT " ORCH_STORE_AUDIT_COLUMNS " FROM audit_log ORDER BY id");
    std::string expected_prev;
    while (st->step()) {
        const AuditEntry entry = read_entry(*st);
        ++report.rows_checked;
        std::string problem;
        if (entry.prev_hash != expected_prev) {
            problem = "does not link to the row before it (a row was removed or reordered)";
        } else if (row_hash(entry) != entry.hash) {
            problem = "does not match its hash (its content was changed)";
        }
        if (!problem.empty()) {
            report.ok = false;
            report.first_bad_id = entry.id;
            report.problem = "audit row " + std::to_string(entry.id) + " " + problem;
            return report;
        }
        expected_prev = entry.hash;
    }
    report.head_hash = expected_prev;
    return report;
}

}  // namespace steward::store
