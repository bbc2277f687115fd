#include "orchestrator/engine/process_runner.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/asio/write.hpp>
// Boost.Process 1.81 with BOOST_PROCESS_USE_STD_FS misses these includes of its own.
#include <boost/optional.hpp>
#include <boost/type_traits/remove_pointer.hpp>
#include <type_traits>
// (keep the two above first)
#include <boost/process/v2/environment.hpp>
// Header-only 1.81 does not pull in process_environment's implementation by itself.
#include <boost/process/v2/impl/environment.ipp>
#include <boost/process/v2/process.hpp>
#include <boost/process/v2/start_dir.hpp>
#include <boost/process/v2/stdio.hpp>

#include <array>
#include <csignal>
#include <exception>
#include <filesystem>

extern char** environ;  // NOLINT: POSIX

namespace steward::engine {

namespace asio = boost::asio;
namespace bp = boost::process::v2;

namespace {

constexpr auto kNothrow = asio::as_tuple(asio::use_awaitable);

/// Writing to a program that exited without reading its stdin raises SIGPIPE, whose default
/// action ends the whole server. Ignored once per process (when nobody installed a handler), the
/// write fails with EPIPE instead, which `feed` treats as normal.
void ignore_sigpipe_once() {
    static const bool done = [] {
        struct sigaction current {};
        if (::sigaction(SIGPIPE, nullptr, &current) == 0 && current.sa_handler == SIG_DFL) {
            struct sigaction ignore {};
            ignore.sa_handler = SIG_IGN;
            sigemptyset(&ignore.sa_mask);
            ::sigaction(SIGPIPE, &ignore, nullptr);
        }
        return true;
    }();
    (void)done;
}

std::vector<std::string> build_environment(const std::map<std::string, std::string>& overrides) {
    std::vector<std::string> env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string_view::npos && overrides.contains(std::string(text.substr(0, eq)))) {
            continue;
        }
        env.emplace_back(text);
    }
    for (const auto& [key, value] : overrides) {
        env.push_back(key + "=" + value);
    }
    return env;
}

std::string resolve_program(const std::string& program) {
    if (program.find('/') != std::string::npos) {
        return program;
    }
    return bp::environment::find_executable(program).string();
}

/// Splits `pending` into complete lines (each cut to `max_bytes`), keeping the unfinished tail.
std::vector<std::string> take_lines(std::string& pending, std::size_t max_bytes, bool flush) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (;;) {
        const auto nl = pending.find('\n', start);
        if (nl == std::string::npos) {
            break;
        }
        std::string line = pending.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.size() > max_bytes) {
            line.resize(max_bytes);
            line += "...";
        }
        lines.push_back(std::move(line));
        start = nl + 1;
    }
    pending.erase(0, start);
    if (flush && !pending.empty()) {
        lines.push_back(pending.size() > max_bytes ? pending.substr(0, max_bytes) + "..." : pending);
        pending.clear();
    }
    return lines;
}

asio::awaitable<void> pump(asio::readable_pipe& pipe, bool is_stderr, std::size_t max_line_bytes,
                           const LineSink& sink) {
    std::array<char, 8192> buffer{};
    std::string pending;
    for (;;) {
        auto [ec, n] = co_await pipe.async_read_some(asio::buffer(buffer), kNothrow);
        if (n > 0) {
            pending.append(buffer.data(), n);
            if (auto lines = take_lines(pending, max_line_bytes, false); !lines.empty()) {
                sink(is_stderr, std::move(lines));
            }
            // An endless line must not grow without bound: flush it in pieces.
            if (pending.size() > max_line_bytes * 4) {
                sink(is_stderr, take_lines(pending, max_line_bytes, true));
            }
        }
        if (ec) {
            break;  // EOF or a broken pipe: the program closed its end
        }
    }
    if (auto lines = take_lines(pending, max_line_bytes, true); !lines.empty()) {
        sink(is_stderr, std::move(lines));
    }
}

asio::awaitable<void> feed(asio::writable_pipe& pipe, std::string text) {
    if (!text.empty()) {
        auto [ec, n] = co_await asio::async_write(pipe, asio::buffer(text), kNothrow);
        (void)ec, (void)n;  // a program that does not read its stdin is not an error
    }
    boost::system::error_code ignored;
    pipe.close(ignored);
}

asio::awaitable<int> wait_exit(bp::process& proc) {
    auto [ec, code] = co_await proc.async_wait(kNothrow);
    if (ec) {
        co_return -1;
    }
    co_return code;
}

/// Output pumps and the exit wait, all to completion.
asio::awaitable<int> supervise(bp::process& proc, asio::readable_pipe& out, asio::readable_pipe& err,
                               asio::writable_pipe& in, std::string stdin_text, std::size_t max_line_bytes,
                               const LineSink& sink) {
    using namespace asio::experimental::awaitable_operators;
    auto results =
        co_await (pump(out, false, max_line_bytes, sink) && pump(err, true, max_line_bytes, sink) &&
                  feed(in, std::move(stdin_text)) && wait_exit(proc));
    co_return results;
}

asio::awaitable<void> expire(std::chrono::milliseconds timeout) {
    asio::steady_timer timer(co_await asio::this_coro::executor, timeout);
    co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace

asio::awaitable<boost::system::result<ProcessResult, std::string>> run_process(ProcessSpec spec,
                                                                               LineSink sink) {
    using namespace asio::experimental::awaitable_operators;
    if (spec.argv.empty() || spec.argv.front().empty()) {
        co_return std::string("no program to run (empty command)");
    }
    const std::string program = resolve_program(spec.argv.front());
    if (program.empty()) {
        co_return "cannot run '" + spec.argv.front() + "': not found in PATH";
    }
    if (!spec.cwd.empty() && !std::filesystem::is_directory(spec.cwd)) {
        co_return "cannot run '" + spec.argv.front() + "': working directory '" + spec.cwd +
            "' does not exist";
    }
    ignore_sigpipe_once();
    auto executor = co_await asio::this_coro::executor;
    asio::readable_pipe out(executor);
    asio::readable_pipe err(executor);
    asio::writable_pipe in(executor);
    const std::vector<std::string> env = build_environment(spec.env);
    const std::vector<std::string> args(spec.argv.begin() + 1, spec.argv.end());
    std::unique_ptr<bp::process> proc;
    try {
        const std::filesystem::path cwd =
            spec.cwd.empty() ? std::filesystem::current_path() : std::filesystem::path(spec.cwd);
        proc = std::make_unique<bp::process>(executor, program, args, bp::process_stdio{in, out, err},
                                             bp::process_environment(env), bp::process_start_dir(cwd));
    } catch (const std::exception& e) {
        co_return "cannot run '" + spec.argv.front() + "': " + e.what();
    }
    ProcessResult result;
    if (spec.timeout.count() > 0) {
        auto raced =
            co_await (supervise(*proc, out, err, in, std::move(spec.stdin_text), spec.max_line_bytes, sink) ||
                      expire(spec.timeout));
        if (raced.index() == 1) {
            boost::system::error_code ignored;
            proc->terminate(ignored);
            result.timed_out = true;
            result.exit_code = 128 + 9;
            co_return result;
        }
        result.exit_code = std::get<0>(raced);
    } else {
        result.exit_code =
            co_await supervise(*proc, out, err, in, std::move(spec.stdin_text), spec.max_line_bytes, sink);
    }
    co_return result;
}

}  // namespace steward::engine
