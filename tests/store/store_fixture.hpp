#pragma once

#include "orchestrator/store/store.hpp"
#include "tests/store/printers.hpp"
#include "tests/store/temp_db.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

namespace steward::store::test {

/// A Store on a temporary file, with helpers to reopen it (as after a restart) and to make the
/// rows most tests need.
struct StoreFixture {
    TempDb tmp;
    std::optional<Store> opened{std::in_place, tmp.path()};

    Store& store() { return *opened; }

    /// Closes and reopens the database file.
    void reopen() {
        opened.reset();
        opened.emplace(tmp.path());
    }

    RowId make_definition(const std::string& name = "churn-modelops", const std::string& hash = "h1") {
        return store().runs().upsert_definition(name, "name: " + name + "\n", hash, 1000);
    }

    RowId make_run(const std::string& workflow = "churn-modelops") {
        return store().runs().create_run(make_definition(workflow), R"({"p":1})", "manual", 2000);
    }

    RowId make_step(RowId run_id, const std::string& step_id = "train", int attempt = 1) {
        auto id = store().runs().begin_step(run_id, step_id, attempt, 3000);
        BOOST_TEST_REQUIRE(id.has_value());
        return *id;
    }
};

}  // namespace steward::store::test
