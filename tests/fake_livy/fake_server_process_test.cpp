// The standalone fake_livy_server executable: prints its port, serves, stops cleanly on SIGTERM,
// and rejects bad arguments with exit code 2.
#include "tests/fake_livy/raw_http.hpp"
#include "tests/fake_livy/run_coro.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/test/unit_test.hpp>

#include <array>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace utf = boost::unit_test;
using steward::fake_livy::raw_request;
using steward::fake_livy::run_coro;

namespace {

const std::string server_path = std::string(STEWARD_BINARY_DIR) + "/tests/fake_livy/fake_livy_server";

// A child process with its stdout on a pipe. Killed (SIGKILL) if still running at destruction.
class Child {
public:
    explicit Child(std::vector<std::string> args) {
        std::array<int, 2> fds{};
        BOOST_REQUIRE(::pipe(fds.data()) == 0);
        pid_ = ::fork();
        BOOST_REQUIRE(pid_ >= 0);
        if (pid_ == 0) {
            ::dup2(fds[1], STDOUT_FILENO);
            if (const int devnull = ::open("/dev/null", O_WRONLY); devnull >= 0) {
                ::dup2(devnull, STDERR_FILENO);  // keep usage text out of the test log
            }
            ::close(fds[0]);
            ::close(fds[1]);
            std::vector<char*> argv;
            argv.push_back(const_cast<char*>(server_path.c_str()));
            for (auto& a : args) {
                argv.push_back(a.data());
            }
            argv.push_back(nullptr);
            ::execv(server_path.c_str(), argv.data());
            ::_exit(127);
        }
        ::close(fds[1]);
        out_ = ::fdopen(fds[0], "r");
    }
    ~Child() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (out_ != nullptr) {
            std::fclose(out_);
        }
    }
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    /// The first line of stdout (blocks until it arrives or the child exits).
    std::string first_line() {
        std::array<char, 64> buf{};
        return std::fgets(buf.data(), static_cast<int>(buf.size()), out_) != nullptr ? std::string(buf.data())
                                                                                     : std::string();
    }
    void signal(int sig) { ::kill(pid_, sig); }
    /// The exit code (-1 when killed by a signal).
    int wait() {
        int status = 0;
        ::waitpid(pid_, &status, 0);
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }

private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    std::FILE* out_ = nullptr;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(fake_server_process)

BOOST_AUTO_TEST_CASE(serves_on_the_printed_port_and_stops_on_sigterm, *utf::timeout(30)) {
    Child child({"--port", "0", "--batch-seconds", "0.01", "--csrf"});
    const auto line = child.first_line();
    const auto port = static_cast<unsigned short>(std::stoul(line));
    BOOST_TEST(port > 0);
    boost::asio::io_context io;
    const auto v = run_coro(io, raw_request(port, "GET", "/version", {}, {}));
    BOOST_TEST(v.status == 200U);
    const auto csrf = run_coro(io, raw_request(port, "POST", "/batches", R"({"file":"/f"})", {}));
    BOOST_TEST(csrf.status == 400U);  // --csrf took effect
    const auto created = run_coro(io, raw_request(port, "POST", "/batches", R"({"file":"/f"})"));
    BOOST_TEST(created.status == 201U);
    child.signal(SIGTERM);
    BOOST_TEST(child.wait() == 0);
}

BOOST_AUTO_TEST_CASE(slow_batches_by_name_part_and_app_info, *utf::timeout(30)) {
    Child child({"--batch-seconds", "0.01", "--batch-seconds-for", "tail=never", "--app-info"});
    const auto port = static_cast<unsigned short>(std::stoul(child.first_line()));
    boost::asio::io_context io;
    const auto slow =
        run_coro(io, raw_request(port, "POST", "/batches", R"({"file":"/f","name":"steward-x-3-tail-7"})"));
    BOOST_TEST(slow.status == 201U);
    const auto quick =
        run_coro(io, raw_request(port, "POST", "/batches", R"({"file":"/f","name":"steward-x-3-quick-8"})"));
    BOOST_TEST(quick.status == 201U);
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    BOOST_TEST(run_coro(io, raw_request(port, "GET", "/batches/0/state")).body.find("\"running\"") !=
               std::string::npos);
    BOOST_TEST(run_coro(io, raw_request(port, "GET", "/batches/1/state")).body.find("\"success\"") !=
               std::string::npos);
    const auto shown = run_coro(io, raw_request(port, "GET", "/batches/0"));
    BOOST_TEST(shown.body.find("\"appId\":\"application_1700000000000_0001\"") != std::string::npos,
               shown.body);
    BOOST_TEST(shown.body.find("\"sparkUiUrl\":\"http://") != std::string::npos, shown.body);
    child.signal(SIGTERM);
    BOOST_TEST(child.wait() == 0);
}

BOOST_AUTO_TEST_CASE(records_creates_and_deletes, *utf::timeout(30)) {
    const auto path = std::filesystem::temp_directory_path() / ("fake-record-" + std::to_string(::getpid()));
    std::filesystem::remove(path);
    Child child({"--record", path.string()});
    const auto port = static_cast<unsigned short>(std::stoul(child.first_line()));
    boost::asio::io_context io;
    const std::string body = R"({"file":"/f","name":"steward-x-1-a-1"})";
    BOOST_TEST(run_coro(io, raw_request(port, "POST", "/batches", body)).status == 201U);
    BOOST_TEST(run_coro(io, raw_request(port, "POST", "/batches", body)).status == 400U);  // same name
    BOOST_TEST(run_coro(io, raw_request(port, "GET", "/batches/0")).status == 200U);       // not recorded
    BOOST_TEST(run_coro(io, raw_request(port, "DELETE", "/batches/0")).status == 200U);
    child.signal(SIGTERM);
    BOOST_TEST(child.wait() == 0);
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    std::filesystem::remove(path);
    const std::vector<std::string> expected{
        R"({"op":"create","kind":"batch","status":201,"name":"steward-x-1-a-1","id":"0"})",
        R"({"op":"create","kind":"batch","status":400,"name":"steward-x-1-a-1","id":""})",
        R"({"op":"delete","kind":"batch","status":200,"ref":"0"})"};
    BOOST_TEST(lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(random_faults_until_sigusr1, *utf::timeout(30)) {
    Child child({"--fault-rate", "1", "--seed", "3"});
    const auto port = static_cast<unsigned short>(std::stoul(child.first_line()));
    boost::asio::io_context io;
    BOOST_TEST(run_coro(io, raw_request(port, "GET", "/version")).status == 503U);  // rate 1: the first GET
    child.signal(SIGUSR1);
    unsigned status = 0;
    for (int i = 0; i < 100 && status != 200U; ++i) {  // until the signal is handled
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        status = run_coro(io, raw_request(port, "GET", "/version")).status;
    }
    BOOST_TEST(status == 200U);
    child.signal(SIGTERM);
    BOOST_TEST(child.wait() == 0);
}

BOOST_AUTO_TEST_CASE(bad_arguments_exit_with_usage_error, *utf::timeout(30)) {
    Child bad_number({"--batch-seconds", "soon"});
    BOOST_TEST(bad_number.wait() == 2);
    Child bad_part({"--batch-seconds-for", "5"});
    BOOST_TEST(bad_part.wait() == 2);
    Child bad_rate({"--fault-rate", "2"});
    BOOST_TEST(bad_rate.wait() == 2);
    Child unknown({"--frobnicate", "1"});
    BOOST_TEST(unknown.wait() == 2);
    Child help({"--help"});
    BOOST_TEST(help.first_line().starts_with("usage: fake_livy_server"));
    BOOST_TEST(help.wait() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
