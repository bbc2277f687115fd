#include "livy_client/error.hpp"

#include <boost/throw_exception.hpp>

#include <ostream>
#include <string>
#include <utility>

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
            case Errc::invalid_request: return "invalid Livy request";
            case Errc::tls: return "TLS failure talking to Livy";
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

std::string_view to_string(Errc e) noexcept {
    switch (e) {
        case Errc::http_status: return "http_status";
        case Errc::timeout: return "timeout";
        case Errc::connection: return "connection";
        case Errc::bad_response: return "bad_response";
        case Errc::not_found: return "not_found";
        case Errc::terminal_state: return "terminal_state";
        case Errc::cancelled: return "cancelled";
        case Errc::invalid_request: return "invalid_request";
        case Errc::tls: return "tls";
    }
    return "unknown";
}

std::ostream& operator<<(std::ostream& os, Errc e) {
    return os << to_string(e);
}

std::string Error::describe() const {
    std::string out;
    if (!method.empty() || !target.empty()) {
        out += method;
        out += ' ';
        out += target;
        out += ": ";
    }
    if (http_status != 0) {
        out += "HTTP " + std::to_string(http_status) + " ";
    }
    out += make_error_code(code).message();
    if (!message.empty()) {
        out += ": ";
        out += message;
    }
    if (outcome_unknown) {
        out += " (outcome unknown)";
    }
    return out;
}

Exception::Exception(Error error)
    : boost::system::system_error(error.error_code(), error.describe()), error_(std::move(error)) {}

void throw_exception_from_error(const Error& e, const boost::source_location& loc) {
    boost::throw_exception(Exception(e), loc);
}

Error make_error(Errc code, std::string message) {
    Error e;
    e.code = code;
    e.message = std::move(message);
    return e;
}

}  // namespace livy
