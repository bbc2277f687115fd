#include "orchestrator/store/registry.hpp"

#include "orchestrator/store/audit_log.hpp"
#include "orchestrator/store/database.hpp"
#include "orchestrator/store/json_text.hpp"
#include "orchestrator/store/row_helpers.hpp"

#include <string>

#define ORCH_STORE_VERSION_COLUMNS                                                                 \
    "v.id, v.model_group, v.artifact, v.major, v.minor, v.build, v.artifact_uri, v.metrics_json, " \
    "v.tags_json, v.run_id, v.step_id, v.step_exec_id, v.params_json, v.data_json, v.created_at"

namespace steward::store {
namespace {

using boost::system::result;

ModelVersion read_version(const Statement& st) {
    ModelVersion v;
    v.id = st.int64(0);
    v.group = st.text(1);
    v.artifact = st.text(2);
    v.major = st.int64(3);
    v.minor = st.int64(4);
    v.build = st.int64(5);
    v.artifact_uri = st.text(6);
    v.metrics_json = st.text(7);
    v.tags_json = st.text(8);
    v.run_id = st.optional_int64(9);
    v.step_id = st.optional_text(10);
    v.step_exec_id = st.optional_int64(11);
    v.params_json = st.text(12);
    v.data_json = st.text(13);
    v.created_at = st.int64(14);
    return v;
}

result<ModelVersion> one_version(Statement& st) {
    if (!st.step()) {
        return Errc::not_found;
    }
    return read_version(st);
}

bool valid_model(const ModelName& model) {
    return is_valid_name_part(model.group) && is_valid_name_part(model.artifact);
}

bool valid_number(std::int64_t n) {
    return n >= 0 && n <= kMaxVersionNumber;
}

std::string version_text(const ModelVersion& v) {
    return format_version_number(v.major, v.minor, v.build);
}

}  // namespace

result<ModelVersion> Registry::register_version(const NewModelVersion& request) {
    if (!valid_model(request.model) || !valid_number(request.version.major) ||
        !valid_number(request.version.minor) || request.artifact_uri.empty() || request.actor.empty()) {
        return Errc::invalid_argument;
    }
    Transaction tx(*db_);
    if (request.step_exec_id && find_version_for_step(*request.step_exec_id)) {
        return Errc::duplicate;
    }
    std::int64_t build = 1;
    {
        auto st = db_->statement(
            "SELECT coalesce(max(build), 0) + 1 FROM model_versions "
            "WHERE model_group = ?1 AND artifact = ?2 AND major = ?3 AND minor = ?4");
        st->bind_all(request.model.group, request.model.artifact, request.version.major,
                     request.version.minor);
        if (st->step()) {
            build = st->int64(0);
        }
    }
    if (build > kMaxVersionNumber) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "INSERT INTO model_versions (model_group, artifact, major, minor, build, artifact_uri, metrics_json, "
        "tags_json, run_id, step_id, step_exec_id, params_json, data_json, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    st->bind_all(request.model.group, request.model.artifact, request.version.major, request.version.minor,
                 build, request.artifact_uri, request.metrics_json, request.tags_json, request.run_id,
                 request.step_id, request.step_exec_id, request.params_json, request.data_json, request.at);
    st->run();
    auto version = get_version(db_->last_insert_rowid());
    if (!version) {
        throw StoreError("store: a model version vanished right after it was registered");
    }
    const std::string object_id =
        format_model_version({request.model, version->major, version->minor, version->build});
    const std::string details =
        json_object({{"artifact_uri", json_string(request.artifact_uri)},
                     {"run_id", request.run_id ? std::to_string(*request.run_id) : "null"},
                     {"step_id", request.step_id ? json_string(*request.step_id) : "null"}});
    if (!AuditLog(*db_).append(request.at, request.actor, "model.register", "model_version", object_id,
                               details)) {
        return Errc::invalid_argument;
    }
    tx.commit();
    return version;
}

result<ModelVersion> Registry::get_version(const ModelVersionRef& ref) {
    auto st = db_->statement("SELECT " ORCH_STORE_VERSION_COLUMNS
                             " FROM model_versions v WHERE v.model_group = ?1 AND v.artifact = ?2 "
                             "AND v.major = ?3 AND v.minor = ?4 AND v.build = ?5");
    st->bind_all(ref.model.group, ref.model.artifact, ref.major, ref.minor, ref.build);
    return one_version(*st);
}

result<ModelVersion> Registry::get_version(RowId id) {
    auto st = db_->statement("SELECT " ORCH_STORE_VERSION_COLUMNS " FROM model_versions v WHERE v.id = ?1");
    st->bind_all(id);
    return one_version(*st);
}

result<ModelVersion> Registry::find_version_for_step(RowId step_exec_id) {
    auto st = db_->statement("SELECT " ORCH_STORE_VERSION_COLUMNS
                             " FROM model_versions v WHERE v.step_exec_id = ?1");
    st->bind_all(step_exec_id);
    return one_version(*st);
}

result<std::vector<ModelVersion>> Registry::list_versions(const ModelName& model, int limit, int offset) {
    if (!valid_model(model) || !detail::valid_page(limit, offset, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement("SELECT " ORCH_STORE_VERSION_COLUMNS
                             " FROM model_versions v WHERE v.model_group = ?1 AND v.artifact = ?2 "
                             "ORDER BY v.major DESC, v.minor DESC, v.build DESC LIMIT ?3 OFFSET ?4");
    st->bind_all(model.group, model.artifact, limit, offset);
    std::vector<ModelVersion> versions;
    while (st->step()) {
        versions.push_back(read_version(*st));
    }
    return versions;
}

std::vector<ModelName> Registry::list_models() {
    auto st = db_->statement("SELECT DISTINCT model_group, artifact FROM model_versions ORDER BY 1, 2");
    std::vector<ModelName> models;
    while (st->step()) {
        models.push_back({st->text(0), st->text(1)});
    }
    return models;
}

result<std::vector<ModelSummary>> Registry::list_model_summaries(int limit, int offset) {
    if (!detail::valid_page(limit, offset, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    std::vector<ModelSummary> models;
    {
        auto st = db_->statement(
            "SELECT model_group, artifact, count(*) FROM model_versions GROUP BY model_group, artifact "
            "ORDER BY model_group, artifact LIMIT ?1 OFFSET ?2");
        st->bind_all(limit, offset);
        while (st->step()) {
            ModelSummary summary;
            summary.model = {st->text(0), st->text(1)};
            summary.versions = st->int64(2);
            models.push_back(std::move(summary));
        }
    }
    // The unique (group, artifact, major, minor, build) index makes each latest one backward probe.
    auto latest = db_->statement("SELECT " ORCH_STORE_VERSION_COLUMNS
                                 " FROM model_versions v WHERE v.model_group = ?1 AND v.artifact = ?2 "
                                 "ORDER BY v.major DESC, v.minor DESC, v.build DESC LIMIT 1");
    for (ModelSummary& summary : models) {
        latest->bind_all(summary.model.group, summary.model.artifact);
        if (latest->step()) {
            summary.latest = read_version(*latest);
        }
        latest->reset();
    }
    return models;
}

std::int64_t Registry::count_models() {
    auto st =
        db_->statement("SELECT count(*) FROM (SELECT DISTINCT model_group, artifact FROM model_versions)");
    return st->step() ? st->int64(0) : 0;
}

std::int64_t Registry::count_versions(const ModelName& model) {
    auto st = db_->statement("SELECT count(*) FROM model_versions WHERE model_group = ?1 AND artifact = ?2");
    st->bind_all(model.group, model.artifact);
    return st->step() ? st->int64(0) : 0;
}

result<std::vector<AliasHistoryEntry>> Registry::alias_history(const ModelName& model, int limit) {
    if (!valid_model(model) || !detail::valid_page(limit, 0, detail::kMaxPage)) {
        return Errc::invalid_argument;
    }
    auto st = db_->statement(
        "SELECT id, alias, from_version, to_version, actor, at FROM model_alias_history "
        "WHERE model_group = ?1 AND artifact = ?2 ORDER BY id DESC LIMIT ?3");
    st->bind_all(model.group, model.artifact, limit);
    std::vector<AliasHistoryEntry> entries;
    while (st->step()) {
        entries.push_back(
            {st->int64(0), st->text(1), st->optional_text(2), st->text(3), st->text(4), st->int64(5)});
    }
    return entries;
}

result<AliasMove> Registry::set_alias(const ModelName& model, std::string_view alias,
                                      const ModelVersionRef& version, std::string_view actor, Millis at) {
    if (!valid_model(model) || !is_valid_alias(alias) || !(version.model == model) || actor.empty()) {
        return Errc::invalid_argument;
    }
    Transaction tx(*db_);
    auto target = get_version(version);
    if (!target) {
        return Errc::conflict;  // an alias may only point at a registered version
    }
    AliasMove move{std::nullopt, *target};
    if (auto previous = resolve_alias(model, alias)) {
        move.previous = *previous;
    }
    auto st = db_->statement(
        "INSERT INTO model_aliases (model_group, artifact, alias, version_id, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (model_group, artifact, alias) "
        "DO UPDATE SET version_id = excluded.version_id, updated_at = excluded.updated_at");
    st->bind_all(model.group, model.artifact, alias, target->id, at);
    st->run();
    const std::string details =
        json_object({{"alias", json_string(alias)},
                     {"from", move.previous ? json_string(version_text(*move.previous)) : "null"},
                     {"to", json_string(version_text(*target))}});
    auto history = db_->statement(
        "INSERT INTO model_alias_history (model_group, artifact, alias, from_version, to_version, actor, at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    history->bind_all(model.group, model.artifact, alias,
                      move.previous ? std::optional<std::string>(version_text(*move.previous)) : std::nullopt,
                      version_text(*target), actor, at);
    history->run();
    const std::string object_id = format_model_name(model) + "@" + std::string(alias);
    if (!AuditLog(*db_).append(at, actor, "model.alias.set", "model_alias", object_id, details)) {
        return Errc::invalid_argument;
    }
    tx.commit();
    return move;
}

result<ModelVersion> Registry::resolve_alias(const ModelName& model, std::string_view alias) {
    auto st = db_->statement("SELECT " ORCH_STORE_VERSION_COLUMNS
                             " FROM model_aliases a JOIN model_versions v ON v.id = a.version_id "
                             "WHERE a.model_group = ?1 AND a.artifact = ?2 AND a.alias = ?3");
    st->bind_all(model.group, model.artifact, alias);
    return one_version(*st);
}

std::vector<ModelAlias> Registry::list_aliases(const ModelName& model) {
    auto st = db_->statement(
        "SELECT a.alias, v.id, v.major, v.minor, v.build, a.updated_at FROM model_aliases a "
        "JOIN model_versions v ON v.id = a.version_id WHERE a.model_group = ?1 AND a.artifact = ?2 ORDER BY "
        "a.alias");
    st->bind_all(model.group, model.artifact);
    std::vector<ModelAlias> aliases;
    while (st->step()) {
        aliases.push_back({st->text(0), st->int64(1),
                           format_version_number(st->int64(2), st->int64(3), st->int64(4)), st->int64(5)});
    }
    return aliases;
}

std::vector<std::string> Registry::workflows_of(const ModelName& model) {
    auto st = db_->statement(
        "SELECT workflow_name FROM model_workflows WHERE model_group = ?1 AND artifact = ?2 ORDER BY "
        "workflow_name");
    st->bind_all(model.group, model.artifact);
    std::vector<std::string> names;
    while (st->step()) {
        names.push_back(st->text(0));
    }
    return names;
}

}  // namespace steward::store
