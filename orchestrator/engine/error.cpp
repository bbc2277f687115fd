#include "orchestrator/engine/error.hpp"

#include <boost/throw_exception.hpp>

namespace steward::engine {
namespace {

// boost::system::error_category has a protected non-virtual destructor by design.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
class Category final : public boost::system::error_category {
public:
    const char* name() const noexcept override { return "steward.engine"; }
    std::string message(int ev) const override {
        switch (static_cast<Errc>(ev)) {
            case Errc::not_found: return "not found";
            case Errc::invalid_workflow: return "invalid workflow";
            case Errc::invalid_params: return "invalid run parameters";
            case Errc::run_finished: return "the run has already finished";
            case Errc::not_assignee: return "not an assignee of the task";
            case Errc::task_closed: return "the task is closed";
            case Errc::bad_outcome: return "not an outcome of the task";
            case Errc::form_invalid: return "invalid form values";
            case Errc::shutting_down: return "the engine is shutting down";
        }
        return "unknown engine error";
    }
};
#pragma GCC diagnostic pop

}  // namespace

const boost::system::error_category& engine_category() noexcept {
    static const Category category;
    return category;
}

void throw_exception_from_error(const Error& e, const boost::source_location& loc) {
    boost::throw_exception(boost::system::system_error(e.error_code(), e.message), loc);
}

}  // namespace steward::engine
