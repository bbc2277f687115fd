#include "orchestrator/app/validate_command.hpp"

#include "orchestrator/app/cli.hpp"
#include "orchestrator/core/diagnostic.hpp"
#include "orchestrator/workflow/loader.hpp"

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace steward::app {
namespace {

constexpr std::string_view kUsage =
    "Usage: steward validate [--jobs-dir DIR] [--quiet] FILE...\n"
    "\n"
    "Checks workflow files without running them and prints one line per problem,\n"
    "FILE:LINE:COL: message. Exit status: 0 all valid, 1 a file is invalid, 2 usage error.\n"
    "\n"
    "Options:\n"
    "  --jobs-dir DIR  where jobs/... paths (livy_batch file, statement code_file) must exist;\n"
    "                  default: the jobs/ directory of the nearest directory above the\n"
    "                  workflow file that has one (the repository's jobs/), else ./jobs\n"
    "  -q, --quiet     print nothing for valid files\n"
    "  -h, --help      show this help\n"
    "\n"
    "The language is described in docs/workflows.md.\n";

struct Options {
    std::optional<std::filesystem::path> jobs_dir;
    bool quiet = false;
    std::vector<std::string_view> files;
};

// Parses the arguments; on a usage error writes it to `err` and returns nothing.
std::optional<Options> parse_options(std::span<const std::string_view> args, std::ostream& err) {
    Options options;
    bool only_files = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (only_files || arg.empty() || arg.front() != '-') {
            options.files.push_back(arg);
        } else if (arg == "--") {
            only_files = true;
        } else if (arg == "-q" || arg == "--quiet") {
            options.quiet = true;
        } else if (arg == "--jobs-dir") {
            if (i + 1 >= args.size() || args[i + 1].empty()) {
                err << "steward validate: --jobs-dir needs a directory\n" << kUsage;
                return std::nullopt;
            }
            options.jobs_dir = std::filesystem::path(args[++i]);
        } else if (arg.substr(0, 11) == "--jobs-dir=" && arg.size() > 11) {
            options.jobs_dir = std::filesystem::path(arg.substr(11));
        } else {
            err << "steward validate: " << unknown_option(arg, {"--jobs-dir", "--quiet"}) << "\n" << kUsage;
            return std::nullopt;
        }
    }
    if (options.files.empty()) {
        err << "steward validate: no workflow file given\n" << kUsage;
        return std::nullopt;
    }
    return options;
}

}  // namespace

int validate_workflows(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kUsage;
        return 0;
    }
    const auto options = parse_options(args, err);
    if (!options) {
        return 2;
    }
    int status = 0;
    for (const std::string_view file : options->files) {
        const std::filesystem::path path(file);
        workflow::LoadOptions load;
        load.jobs_dir = options->jobs_dir ? *options->jobs_dir : workflow::default_jobs_dir(path);
        if (!options->jobs_dir) {
            load.jobs_dir_hint =
                "the jobs directory is the nearest jobs/ above the workflow file, else ./jobs; "
                "give another with --jobs-dir DIR";
        }
        const workflow::LoadResult result = workflow::load_workflow_file(path, load);
        if (!result.ok()) {
            status = 1;
            out << core::format_diagnostics(result.diagnostics);
            std::error_code ec;
            if (looks_like_run_id(file) && !std::filesystem::exists(path, ec)) {
                out << file << ": 'steward validate' checks workflow files; to look at run " << file
                    << " of a server, use 'steward runs'\n";
            }
            continue;
        }
        if (!options->quiet) {
            out << file << ": ok (workflow " << result.spec->name << ", " << result.spec->steps.size()
                << (result.spec->steps.size() == 1 ? " step)\n" : " steps)\n");
        }
    }
    out.flush();
    return status;
}

int run_validate(std::span<const std::string_view> args) {
    return validate_workflows(args, std::cout, std::cerr);
}

}  // namespace steward::app
