#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <string_view>
#include <unordered_map>

namespace steward::auth {

/// Counts failed sign-ins per user name and, separately, per client address, and says how long to
/// wait before the next attempt. After `max_failures` failures within `window_ms` of the first one,
/// that user (or address) is refused until the window ends; the next failure after the window
/// starts a new one. A success clears the user's and the address's count.
///
/// Pure and in memory: times are passed in (milliseconds; any monotonic or wall clock, used
/// consistently), nothing survives a restart. Memory is bounded: at most `max_keys` users and
/// `max_keys` addresses are tracked; beyond that the least recently failed one is forgotten.
/// An empty user or address is not counted. Not thread-safe: use it on the io_context thread.
class SignInThrottle {
public:
    /// `max_address_failures`: the limit per address; 0 = the same as `max_failures`. Raise it
    /// when many people sign in through one address (a reverse proxy, an office NAT).
    SignInThrottle(int max_failures = 5, std::int64_t window_ms = 15 * 60 * 1000,
                   int max_address_failures = 0, std::size_t max_keys = 10'000);

    /// Milliseconds to wait before another attempt for this user or from this address (the longer
    /// of the two); 0 = allowed now.
    std::int64_t retry_after(std::string_view user, std::string_view address, std::int64_t now_ms) const;
    /// Counts a failed attempt against the user and the address.
    void record_failure(std::string_view user, std::string_view address, std::int64_t now_ms);
    /// Clears the user's and the address's failures.
    void record_success(std::string_view user, std::string_view address);

    /// How many users and addresses are tracked now (for tests and metrics).
    std::size_t tracked_users() const noexcept { return users_.size(); }
    std::size_t tracked_addresses() const noexcept { return addresses_.size(); }

private:
    /// Failures of one key, least recently failed first, bounded.
    class Table {
    public:
        Table(int max_failures, std::int64_t window_ms, std::size_t max_keys)
            : max_failures_(max_failures), window_ms_(window_ms), max_keys_(max_keys) {}

        std::int64_t retry_after(std::string_view key, std::int64_t now_ms) const;
        void record_failure(std::string_view key, std::int64_t now_ms);
        void clear(std::string_view key);
        std::size_t size() const noexcept { return entries_.size(); }

    private:
        struct Entry {
            int failures = 0;
            std::int64_t window_start = 0;
            std::list<std::string>::iterator age;  // position in order_
        };

        int max_failures_;
        std::int64_t window_ms_;
        std::size_t max_keys_;
        std::list<std::string> order_;  // least recently failed first
        std::unordered_map<std::string, Entry> entries_;
    };

    Table users_;
    Table addresses_;
};

}  // namespace steward::auth
