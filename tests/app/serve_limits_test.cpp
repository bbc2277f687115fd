// `steward serve` under a low file descriptor limit (the real process started through prlimit):
// the start checks RLIMIT_NOFILE against the configured caps (raises the soft limit toward the
// hard one, warns with the numbers and the fix when it stays too low), and ~1,100 idle connections
// at `ulimit -n 1024` neither stop the server nor leave new clients hanging; once they close,
// /api/health answers again. Also the budget arithmetic itself (fd_limit.hpp).

#include "orchestrator/app/fd_limit.hpp"
#include "tests/crash/child_process.hpp"

#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace app = steward::app;
using steward::crash_test::ChildProcess;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPrefix = "steward: listening on ";

// A config directory (empty workflows_dir, unreachable Livy); removed at the end.
struct ServeDir {
    fs::path dir = fs::temp_directory_path() / ("steward-serve-limits-" + std::to_string(::getpid()));
    explicit ServeDir(const std::string& http_extra = "") {
        fs::remove_all(dir);
        fs::create_directories(dir / "workflows");
        std::ofstream(dir / "steward.yaml") << "http: {listen: '127.0.0.1:0'" << http_extra << "}\n"
                                            << "livy: {url: 'http://127.0.0.1:9'}\n"
                                            << "store: {path: steward.db}\n";
    }
    ~ServeDir() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    ServeDir(const ServeDir&) = delete;
    ServeDir& operator=(const ServeDir&) = delete;
    [[nodiscard]] std::string config() const { return (dir / "steward.yaml").string(); }
    [[nodiscard]] std::string log_file() const { return (dir / "steward.log").string(); }
    [[nodiscard]] std::string log() const {
        std::ifstream in(dir / "steward.log");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

std::string prlimit_binary() {
    for (const char* candidate : {"/usr/bin/prlimit", "/bin/prlimit"}) {
        if (::access(candidate, X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

bool health_recovers(unsigned short port, std::chrono::milliseconds deadline);

// `steward serve` with RLIMIT_NOFILE soft:hard; the port once it listens (0 if it did not start).
struct LimitedServer {
    ChildProcess process;
    unsigned short port = 0;
    LimitedServer(const ServeDir& dir, const std::string& nofile)
        : process({prlimit_binary(), "--nofile=" + nofile, STEWARD_BINARY_DIR "/steward", "serve", "--config",
                   dir.config()},
                  dir.log_file()) {
        const auto line = process.read_line(30s);
        if (line && line->rfind(kPrefix, 0) == 0) {
            port = static_cast<unsigned short>(std::stoi(line->substr(line->rfind(':') + 1)));
        }
    }
    // SIGTERM once it serves (its signal handler is installed just after the start line), and the
    // exit status (-1 if it did not exit cleanly in time).
    int stop() {
        if (!health_recovers(port, 10s)) {
            return -1;
        }
        process.send(SIGTERM);
        const auto status = process.wait(20s);
        return status && WIFEXITED(*status) ? WEXITSTATUS(*status) : -1;
    }
};

int connect_to(unsigned short port, std::chrono::milliseconds deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(deadline.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((deadline.count() % 1000) * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// What became of a GET /api/health on a new connection within `deadline`.
struct Probe {
    int status = 0;          // the answer's status; 0 = none
    bool closed = false;     // the server closed (or reset) the connection without an answer
    bool timed_out = false;  // nothing at all within the deadline
};

Probe probe_health(unsigned short port, std::chrono::milliseconds deadline = 3s) {
    Probe probe;
    const int fd = connect_to(port, deadline);
    if (fd < 0) {
        probe.timed_out = true;
        return probe;
    }
    const std::string request = "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    (void)::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string text;
    char buffer[4096];
    for (;;) {
        const auto n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            text.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && text.empty()) {
            probe.timed_out = true;
        }
        break;
    }
    ::close(fd);
    if (text.rfind("HTTP/1.1 ", 0) == 0) {
        probe.status = std::stoi(text.substr(9, 3));
    } else if (!probe.timed_out) {
        probe.closed = true;
    }
    return probe;
}

// Health answers 200 within `deadline` (polled: the server must first see the closes).
bool health_recovers(unsigned short port, std::chrono::milliseconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (std::chrono::steady_clock::now() < until) {
        if (probe_health(port, 2s).status == 200) {
            return true;
        }
        ::usleep(50'000);
    }
    return false;
}

// This test process needs more descriptors than the server it loads: raises its own soft limit.
bool allow_descriptors(rlim_t wanted) {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return false;
    }
    if (limit.rlim_cur >= wanted) {
        return true;
    }
    limit.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    return ::setrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur >= wanted;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

// Opens `n` idle connections (nothing sent) and keeps them until destroyed.
struct IdleConnections {
    std::vector<int> fds;
    IdleConnections(unsigned short port, int n) {
        for (int i = 0; i < n; ++i) {
            const int fd = connect_to(port, 3s);
            if (fd >= 0) {
                fds.push_back(fd);
            }
        }
    }
    ~IdleConnections() { close(); }
    IdleConnections(const IdleConnections&) = delete;
    IdleConnections& operator=(const IdleConnections&) = delete;
    void close() {
        for (const int fd : fds) {
            ::close(fd);
        }
        fds.clear();
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(descriptor_budget)

BOOST_AUTO_TEST_CASE(the_default_caps_fit_in_1024_and_the_warning_names_the_numbers_and_the_fix) {
    app::Config config;
    const auto budget = app::descriptor_budget(config);
    BOOST_TEST(budget.clients == 512U + 66U);
    BOOST_TEST(budget.livy == 16U + 64U);
    BOOST_TEST(budget.total() <= 1024U);  // `ulimit -n 1024`, the usual default, is enough

    BOOST_TEST(app::wanted_soft_limit(722, 256, 4096) == 722U);    // raised to what is needed
    BOOST_TEST(app::wanted_soft_limit(722, 256, 500) == 500U);     // as far as the hard limit allows
    BOOST_TEST(app::wanted_soft_limit(722, 2048, 4096) == 2048U);  // never lowered

    config.http.max_connections = 2000;
    app::DescriptorLimit limit;
    limit.soft_before = limit.soft = limit.hard = 1024;
    limit.needed = app::descriptor_budget(config).total();
    app::describe_descriptor_limit(config, app::descriptor_budget(config), limit);
    BOOST_TEST(limit.warning.find("file descriptor limit 1024") != std::string::npos, limit.warning);
    BOOST_TEST(limit.warning.find("http.max_connections 2000") != std::string::npos, limit.warning);
    BOOST_TEST(limit.warning.find("ulimit -n " + std::to_string(limit.needed)) != std::string::npos,
               limit.warning);
    BOOST_TEST(limit.warning.find("LimitNOFILE=") != std::string::npos, limit.warning);
    // The largest max_connections that fits: 1024 minus everything else.
    BOOST_TEST(limit.warning.find("lower http.max_connections to " + std::to_string(1024 - 66 - 80 - 64)) !=
                   std::string::npos,
               limit.warning);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(serve_descriptor_limit)

BOOST_AUTO_TEST_CASE(serve_warns_when_max_connections_exceeds_the_descriptor_limit) {
    BOOST_REQUIRE_MESSAGE(!prlimit_binary().empty(), "prlimit (util-linux) is needed");
    const ServeDir dir(", max_connections: 2000");
    LimitedServer steward(dir, "1024:1024");
    BOOST_REQUIRE_MESSAGE(steward.port != 0, "no start line; log:\n" << dir.log());
    const std::string log = dir.log();
    BOOST_TEST(log.find("the file descriptor limit 1024 (hard limit 1024) is below") != std::string::npos,
               log);
    BOOST_TEST(log.find("http.max_connections 2000") != std::string::npos, log);
    BOOST_TEST(log.find("ulimit -n") != std::string::npos, log);
    BOOST_TEST(steward.stop() == 0);
}

BOOST_AUTO_TEST_CASE(serve_raises_a_low_soft_limit_toward_the_hard_limit) {
    BOOST_REQUIRE_MESSAGE(!prlimit_binary().empty(), "prlimit (util-linux) is needed");
    const ServeDir dir;
    LimitedServer steward(dir, "256:4096");
    BOOST_REQUIRE_MESSAGE(steward.port != 0, "no start line; log:\n" << dir.log());
    const std::string log = dir.log();
    BOOST_TEST(
        log.find("file descriptors: limit 722 (raised from 256), hard limit 4096") != std::string::npos, log);
    BOOST_TEST(log.find("is below") == std::string::npos, log);
    BOOST_TEST(steward.stop() == 0);
}

BOOST_AUTO_TEST_CASE(eleven_hundred_idle_connections_at_ulimit_1024_do_not_stop_the_server) {
    BOOST_REQUIRE_MESSAGE(!prlimit_binary().empty(), "prlimit (util-linux) is needed");
    BOOST_REQUIRE_MESSAGE(allow_descriptors(4096), "this test needs 4096 descriptors of its own");
    const ServeDir dir;  // http.max_connections at its default, 512
    LimitedServer steward(dir, "1024:1024");
    BOOST_REQUIRE_MESSAGE(steward.port != 0, "no start line; log:\n" << dir.log());
    {
        const IdleConnections idle(steward.port, 1100);
        BOOST_TEST(idle.fds.size() == 1100U);
        // A new client is answered (503 while every slot is held) instead of waiting in the backlog.
        const auto probe = probe_health(steward.port);
        BOOST_TEST(!probe.timed_out, "a new connection got no answer within 3 s; log:\n" << dir.log());
        BOOST_TEST((probe.status == 503 || probe.status == 200), "status " << probe.status);
        BOOST_TEST(!steward.process.wait(0ms).has_value());  // still running
    }
    BOOST_TEST(health_recovers(steward.port, 10s), "no 200 after the idle connections closed; log:\n"
                                                       << dir.log());
    BOOST_TEST(steward.stop() == 0);
}

BOOST_AUTO_TEST_CASE(out_of_descriptors_the_accept_loop_sheds_connections_logs_once_and_recovers) {
    BOOST_REQUIRE_MESSAGE(!prlimit_binary().empty(), "prlimit (util-linux) is needed");
    BOOST_REQUIRE_MESSAGE(allow_descriptors(4096), "this test needs 4096 descriptors of its own");
    const ServeDir dir(", max_connections: 2000");  // over the limit: accept itself runs out
    LimitedServer steward(dir, "1024:1024");
    BOOST_REQUIRE_MESSAGE(steward.port != 0, "no start line; log:\n" << dir.log());
    {
        const IdleConnections idle(steward.port, 1100);
        BOOST_TEST(idle.fds.size() == 1100U);
        // Out of descriptors, the server takes the pending connection with its spare one and
        // closes it: the client learns at once instead of hanging in the backlog.
        for (int i = 0; i < 3; ++i) {
            const auto probe = probe_health(steward.port);
            BOOST_TEST(!probe.timed_out, "a new connection hung; log:\n" << dir.log());
        }
        BOOST_TEST(!steward.process.wait(0ms).has_value());
    }
    BOOST_TEST(health_recovers(steward.port, 10s), "no 200 after the idle connections closed; log:\n"
                                                       << dir.log());
    const std::string log = dir.log();
    BOOST_TEST(count(log, "accept failed") == 1U, log.substr(0, 4000));  // once per episode, no spinning
    BOOST_TEST(log.find("accepting connections again") != std::string::npos);
    BOOST_TEST(steward.stop() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
