#include "orchestrator/reports/category_dict.hpp"

namespace steward::reports {

std::uint32_t CategoryDict::code_slow(std::string_view value, bool owned) {
    if (values_.size() <= kLinearLimit) {
        for (std::size_t i = 0; i < values_.size(); ++i) {
            if (values_[i] == value) {
                return static_cast<std::uint32_t>(i);
            }
        }
    } else if (const auto it = index_.find(value); it != index_.end()) {
        return it->second;
    }
    if (owned) {
        value = owned_.emplace_back(value);
    }
    const auto code = static_cast<std::uint32_t>(values_.size());
    values_.push_back(value);
    if (values_.size() > kLinearLimit) {
        if (index_.empty()) {
            for (std::size_t i = 0; i < values_.size(); ++i) {
                index_.emplace(values_[i], static_cast<std::uint32_t>(i));
            }
        } else {
            index_.emplace(value, code);
        }
    }
    return code;
}

}  // namespace steward::reports
