#include "orchestrator/store/errc.hpp"

#include <sqlite3.h>

namespace steward::store {
namespace {

// boost::system::error_category has a protected non-virtual destructor by design.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class Category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "steward.store"; }
    std::string message(int ev) const override {
        switch (static_cast<Errc>(ev)) {
            case Errc::not_found: return "not found";
            case Errc::conflict: return "conflicts with the current state";
            case Errc::task_closed: return "the task is closed";
            case Errc::duplicate: return "already exists";
            case Errc::invalid_argument: return "invalid argument";
            case Errc::storage_full: return "the disk holding the database is full";
        }
        return "unknown store error";
    }
};
#pragma GCC diagnostic pop

}  // namespace

const boost::system::error_category& store_category() noexcept {
    static const Category category;
    return category;
}

bool StoreError::is_constraint_violation() const noexcept {
    return (sqlite_code_ & 0xFF) == SQLITE_CONSTRAINT;
}

bool StoreError::is_foreign_key_violation() const noexcept {
    return sqlite_code_ == SQLITE_CONSTRAINT_FOREIGNKEY;
}

bool StoreError::is_storage_full() const noexcept {
    return (sqlite_code_ & 0xFF) == SQLITE_FULL;
}

boost::system::error_code StoreError::error_code() const noexcept {
    return is_storage_full() ? make_error_code(Errc::storage_full) : boost::system::error_code{};
}

}  // namespace steward::store
