#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace steward::reports {

/// Assigns dense codes to distinct category strings in first-seen order. Views passed to `code`
/// must outlive the dictionary unless `owned` is set (then the text is copied). Small
/// dictionaries are searched linearly, larger ones through a hash map. Not thread-safe: each
/// parser thread owns one, and they are merged afterwards.
class CategoryDict {
public:
    /// The code of `value`, adding it if new.
    std::uint32_t code(std::string_view value, bool owned = false);

    /// The distinct values, indexed by code.
    [[nodiscard]] const std::vector<std::string_view>& values() const { return values_; }

private:
    static constexpr std::size_t kLinearLimit = 16;

    std::vector<std::string_view> values_;
    std::unordered_map<std::string_view, std::uint32_t> index_;
    std::deque<std::string> owned_;
};

}  // namespace steward::reports
