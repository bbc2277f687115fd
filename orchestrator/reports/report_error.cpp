#include "orchestrator/reports/report_error.hpp"

#include <stdexcept>

namespace steward::reports {

void throw_exception_from_error(const ReportError& e, const boost::source_location&) {
    throw std::runtime_error(e.message);
}

}  // namespace steward::reports
