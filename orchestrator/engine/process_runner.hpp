#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace steward::engine {

/// A local program to run: an argv list, never a shell string.
struct ProcessSpec {
    std::vector<std::string> argv;           ///< non-empty; argv[0] without '/' is looked up in PATH
    std::map<std::string, std::string> env;  ///< added to (or replacing in) the inherited environment
    std::string cwd;                         ///< empty: the server's working directory
    std::string stdin_text;                  ///< written to the program's stdin, which is then closed
    std::chrono::milliseconds timeout{0};    ///< 0: none; on expiry the program is killed (SIGKILL)
    std::size_t max_line_bytes = 16 * 1024;  ///< longer lines are cut (and marked with "...")
};

/// How a program ended.
struct ProcessResult {
    int exit_code = 0;       ///< the exit status, or 128 + signal when killed by a signal
    bool timed_out = false;  ///< killed because `timeout` passed
};

/// Receives complete output lines as they arrive: `is_stderr` tells the stream. Called on the
/// io_context thread; it may throw to abort the run (the program is then killed).
using LineSink = std::function<void(bool is_stderr, std::vector<std::string> lines)>;

/// Starts `spec.argv` and waits for it to exit, streaming its stdout and stderr lines to `sink`
/// (a final line without '\n' is delivered at end of stream). Errors (value): the program could
/// not be started ("cannot run 'x': No such file or directory", a bad cwd). A non-zero exit or a
/// timeout is a value in `ProcessResult`. Cancellation of the awaiting coroutine kills the
/// program. The first call sets SIGPIPE to ignored for the process (unless a handler is installed),
/// so a program that exits without reading its stdin is not fatal to the caller. Threading: the
/// calling coroutine's executor; the sink runs there too.
boost::asio::awaitable<boost::system::result<ProcessResult, std::string>> run_process(ProcessSpec spec,
                                                                                      LineSink sink);

}  // namespace steward::engine
