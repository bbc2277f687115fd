#include "orchestrator/app/admin_support.hpp"

#include "orchestrator/auth/password.hpp"
#include "orchestrator/store/store.hpp"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace steward::app {
namespace {

// Reads one line from the terminal with echo off; restores the terminal.
std::optional<std::string> prompt_hidden(std::string_view prompt) {
    std::cerr << prompt << std::flush;
    termios old_mode{};
    const bool tty = tcgetattr(STDIN_FILENO, &old_mode) == 0;
    if (tty) {
        termios quiet = old_mode;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        (void)tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    std::string line;
    const bool ok = static_cast<bool>(std::getline(std::cin, line));
    if (tty) {
        (void)tcsetattr(STDIN_FILENO, TCSANOW, &old_mode);
        std::cerr << "\n";
    }
    if (!ok) {
        return std::nullopt;
    }
    return line;
}

}  // namespace

std::optional<Config> admin_config(const Args& args, std::ostream& err) {
    std::optional<std::string> file = args.get("--config");
    if (!file) {
        const auto env = process_env("STEWARD_CONFIG");
        file = env && !env->empty() ? *env : "steward.yaml";
    }
    try {
        return load_config(*file);
    } catch (const ConfigError& e) {
        err << e.what() << "\n";
        return std::nullopt;
    }
}

std::unique_ptr<store::Store> open_admin_store(const Config& config, std::string_view command,
                                               std::ostream& err) {
    try {
        std::error_code ec;
        std::filesystem::create_directories(config.store.path.parent_path(), ec);
        auto db = std::make_unique<store::Store>(config.store.path.string());
        db->set_sync_every_commit(true);  // each admin write is acknowledged on the terminal: durable
        return db;
    } catch (const std::exception& e) {
        err << "steward " << command << ": " << e.what() << "\n";
        return nullptr;
    }
}

std::optional<std::string> read_new_password(bool from_stdin, std::string_view command, std::ostream& err) {
    std::string password;
    if (from_stdin) {
        if (!std::getline(std::cin, password)) {
            err << "steward " << command << ": --password-stdin: no line on standard input\n";
            return std::nullopt;
        }
        if (!password.empty() && password.back() == '\r')
            password.pop_back();
    } else {
        if (!isatty(STDIN_FILENO)) {
            err << "steward " << command
                << ": standard input is not a terminal: give --password-stdin and pipe the password\n";
            return std::nullopt;
        }
        const auto first = prompt_hidden("New password: ");
        const auto second = first ? prompt_hidden("Repeat it: ") : std::nullopt;
        if (!first || !second) {
            err << "steward " << command << ": no password given\n";
            return std::nullopt;
        }
        if (*first != *second) {
            err << "steward " << command << ": the two passwords differ\n";
            return std::nullopt;
        }
        password = *first;
    }
    if (const std::string problem = auth::password_problem(password); !problem.empty()) {
        err << "steward " << command << ": " << problem << "\n";
        return std::nullopt;
    }
    return password;
}

std::string cli_actor() {
    const auto user = process_env("USER");
    return user && !user->empty() ? "cli:" + *user : std::string("cli");
}

}  // namespace steward::app
