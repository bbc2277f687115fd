// `steward backup FILE` (docs/server.md, "Backup and restore") as an operator runs it: against a
// live `steward serve` that keeps starting runs meanwhile, then restored into a new server.
#define BOOST_TEST_MODULE cli_backup
#include <boost/test/unit_test.hpp>

#include "orchestrator/app/api_client.hpp"
#include "tests/crash/child_process.hpp"

#include <boost/json/parse.hpp>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using steward::crash_test::ChildProcess;

namespace {

struct Shell {
    int status = -1;
    std::string out;
    std::string err;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// One value read from a database file on a fresh read-only connection.
std::string sql_value(const fs::path& db, const char* sql) {
    sqlite3* handle = nullptr;
    std::string result;
    if (sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(handle, sql, -1, &st, nullptr) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            result = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(handle);
    return result;
}

std::string integrity_of(const fs::path& db) {
    return sql_value(db, "PRAGMA integrity_check");
}

// A scratch directory with a config, a workflow of three gate steps and (once started) a server.
struct Site {
    fs::path dir;
    fs::path config;

    explicit Site(const std::string& name)
        : dir(fs::temp_directory_path() / ("steward-backup-test-" + name + "-" + std::to_string(::getpid()))),
          config(dir / "steward.yaml") {
        fs::remove_all(dir);
        fs::create_directories(dir / "workflows");
        std::ofstream(config) << "http: {listen: '127.0.0.1:0'}\n"
                              << "livy: {url: 'http://127.0.0.1:1'}\n"
                              << "store: {path: steward.db}\n"
                              << "roles: {ops: {permissions: [view, trigger]}}\n"
                              << "users: {ops: {roles: [ops]}}\n"
                              << "logging: {level: warn}\n";
        std::ofstream(dir / "workflows" / "chain.yaml")
            << "name: chain\nsteps:\n"
            << "  - {id: a, type: gate, cases: [{if: 'true', goto: b}]}\n"
            << "  - {id: b, type: gate, cases: [{if: 'true', goto: c}]}\n"
            << "  - {id: c, type: gate, cases: [{if: 'true', goto: end}]}\n";
    }
    ~Site() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }

    Shell steward(const std::string& args) const {
        const std::string line = "cd '" + dir.string() + "' && '" STEWARD_BINARY_DIR "/steward' " + args +
                                 " < /dev/null > out.txt 2> err.txt";
        const int raw = std::system(line.c_str());
        Shell shell;
        shell.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        shell.out = read_file(dir / "out.txt");
        shell.err = read_file(dir / "err.txt");
        return shell;
    }
    std::string with_config(const std::string& args) const {
        return args + " --config '" + config.string() + "'";
    }
};

struct Server {
    ChildProcess process;
    std::string url;
    explicit Server(const Site& site)
        : process({STEWARD_BINARY_DIR "/steward", "serve", "--config", site.config.string()},
                  (site.dir / "serve.log").string()) {
        const auto line = process.read_line(30s);
        BOOST_REQUIRE_MESSAGE(line && line->rfind("steward: listening on ", 0) == 0,
                              "steward serve did not start: " << read_file(site.dir / "serve.log"));
        url = line->substr(std::string("steward: listening on ").size());
    }
    void stop() {
        process.send(SIGTERM);
        BOOST_TEST(process.wait(20s).has_value());
    }
};

std::int64_t run_count(const std::string& url, const std::string& token) {
    const auto reply = steward::app::api_call(url, "GET", "/api/runs?limit=1000", {},
                                              {{"Authorization", "Bearer " + token}});
    BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
    return static_cast<std::int64_t>(boost::json::parse(reply.body).at("runs").as_array().size());
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_backup_of_a_live_server_restores_into_a_working_server) {
    Site live("live");
    const Shell token = live.steward(live.with_config("token create --user ops --scope read,runs:trigger"));
    BOOST_TEST_REQUIRE(token.status == 0, token.err);
    const std::string secret = token.out.substr(0, token.out.find('\n'));
    Server server(live);

    // Runs keep being started over the API while the backup copies, two pages per step.
    std::atomic<bool> stop = false;
    std::atomic<int> started = 0;
    std::thread client([&] {
        while (!stop) {
            const auto reply = steward::app::api_call(
                server.url, "POST", "/api/workflows/chain/runs", "{}",
                {{"Authorization", "Bearer " + secret}, {"Content-Type", "application/json"}});
            if (reply.status == 201)
                ++started;
        }
    });
    while (started < 20) {
        std::this_thread::sleep_for(10ms);
    }
    const Shell backup = live.steward(live.with_config("backup copy.db --pages-per-step 2"));
    const int before = 20;
    stop = true;
    client.join();
    BOOST_TEST_REQUIRE(backup.status == 0, backup.err);
    BOOST_TEST(backup.out.find("backed up ") == 0u, backup.out);
    BOOST_TEST(backup.err.find("% (") != std::string::npos, backup.err);  // progress lines
    BOOST_TEST(started >= before);
    BOOST_TEST(integrity_of(live.dir / "copy.db") == "ok");

    // Refusals: an existing FILE without --force (named, exit 1); no FILE (usage, exit 2).
    const Shell again = live.steward(live.with_config("backup copy.db"));
    BOOST_TEST(again.status == 1);
    BOOST_TEST(again.err.find("copy.db' already exists (pass --force to overwrite it)") != std::string::npos,
               again.err);
    BOOST_TEST(live.steward(live.with_config("backup")).status == 2);
    const Shell forced = live.steward(live.with_config("backup copy.db --force --quiet"));
    BOOST_TEST(forced.status == 0, forced.err);
    BOOST_TEST(forced.err.empty(), forced.err);
    const Shell help = live.steward("backup --help");
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.find("Restore:") != std::string::npos);
    server.stop();
    const std::int64_t total = std::stoll(sql_value(live.dir / "steward.db", "SELECT count(*) FROM runs"));

    // Restore: the copy becomes another site's database; its server answers with the runs.
    Site restored("restored");
    fs::copy_file(live.dir / "copy.db", restored.dir / "steward.db");
    Server second(restored);
    const std::int64_t kept = run_count(second.url, secret);
    BOOST_TEST(kept >= 20);
    BOOST_TEST(kept <= total);
    second.stop();
    BOOST_TEST(integrity_of(restored.dir / "steward.db") == "ok");
}
