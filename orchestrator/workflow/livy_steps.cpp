// Bodies of livy_batch and livy_session steps.
#include "orchestrator/workflow/section_readers.hpp"

namespace steward::workflow::detail {
namespace {

std::optional<core::SessionKind> kind_from(const std::string& text) {
    if (text == "pyspark") {
        return core::SessionKind::PySpark;
    }
    if (text == "spark") {
        return core::SessionKind::Spark;
    }
    if (text == "sql") {
        return core::SessionKind::Sql;
    }
    return std::nullopt;
}

const std::vector<std::string> kKinds{"pyspark", "spark", "sql"};

}  // namespace

core::LivyBatchStep read_livy_batch(MapReader& map) {
    core::LivyBatchStep out;
    out.file = map.templ("file", Need::Required).value_or("");
    out.class_name = map.templ("class_name").value_or("");
    if (auto args = map.text_list("args", true)) {
        out.args = std::move(*args);
    }
    out.livy = read_livy_resources(map);
    return out;
}

core::LivySessionStep read_livy_session(MapReader& map) {
    core::LivySessionStep out;
    if (auto kind = map.choice("kind", kKinds)) {
        out.kind = *kind_from(*kind);
    }
    out.session = map.text("session").value_or("");
    out.keep_open = map.boolean("keep_open").value_or(false);
    out.livy = read_livy_resources(map);
    Reader& reader = map.reader();
    auto statements = map.field("statements", Need::Required);
    if (!statements) {
        return out;
    }
    if (!statements->IsSequence() || statements->size() == 0) {
        reader.error(*statements,
                     subject("statements", map.context()) +
                         " must be a non-empty list of {code: ...} or {code_file: jobs/...}, got " +
                         describe(*statements));
        return out;
    }
    std::size_t index = 0;
    for (const YAML::Node& item : *statements) {
        ++index;
        core::Statement statement;
        MapReader s(reader, item, "statement #" + std::to_string(index) + " of " + map.context(),
                    &statement.origin);
        if (!s.ok()) {
            continue;
        }
        statement.code = s.templ("code").value_or("");
        statement.code_file = s.templ("code_file").value_or("");
        if (auto kind = s.choice("kind", kKinds)) {
            statement.kind = kind_from(*kind);
        }
        if (s.has("code") == s.has("code_file")) {
            reader.error(s.pos(), s.context() + " needs exactly one of 'code' or 'code_file'");
        }
        s.finish();
        out.statements.push_back(std::move(statement));
    }
    return out;
}

}  // namespace steward::workflow::detail
