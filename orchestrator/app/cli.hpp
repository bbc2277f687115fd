#pragma once

#include <initializer_list>
#include <span>
#include <string>
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

/// True when `arg` is all digits, like a run or task id given where a file is expected. Pure.
[[nodiscard]] bool looks_like_run_id(std::string_view arg) noexcept;

/// "unknown option '--feature' (did you mean '--features'?)" for `arg`, an option that is none of
/// `known` (a subcommand's options, `--help` is added); `--name=value` is matched by its name. The
/// suggestion is a near miss or a known synonym (`--arguments` -> `--args`). Pure.
[[nodiscard]] std::string unknown_option(std::string_view arg, std::span<const std::string_view> known);
/// `unknown_option` for a literal list of options. Pure.
[[nodiscard]] std::string unknown_option(std::string_view arg, std::initializer_list<std::string_view> known);

}  // namespace steward::app
