#include "orchestrator/reports/table.hpp"

#include <algorithm>

namespace steward::reports {

const Column* Table::find(std::string_view name) const {
    const auto it =
        std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; });
    return it == columns.end() ? nullptr : &*it;
}

Column* Table::find(std::string_view name) {
    const auto it =
        std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == name; });
    return it == columns.end() ? nullptr : &*it;
}

}  // namespace steward::reports
