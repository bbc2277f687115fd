#pragma once

#include "orchestrator/store/database.hpp"
#include "orchestrator/store/errc.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Internal helpers shared by the store's repositories; not part of the store's public API.

namespace steward::store::detail {

/// Reads an enum column written by the store. A value the parser does not know means the file was
/// edited by hand or by a newer binary: a broken invariant, so it throws `StoreError`.
template <class Enum>
Enum enum_column(const Statement& st, int column, std::optional<Enum> (*parse)(std::string_view) noexcept) {
    const std::string text = st.text(column);
    if (const auto value = parse(text)) {
        return *value;
    }
    throw StoreError("store: unexpected value '" + text + "' in an enum column");
}

/// Runs a bound UPDATE that targets one row by its key: Errc::not_found when it matched none.
inline boost::system::result<void> update_one(Database& db, Statement& st) {
    st.run();
    if (db.changes() != 1) {
        return Errc::not_found;
    }
    return {};
}

/// True if a page request is within bounds: 1 <= limit <= max_limit and offset >= 0.
inline bool valid_page(int limit, int offset, int max_limit) noexcept {
    return limit >= 1 && limit <= max_limit && offset >= 0;
}

/// The strings of a JSON array the store wrote itself (with `json_string_array`), in order; parsed by
/// SQLite's json_each. Throws `StoreError` if the text is not JSON.
inline std::vector<std::string> string_array(Database& db, std::string_view json) {
    auto st = db.statement("SELECT value FROM json_each(?1) ORDER BY key");
    st->bind_all(json);
    std::vector<std::string> items;
    while (st->step()) {
        items.push_back(st->text(0));
    }
    return items;
}

/// The largest page any list method returns.
inline constexpr int kMaxPage = 1000;

}  // namespace steward::store::detail
