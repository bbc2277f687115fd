// run_process against real programs: exit codes, output lines, and a program that exits without
// reading its stdin (SIGPIPE must not end the caller).

#include "orchestrator/engine/process_runner.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>

namespace asio = boost::asio;
using steward::engine::ProcessResult;
using steward::engine::ProcessSpec;
using steward::engine::run_process;

namespace {

struct Ran {
    boost::system::result<ProcessResult, std::string> result{std::string("did not finish")};
    std::vector<std::string> out;
};

Ran run(ProcessSpec spec) {
    asio::io_context io;
    Ran ran;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            ran.result =
                co_await run_process(std::move(spec), [&](bool is_stderr, std::vector<std::string> lines) {
                    if (!is_stderr) {
                        ran.out.insert(ran.out.end(), lines.begin(), lines.end());
                    }
                });
        },
        asio::detached);
    io.run();
    return ran;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(process_runner)

BOOST_AUTO_TEST_CASE(a_program_that_never_reads_its_stdin_does_not_kill_the_caller) {
    // ctest starts this binary with SIGPIPE at its default (fatal) action, as CI does.
    ProcessSpec spec;
    spec.argv = {"sh", "-c", "exec 0<&-; echo closed; exit 3"};
    spec.stdin_text = std::string(4 * 1024 * 1024, 'x');  // far more than a pipe buffer
    spec.timeout = std::chrono::seconds(30);
    const Ran ran = run(spec);
    BOOST_REQUIRE(ran.result.has_value());
    BOOST_TEST(ran.result->exit_code == 3);
    BOOST_TEST(!ran.result->timed_out);
    BOOST_TEST(ran.out == std::vector<std::string>{"closed"});
}

BOOST_AUTO_TEST_CASE(stdin_is_delivered_to_a_program_that_reads_it) {
    ProcessSpec spec;
    spec.argv = {"sh", "-c", "read line; echo \"got $line\""};
    spec.stdin_text = "hello\n";
    spec.timeout = std::chrono::seconds(30);
    const Ran ran = run(spec);
    BOOST_REQUIRE(ran.result.has_value());
    BOOST_TEST(ran.result->exit_code == 0);
    BOOST_TEST(ran.out == std::vector<std::string>{"got hello"});
}

BOOST_AUTO_TEST_CASE(a_missing_program_is_an_error_value) {
    ProcessSpec spec;
    spec.argv = {"steward-no-such-program-xyz"};
    const Ran ran = run(spec);
    BOOST_REQUIRE(ran.result.has_error());
    BOOST_TEST(ran.result.error().find("not found in PATH") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
