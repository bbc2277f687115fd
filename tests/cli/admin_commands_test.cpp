// The admin commands (`steward token`, `steward user`, `steward audit`) run as the real binary
// against a config and database in a scratch directory, as an operator runs them from a shell.
#define BOOST_TEST_MODULE cli_admin
#include <boost/test/unit_test.hpp>

#include "orchestrator/app/api_client.hpp"
#include "tests/crash/child_process.hpp"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

struct Shell {
    int status = -1;  ///< the exit status; -1 when it did not exit normally
    std::string out;
    std::string err;
};

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// A scratch directory with a config (roles with permissions, two users) and its database.
struct AdminFixture {
    fs::path dir = fs::temp_directory_path() / ("steward-admin-test-" + std::to_string(::getpid()));
    fs::path config = dir / "steward.yaml";
    fs::path db = dir / "steward.db";

    AdminFixture() {
        fs::remove_all(dir);
        fs::create_directories(dir / "workflows");
        std::ofstream(config) << "http: {listen: '127.0.0.1:0'}\n"
                              << "livy: {url: 'http://127.0.0.1:1'}\n"
                              << "store: {path: steward.db}\n"
                              << "roles:\n"
                              << "  viewer: {permissions: [view]}\n"
                              << "  model_owner: {permissions: [view, answer, promote]}\n"
                              << "users:\n"
                              << "  ci-bot: {roles: [viewer]}\n"
                              << "  alice: {roles: [model_owner]}\n"
                              << "logging: {level: warn}\n";
    }
    ~AdminFixture() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }

    // Runs `steward ARGS` through the shell in `dir`, with `stdin_text` (if any) piped in.
    Shell steward(const std::string& args, const std::string& stdin_text = "") const {
        const fs::path out = dir / "out.txt";
        const fs::path err = dir / "err.txt";
        std::string line = "cd '" + dir.string() + "' && ";
        if (!stdin_text.empty()) {
            std::ofstream(dir / "in.txt") << stdin_text;
            line += "'" STEWARD_BINARY_DIR "/steward' " + args + " < in.txt";
        } else {
            line += "'" STEWARD_BINARY_DIR "/steward' " + args + " < /dev/null";
        }
        line += " > out.txt 2> err.txt";
        const int raw = std::system(line.c_str());
        Shell shell;
        shell.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
        shell.out = read_file(out);
        shell.err = read_file(err);
        fs::remove(dir / "in.txt");
        return shell;
    }

    std::string with_config(const std::string& args) const {
        return args + " --config '" + config.string() + "'";
    }

    // The database file and its write-ahead log, as bytes.
    std::string database_bytes() const { return read_file(db) + read_file(dir / "steward.db-wal"); }

    // Edits the database as an attacker with file access would: drops the guard and runs `sql`.
    void tamper(const std::string& sql) const {
        sqlite3* handle = nullptr;
        BOOST_REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
        char* error = nullptr;
        const int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &error);
        BOOST_TEST(rc == SQLITE_OK, (error != nullptr ? error : ""));
        sqlite3_free(error);
        sqlite3_close(handle);
    }
};

// The token id from `token create`'s note on stderr ("token 3 for ci-bot (...)").
std::string token_id_of(const Shell& created) {
    std::smatch match;
    BOOST_REQUIRE(std::regex_search(created.err, match, std::regex("token ([0-9]+) for ")));
    return match[1].str();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(admin_commands, AdminFixture)

BOOST_AUTO_TEST_CASE(token_create_prints_one_line_and_the_secret_is_never_shown_or_stored) {
    const Shell created = steward(with_config("token create --user ci-bot --scope runs:read,tasks:read"));
    BOOST_TEST(created.status == 0, created.err);
    BOOST_TEST(std::regex_match(created.out, std::regex("stw_[A-Za-z0-9_-]{20,}\n")), created.out);
    BOOST_TEST(created.err.find("shown once") != std::string::npos, created.err);
    const std::string secret = created.out.substr(0, created.out.size() - 1);
    BOOST_TEST(created.err.find(secret) == std::string::npos);

    const Shell listed = steward(with_config("token list"));
    BOOST_TEST(listed.status == 0, listed.err);
    BOOST_TEST(listed.out.find("ci-bot") != std::string::npos, listed.out);
    BOOST_TEST(listed.out.find("runs:read,tasks:read") != std::string::npos, listed.out);
    BOOST_TEST(listed.out.find(secret) == std::string::npos, listed.out);
    BOOST_TEST(listed.out.find(secret.substr(4)) == std::string::npos, listed.out);
    // Only a hash is stored.
    BOOST_TEST(database_bytes().find(secret.substr(4)) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(token_create_refuses_unknown_users_and_scopes) {
    const Shell nobody = steward(with_config("token create --user mallory --scope read"));
    BOOST_TEST(nobody.status != 0);
    BOOST_TEST(nobody.out.empty(), nobody.out);
    BOOST_TEST(nobody.err.find("mallory") != std::string::npos, nobody.err);
    const Shell scope = steward(with_config("token create --user ci-bot --scope runs:destroy"));
    BOOST_TEST(scope.status != 0);
    BOOST_TEST(scope.out.empty(), scope.out);
    BOOST_TEST(scope.err.find("runs:destroy") != std::string::npos, scope.err);
    BOOST_TEST(steward(with_config("token create --scope read")).status == 2);
}

BOOST_AUTO_TEST_CASE(a_revoked_token_is_refused_by_the_running_server) {
    const Shell created = steward(with_config("token create --user ci-bot --scope read"));
    BOOST_REQUIRE(created.status == 0);
    const std::string secret = created.out.substr(0, created.out.size() - 1);
    const std::string id = token_id_of(created);

    steward::crash_test::ChildProcess server(
        {STEWARD_BINARY_DIR "/steward", "serve", "--config", config.string()}, (dir / "serve.log").string());
    const auto line = server.read_line(30s);
    BOOST_REQUIRE_MESSAGE(line && line->rfind("steward: listening on ", 0) == 0,
                          "steward serve did not start: " << read_file(dir / "serve.log"));
    const std::string url = line->substr(std::string("steward: listening on ").size());
    const std::vector<std::pair<std::string, std::string>> bearer{{"Authorization", "Bearer " + secret}};
    const auto before = steward::app::api_call(url, "GET", "/api/runs", {}, bearer, 5s);
    BOOST_TEST(before.status == 200, before.body);
    BOOST_TEST(steward::app::api_call(url, "GET", "/api/runs", {}, {}, 5s).status == 401);

    const Shell revoked = steward(with_config("token revoke " + id));
    BOOST_TEST(revoked.status == 0, revoked.err);
    BOOST_TEST(revoked.out == "token " + id + " revoked\n");
    const auto after = steward::app::api_call(url, "GET", "/api/runs", {}, bearer, 5s);
    BOOST_TEST(after.status == 401, after.body);
    server.send(SIGTERM);
    BOOST_TEST(server.wait(20s).has_value());

    BOOST_TEST(steward(with_config("token list")).out == "no tokens\n");
    const Shell all = steward(with_config("token list --all"));
    BOOST_TEST(all.out.find("ci-bot") != std::string::npos, all.out);
    BOOST_TEST(all.out.find(" - \n") == std::string::npos, all.out);  // REVOKED is a date, not "-"
    BOOST_TEST(steward(with_config("token revoke 999")).status == 1);
}

BOOST_AUTO_TEST_CASE(user_add_checks_the_password_rule_without_echoing_it) {
    const std::string short_password = "Tiny-pw-42";
    const Shell refused =
        steward(with_config("user add carol --role model_owner --password-stdin"), short_password + "\n");
    BOOST_TEST(refused.status != 0);
    BOOST_TEST(refused.err.find("at least 12 characters") != std::string::npos, refused.err);
    BOOST_TEST(refused.err.find(short_password) == std::string::npos, refused.err);
    BOOST_TEST(refused.out.find(short_password) == std::string::npos, refused.out);
    BOOST_TEST(steward(with_config("user list")).out.find("carol") == std::string::npos);

    const std::string good_password = "correct horse battery staple";
    const Shell added =
        steward(with_config("user add carol --role model_owner --password-stdin"), good_password + "\n");
    BOOST_TEST(added.status == 0, added.err);
    BOOST_TEST(added.out == "user carol added (roles: model_owner)\n");
    BOOST_TEST(added.err.find(good_password) == std::string::npos, added.err);
    BOOST_TEST(database_bytes().find(good_password) == std::string::npos);
    BOOST_TEST(steward(with_config("user list")).out.find("carol") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(user_add_refuses_an_undeclared_role) {
    const Shell refused = steward(with_config("user add carol --role boss --no-password"));
    BOOST_TEST(refused.status != 0);
    BOOST_TEST(refused.err.find("role 'boss' is not declared") != std::string::npos, refused.err);
    BOOST_TEST(steward(with_config("user list")).out.find("carol") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(audit_verify_passes_and_then_names_the_tampered_row) {
    const Shell fresh = steward(with_config("audit verify"));
    BOOST_TEST(fresh.status == 0, fresh.err);
    BOOST_TEST(fresh.out.find("audit log intact") != std::string::npos, fresh.out);

    BOOST_REQUIRE(steward(with_config("token create --user ci-bot --scope read")).status == 0);
    BOOST_REQUIRE(steward(with_config("user add carol --role viewer --no-password")).status == 0);
    BOOST_REQUIRE(steward(with_config("token create --user alice --scope read")).status == 0);
    const Shell intact = steward(with_config("audit verify"));
    BOOST_TEST(intact.status == 0, intact.err);
    BOOST_TEST(intact.out.find("audit log intact: 3 rows") != std::string::npos, intact.out);

    // The trigger refuses the edit ...
    sqlite3* handle = nullptr;
    BOOST_REQUIRE(sqlite3_open(db.c_str(), &handle) == SQLITE_OK);
    BOOST_TEST(sqlite3_exec(handle, "UPDATE audit_log SET actor = 'mallory' WHERE id = 2", nullptr, nullptr,
                            nullptr) != SQLITE_OK);
    sqlite3_close(handle);
    // ... and the chain catches whoever drops it.
    tamper("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'mallory' WHERE id = 2;");
    const Shell broken = steward(with_config("audit verify"));
    BOOST_TEST(broken.status == 1, broken.out);
    BOOST_TEST(broken.err.find("audit row 2 ") != std::string::npos, broken.err);
    BOOST_TEST(broken.err.find("BROKEN") != std::string::npos, broken.err);
}

BOOST_AUTO_TEST_SUITE_END()
