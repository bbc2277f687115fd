#include "orchestrator/app/cli.hpp"

#include "orchestrator/app/version.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>

namespace steward::app {
namespace {

void print_usage(std::FILE* out) {
    std::fprintf(out,
                 "steward %s: a Livy-compatible Spark job orchestrator for model operations\n\n"
                 "Usage: steward <command> [options]\n"
                 "       steward --version | --help\n\nCommands:\n",
                 kVersion);
    for (const Command& c : commands()) {
        std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                     static_cast<int>(c.summary.size()), c.summary.data());
    }
    std::fprintf(out, "\nRun 'steward <command> --help' for a command's options.\n");
}

}  // namespace

bool wants_help(std::span<const std::string_view> args) {
    return std::any_of(args.begin(), args.end(),
                       [](std::string_view a) { return a == "-h" || a == "--help"; });
}

int main_entry(std::span<const std::string_view> args) {
    if (args.empty()) {
        print_usage(stderr);
        return 2;
    }
    const std::string_view first = args.front();
    if (first == "--help" || first == "-h" || first == "help") {
        print_usage(stdout);
        return 0;
    }
    if (first == "--version" || first == "-V" || first == "version") {
        std::printf("steward %s (git %s)\n", kVersion, kGitRevision);
        return 0;
    }
    const auto all = commands();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const Command& c) { return c.name == first; });
    if (it == all.end()) {
        std::fprintf(stderr, "steward: unknown command '%.*s'; see 'steward --help'\n",
                     static_cast<int>(first.size()), first.data());
        return 2;
    }
    try {
        return it->run(args.subspan(1));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "steward %.*s: internal error: %s\n", static_cast<int>(first.size()),
                     first.data(), e.what());
        return 1;
    }
}

}  // namespace steward::app
