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
    /// The code of `value`, adding it if new. Small dictionaries answer inline: a length and
    /// first-byte check rejects most candidates without a call to memcmp.
    std::uint32_t code(std::string_view value, bool owned = false) {
        if (!value.empty() && values_.size() <= kLinearLimit) {
            for (std::size_t i = 0; i < values_.size(); ++i) {
                const std::string_view v = values_[i];
                if (v.size() == value.size() && v.front() == value.front() && (v.size() == 1 || v == value)) {
                    return static_cast<std::uint32_t>(i);
                }
            }
        }
        return code_slow(value, owned);
    }

    /// The distinct values, indexed by code.
    [[nodiscard]] const std::vector<std::string_view>& values() const { return values_; }

private:
    static constexpr std::size_t kLinearLimit = 16;

    std::uint32_t code_slow(std::string_view value, bool owned);

    std::vector<std::string_view> values_;
    std::unordered_map<std::string_view, std::uint32_t> index_;
    std::deque<std::string> owned_;
};

}  // namespace steward::reports
