#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace steward::fake_livy {

/// Which section of a Livy log a line belongs to.
enum class LogStream { stdout_stream, stderr_stream };

/// One `/log` answer: the `from` actually used, the `total` line count and the lines.
struct LogPage {
    std::size_t from = 0;
    std::size_t total = 0;
    std::vector<std::string> lines;
};

/// A Livy process log as the real server keeps it: one ring buffer per section (stdout, stderr),
/// each holding the last `capacity` lines (`livy.cache-log.size`, 200), rendered as
/// `["stdout: ", ...stdout..., "\nstderr: ", ...stderr...]`. Because the section markers are part
/// of the line list, offsets shift exactly as they do on a real server once a section wraps.
/// Not thread-safe; owned by the server's single loop thread.
class LogBuffer {
public:
    /// `capacity` lines are kept per section; 0 keeps nothing. Never throws except on allocation.
    explicit LogBuffer(std::size_t capacity = kDefaultCapacity) : capacity_(capacity) {}

    /// Appends one line to a section, evicting that section's oldest line when it is full.
    void append(LogStream stream, std::string line);

    /// The whole log with the section markers, in Livy's order.
    std::vector<std::string> lines() const;

    /// Livy's `serializeLogs`: `size` defaults to 100 and a negative size means "all";
    /// without `from` the page is the last `size` lines; a `from` past the end gives no lines.
    LogPage page(std::optional<long long> from, std::optional<long long> size) const;

    /// The last `n` lines of `lines()`: what the session and batch views embed as `log`.
    std::vector<std::string> tail(std::size_t n) const;

    /// Sets the YARN diagnostics (Livy replaces them whole on every YARN poll); once set, the log
    /// ends with a "\nYARN Diagnostics: " marker and these lines, as Livy on YARN renders it.
    void set_yarn_diagnostics(std::vector<std::string> lines);

    /// Lines ever appended to a section (including evicted ones).
    std::size_t appended(LogStream stream) const noexcept;

    static constexpr std::size_t kDefaultCapacity = 200;

private:
    std::size_t capacity_;
    std::deque<std::string> stdout_;
    std::deque<std::string> stderr_;
    std::size_t stdout_appended_ = 0;
    std::size_t stderr_appended_ = 0;
    std::optional<std::vector<std::string>> yarn_diagnostics_;
};

}  // namespace steward::fake_livy
