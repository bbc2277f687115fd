#pragma once

// Following a Livy batch or session log without duplicates.
//
// Livy returns the log as one array: "stdout: ", stdout lines, "\nstderr: ", stderr lines and
// optionally "\nYARN Diagnostics: " / "\nKubernetes Diagnostics: " and their lines. stdout and
// stderr are ring buffers of the last 200 lines each, so offsets shift between calls. The
// follower fetches the whole log (size=-1) and, per section, yields only the lines after the
// longest overlap of the previously seen tail with the new snapshot. Marker elements are never
// yielded as lines; each yielded line carries its section instead. Lines before any marker (old
// servers) belong to LogSection::none.

#include "livy_client/error.hpp"
#include "livy_client/types.hpp"

#include <boost/asio/awaitable.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace livy {

class Client;

/// The section a log line belongs to.
enum class LogSection { none, stdout_section, stderr_section, yarn_diagnostics, k8s_diagnostics };
inline constexpr std::size_t kLogSectionCount = 5;

/// "none", "stdout", "stderr", "yarn_diagnostics", "k8s_diagnostics". Never throws.
std::string_view to_string(LogSection s) noexcept;
/// Streams `to_string(s)`.
std::ostream& operator<<(std::ostream& os, LogSection s);

/// One new log line.
struct LogLine {
    LogSection section = LogSection::none;
    std::string text;
};

/// What the follower remembers of one section: how many lines it has yielded in total and the
/// last (up to `tail_limit`) lines of the latest snapshot.
struct SectionCursor {
    std::uint64_t yielded = 0;
    std::vector<std::string> tail;
    std::uint64_t snapshot_size = 0;  ///< lines of this section in the latest snapshot
};

/// Resumable follower state; serialise it with `to_json` and persist it to resume after a crash
/// without yielding lines twice. Plain value type.
struct LogFollowerState {
    std::array<SectionCursor, kLogSectionCount> sections;  ///< indexed by LogSection
    std::uint64_t polls = 0;

    /// Compact JSON: {"v":1,"polls":n,"sections":{"stdout":{"yielded":n,"size":n,"tail":[...]}}}.
    std::string to_json() const;
    /// Parses `to_json` output; Errc::bad_response with a message naming what was wrong.
    static Result<LogFollowerState> from_json(std::string_view text);
};

/// Splits a Livy log snapshot into sections; marker elements are dropped (an element that starts
/// with a marker and carries more text keeps the remainder as the section's first line). Pure.
std::array<std::vector<std::string>, kLogSectionCount> split_log_sections(
    std::span<const std::string> snapshot);

/// Index into `current` just after the longest overlap with the previous snapshot, of which
/// `previous_tail` holds the last lines and `previous_size` (>= |tail|) is the full length: the
/// largest j <= previous_size such that the min(j, |tail|) lines of `current` ending at j equal
/// the same number of last lines of `previous_tail`. A ring buffer that grew or shifted always
/// has its old end at such a j, never beyond previous_size. 0 when nothing overlaps (all of
/// `current` is new: first poll, or more lines than the buffer holds arrived in between). Among
/// ambiguous matches (repeated identical lines) the largest j wins, i.e. the client prefers
/// missing a repeated line over yielding one twice. Pure; O(|current| * |tail|).
std::size_t log_overlap_end(std::span<const std::string> previous_tail, std::size_t previous_size,
                            std::span<const std::string> current);
/// Same, when `previous_tail` is the whole previous snapshot.
std::size_t log_overlap_end(std::span<const std::string> previous_tail, std::span<const std::string> current);

/// The result of applying a snapshot: new lines (in section order, stdout before stderr ...)
/// and the next state.
struct LogUpdate {
    std::vector<LogLine> lines;
    LogFollowerState state;
};

/// Pure dedupe step: (previous state, new snapshot) -> new lines + next state. Each section's
/// tail keeps at most `tail_limit` lines (>= 1; 200 matches Livy's ring buffer).
LogUpdate apply_log_snapshot(const LogFollowerState& previous, std::span<const std::string> snapshot,
                             std::size_t tail_limit = 200);

/// Which log a follower reads.
enum class LogSource { batch, session };

/// Fetches `/{batches|sessions}/{id}/log?size=-1` and yields unseen lines.
///
/// Threading: as the Client (its executor only); the Client must outlive the follower.
/// Errors: `poll` returns the Client's error (e.g. Errc::not_found once Livy GC'd the object);
/// the state is unchanged on error, so polling again is safe.
class LogFollower {
public:
    LogFollower(Client& client, LogSource source, Id id, LogFollowerState state = {},
                std::size_t tail_limit = 200);

    /// One fetch; returns the new lines (possibly none).
    boost::asio::awaitable<Result<std::vector<LogLine>>> poll();

    /// The current state (persist after each successful poll).
    const LogFollowerState& state() const noexcept { return state_; }

private:
    Client& client_;
    LogSource source_;
    Id id_;
    LogFollowerState state_;
    std::size_t tail_limit_;
};

}  // namespace livy
