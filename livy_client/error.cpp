#include "livy_client/error.hpp"

#include <string>

namespace livy {
namespace {

// boost::system::error_category has a protected non-virtual destructor by design.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class Category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "livy"; }
    std::string message(int ev) const override {
        switch (static_cast<Errc>(ev)) {
        case Errc::http_status: return "Livy returned an error status";
        case Errc::timeout: return "Livy request timed out";
        case Errc::connection: return "connection to Livy failed";
        case Errc::bad_response: return "unexpected reply from Livy";
        case Errc::not_found: return "not found in Livy";
        case Errc::terminal_state: return "reached a terminal state";
        case Errc::cancelled: return "cancelled";
        }
        return "unknown livy error";
    }
};
#pragma GCC diagnostic pop

}  // namespace

const boost::system::error_category& livy_category() noexcept {
    static const Category category;
    return category;
}

}  // namespace livy
