#pragma once

#include <span>
#include <string_view>

namespace steward::app {

/// One `steward` subcommand. `run` receives the arguments after the subcommand name and returns
/// the process exit status (0 success, 1 failure, 2 usage error). Commands print their own
/// errors; exceptions escaping `run` are caught once in `main_entry`.
struct Command {
    std::string_view name;
    std::string_view summary;
    int (*run)(std::span<const std::string_view> args);
};

/// All subcommands, in the order `--help` lists them. Defined in commands.cpp.
std::span<const Command> commands();

/// Entry point behind `main`: dispatches to a subcommand, handles `--help` and `--version`.
/// Never throws; an unexpected exception is reported on stderr with exit status 1.
int main_entry(std::span<const std::string_view> args);

/// True when `args` holds `-h` or `--help`; subcommands use it to print their own usage.
bool wants_help(std::span<const std::string_view> args);

}  // namespace steward::app
