#include "orchestrator/auth/throttle.hpp"

#include <algorithm>
#include <iterator>

namespace steward::auth {

SignInThrottle::SignInThrottle(int max_failures, std::int64_t window_ms, int max_address_failures,
                               std::size_t max_keys)
    : users_(std::max(max_failures, 1), window_ms, std::max<std::size_t>(max_keys, 1)),
      addresses_(std::max(max_address_failures > 0 ? max_address_failures : max_failures, 1), window_ms,
                 std::max<std::size_t>(max_keys, 1)) {}

std::int64_t SignInThrottle::retry_after(std::string_view user, std::string_view address,
                                         std::int64_t now_ms) const {
    return std::max(users_.retry_after(user, now_ms), addresses_.retry_after(address, now_ms));
}

void SignInThrottle::record_failure(std::string_view user, std::string_view address, std::int64_t now_ms) {
    users_.record_failure(user, now_ms);
    addresses_.record_failure(address, now_ms);
}

void SignInThrottle::record_success(std::string_view user, std::string_view address) {
    users_.clear(user);
    addresses_.clear(address);
}

std::int64_t SignInThrottle::Table::retry_after(std::string_view key, std::int64_t now_ms) const {
    if (key.empty()) {
        return 0;
    }
    const auto found = entries_.find(std::string(key));
    if (found == entries_.end() || found->second.failures < max_failures_) {
        return 0;
    }
    return std::max<std::int64_t>(found->second.window_start + window_ms_ - now_ms, 0);
}

void SignInThrottle::Table::record_failure(std::string_view key, std::int64_t now_ms) {
    if (key.empty()) {
        return;
    }
    auto found = entries_.find(std::string(key));
    if (found == entries_.end()) {
        if (entries_.size() >= max_keys_) {
            entries_.erase(order_.front());
            order_.pop_front();
        }
        order_.emplace_back(key);
        found = entries_.emplace(order_.back(), Entry{0, now_ms, std::prev(order_.end())}).first;
    } else {
        order_.splice(order_.end(), order_, found->second.age);  // now the most recent
    }
    Entry& entry = found->second;
    if (now_ms - entry.window_start >= window_ms_) {
        entry.failures = 0;
        entry.window_start = now_ms;
    }
    ++entry.failures;
}

void SignInThrottle::Table::clear(std::string_view key) {
    const auto found = entries_.find(std::string(key));
    if (found == entries_.end()) {
        return;
    }
    order_.erase(found->second.age);
    entries_.erase(found);
}

}  // namespace steward::auth
