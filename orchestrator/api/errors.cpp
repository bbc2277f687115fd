#include "orchestrator/api/errors.hpp"

#include "orchestrator/engine/error.hpp"
#include "orchestrator/store/errc.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/system/system_error.hpp>
#include <boost/throw_exception.hpp>

namespace steward::api {
namespace {

// boost::system::error_category has a protected non-virtual destructor by design.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class ApiCategory final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "steward.api"; }
    std::string message(int value) const override {
        switch (static_cast<Errc>(value)) {
            case Errc::bad_request: return "bad request";
            case Errc::invalid_param: return "invalid parameter";
            case Errc::not_found: return "not found";
            case Errc::method_not_allowed: return "method not allowed";
            case Errc::unknown_user: return "unknown user";
            case Errc::payload_too_large: return "payload too large";
            case Errc::unauthenticated: return "authentication required";
            case Errc::forbidden: return "forbidden";
            case Errc::too_many_requests: return "too many requests";
            case Errc::unsupported_media_type: return "unsupported media type";
            case Errc::internal: return "internal error";
        }
        return "unknown api error";
    }
};
#pragma GCC diagnostic pop

struct Mapping {
    int status;
    const char* name;
};

Mapping map_api(Errc e) {
    switch (e) {
        case Errc::bad_request: return {400, "bad_request"};
        case Errc::invalid_param: return {400, "invalid_param"};
        case Errc::not_found: return {404, "not_found"};
        case Errc::method_not_allowed: return {405, "method_not_allowed"};
        case Errc::unknown_user: return {403, "unknown_user"};
        case Errc::payload_too_large: return {413, "payload_too_large"};
        case Errc::unauthenticated: return {401, "unauthenticated"};
        case Errc::forbidden: return {403, "forbidden"};
        case Errc::too_many_requests: return {429, "too_many_requests"};
        case Errc::unsupported_media_type: return {415, "unsupported_media_type"};
        case Errc::internal: break;
    }
    return {500, "internal"};
}

Mapping map_store(store::Errc e) {
    switch (e) {
        case store::Errc::not_found: return {404, "not_found"};
        case store::Errc::conflict: return {409, "conflict"};
        case store::Errc::task_closed: return {409, "task_closed"};
        case store::Errc::duplicate: return {409, "duplicate"};
        case store::Errc::invalid_argument: return {400, "invalid_argument"};
        case store::Errc::storage_full: return {507, "storage_full"};
    }
    return {500, "internal"};
}

Mapping map_engine(engine::Errc e) {
    switch (e) {
        case engine::Errc::not_found: return {404, "not_found"};
        case engine::Errc::invalid_workflow: return {400, "invalid_workflow"};
        case engine::Errc::invalid_params: return {400, "invalid_params"};
        case engine::Errc::run_finished: return {409, "run_finished"};
        case engine::Errc::not_assignee: return {403, "not_assignee"};
        case engine::Errc::task_closed: return {409, "task_closed"};
        case engine::Errc::bad_outcome: return {400, "bad_outcome"};
        case engine::Errc::form_invalid: return {400, "form_invalid"};
        case engine::Errc::shutting_down: return {503, "shutting_down"};
    }
    return {500, "internal"};
}

Mapping map(const boost::system::error_code& code) {
    if (code.category() == engine::engine_category()) {
        return map_engine(static_cast<engine::Errc>(code.value()));
    }
    if (code.category() == api_category()) {
        return map_api(static_cast<Errc>(code.value()));
    }
    if (code.category() == store::store_category()) {
        return map_store(static_cast<store::Errc>(code.value()));
    }
    return {500, "internal"};
}

}  // namespace

const boost::system::error_category& api_category() noexcept {
    static const ApiCategory category;
    return category;
}

void throw_exception_from_error(const ApiError& e, const boost::source_location& loc) {
    boost::throw_exception(boost::system::system_error(e.code, e.message), loc);
}

int http_status(const boost::system::error_code& code) noexcept {
    return map(code).status;
}

std::string error_name(const boost::system::error_code& code) {
    return map(code).name;
}

Response error_response(const ApiError& error) {
    const Mapping m = map(error.code);
    const std::string message = m.status == 500 ? "internal error; see the server log" : error.message;
    Response response;
    response.status = m.status;
    response.body =
        boost::json::serialize(boost::json::value{{"error", {{"code", m.name}, {"message", message}}}});
    return response;
}

Response error_response(const ApiError& error, const std::vector<FieldError>& details) {
    Response response = error_response(error);
    if (details.empty() || response.status == 500) {
        return response;
    }
    boost::json::array list;
    for (const FieldError& d : details) {
        list.push_back(boost::json::object{{"field", d.field}, {"message", d.message}});
    }
    boost::json::object inner{{"code", error_name(error.code)}, {"message", error.message}};
    inner["details"] = std::move(list);
    boost::json::object body;
    body["error"] = std::move(inner);
    response.body = boost::json::serialize(body);
    return response;
}

Response error_response(Errc code, std::string message) {
    return error_response(ApiError{make_error_code(code), std::move(message)});
}

Response store_failure_response(int sqlite_code) {
    if (store::StoreError("", sqlite_code).is_storage_full()) {
        return error_response(ApiError{make_error_code(store::Errc::storage_full),
                                       "the disk holding Steward's database is full: nothing of this "
                                       "request was saved; new work is refused until space is freed"});
    }
    return error_response(Errc::internal, "");
}

}  // namespace steward::api
