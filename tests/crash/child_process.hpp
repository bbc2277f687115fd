#pragma once

// A child process for tests: spawned with fork/exec, stdout on a pipe (read line by line with a
// deadline), stderr appended to a file; stopped with a signal; killed when the test process dies
// (Linux PR_SET_PDEATHSIG). Test code.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace steward::crash_test {

class ChildProcess {
public:
    /// Starts `argv` (argv[0] is the executable path). stderr goes to `stderr_file` (appended).
    /// Throws std::runtime_error if the process cannot be started.
    ChildProcess(const std::vector<std::string>& argv, const std::string& stderr_file);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    /// The next line of the child's stdout, or nothing on EOF or when `timeout` passes first.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    /// Sends `signal` (if still running).
    void send(int signal);
    /// Waits for the child to exit, at most `timeout`; returns the wait status, or nothing.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    /// True until the child has been reaped.
    [[nodiscard]] bool running() const noexcept { return pid_ > 0; }
    [[nodiscard]] int pid() const noexcept { return pid_; }

private:
    int pid_ = -1;
    int stdout_fd_ = -1;
    std::string pending_;
};

}  // namespace steward::crash_test
