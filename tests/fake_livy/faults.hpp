#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace steward::fake_livy {

/// What the fake does instead of (or on top of) answering a request normally.
enum class FaultAction {
    reply,                   ///< answer `status` + `body` without touching the model
    delay,                   ///< process normally, hold the reply back for `delay`
    reset_mid_reply,         ///< process, write `partial_bytes` of the reply, then reset (RST)
    malformed_json,          ///< process, then send the reply body truncated (same status)
    drop_after_processing,   ///< process (e.g. create the batch), then close without replying
    drop_before_processing,  ///< close the connection without processing or replying
    collect_garbage,         ///< garbage-collect every finished session/batch, then process
};

/// One scripted fault. It matches requests by method and path; it counts its own matches and
/// fires on matches number `nth` .. `nth + times - 1` (`times == 0`: from `nth` on, forever).
/// Plain data; build with the helpers below.
struct Fault {
    std::string method;  ///< "GET", "POST", "DELETE"...; empty matches any method
    /// Path pattern without query, segment-wise: `*` matches one segment, a final `**` matches
    /// the rest (including nothing), e.g. "/batches/*/log"; empty matches any path.
    std::string path;
    unsigned nth = 1;
    unsigned times = 1;
    FaultAction action = FaultAction::reply;
    unsigned status = 503;
    std::string body;  ///< for `reply`
    std::string content_type = "application/json";
    std::chrono::milliseconds delay{0};  ///< for `delay`
    std::size_t partial_bytes = 0;       ///< for `reset_mid_reply`; 0 means half the reply
};

/// A `reply` fault: answers `status` with `body` (JSON by default).
Fault reply_fault(std::string method, std::string path, unsigned status, std::string body, unsigned nth = 1,
                  unsigned times = 1);
/// A `delay` fault: the reply is held back for `delay` (the request is still processed).
Fault delay_fault(std::string method, std::string path, std::chrono::milliseconds delay, unsigned nth = 1,
                  unsigned times = 1);
/// A fault with no extra parameters (`reset_mid_reply` sends half the reply).
Fault action_fault(FaultAction action, std::string method, std::string path, unsigned nth = 1,
                   unsigned times = 1);

/// True when `path` (no query) matches the segment pattern described at `Fault::path`.
bool path_matches(std::string_view pattern, std::string_view path);

/// An ordered list of faults. `match` counts the request against every matching fault and
/// returns the first one whose window covers it. Not thread-safe (server loop thread).
class FaultPlan {
public:
    /// Adds a fault; its match counter starts at zero.
    void add(Fault fault);
    /// Removes every fault.
    void clear() noexcept;
    /// Counts one request and returns the fault to apply, if any.
    std::optional<Fault> match(std::string_view method, std::string_view path);
    /// How many times each fault (in insertion order) has fired.
    std::vector<unsigned> fired() const;

private:
    struct Entry {
        Fault fault;
        unsigned seen = 0;
        unsigned fired = 0;
    };
    std::vector<Entry> entries_;
};

}  // namespace steward::fake_livy
