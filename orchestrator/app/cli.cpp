#include "orchestrator/app/cli.hpp"

#include "orchestrator/app/version.hpp"
#include "orchestrator/core/suggest.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

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

bool looks_like_run_id(std::string_view arg) noexcept {
    return !arg.empty() && arg.size() <= 19 &&
           std::all_of(arg.begin(), arg.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string unknown_option(std::string_view arg, std::initializer_list<std::string_view> known) {
    return unknown_option(arg, std::span<const std::string_view>(known.begin(), known.size()));
}

std::string unknown_option(std::string_view arg, std::span<const std::string_view> known) {
    std::string_view name = arg;
    if (const std::size_t eq = name.find('='); eq != std::string_view::npos) {
        name = name.substr(0, eq);
    }
    // Options are compared without their dashes so that "-feature" finds "--features" too, and
    // the synonym table sees bare words ("--arguments" -> "args").
    auto bare = [](std::string_view option) {
        while (!option.empty() && option.front() == '-') {
            option.remove_prefix(1);
        }
        return std::string(option);
    };
    std::vector<std::string> words;
    std::vector<std::string_view> options;
    for (const std::string_view option : known) {
        if (option.size() > 2 && option.starts_with("--")) {
            words.push_back(bare(option));
            options.push_back(option);
        }
    }
    words.emplace_back("help");
    options.emplace_back("--help");
    const std::string match = core::closest_match(bare(name), words);
    std::string message = "unknown option '" + std::string(arg) + "'";
    for (std::size_t i = 0; i < words.size() && !match.empty(); ++i) {
        if (words[i] == match) {
            message += " (did you mean '" + std::string(options[i]) + "'?)";
            break;
        }
    }
    return message;
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
    const auto it = std::find_if(all.begin(), all.end(), [&](const Command& c) { return c.name == first; });
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
