#pragma once

#include "orchestrator/store/errc.hpp"
#include "orchestrator/store/records.hpp"

#include <ostream>

// Lets BOOST_TEST print the store's enums when an assertion fails.
namespace steward::store {

inline std::ostream& operator<<(std::ostream& os, Errc e) {
    return os << make_error_code(e).message();
}
inline std::ostream& operator<<(std::ostream& os, RunState s) {
    return os << to_string(s);
}
inline std::ostream& operator<<(std::ostream& os, StepState s) {
    return os << to_string(s);
}
inline std::ostream& operator<<(std::ostream& os, TaskState s) {
    return os << to_string(s);
}
inline std::ostream& operator<<(std::ostream& os, TimerState s) {
    return os << to_string(s);
}

}  // namespace steward::store
