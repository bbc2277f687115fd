#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include "orchestrator/app/cli.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

using steward::app::main_entry;

namespace {

struct Output {
    int status = -1;
    std::string err;
};

// Runs `steward ARGS...` in this process with stderr captured in a temporary file.
Output run_cli(const std::vector<std::string_view>& args) {
    const std::filesystem::path file =
        std::filesystem::temp_directory_path() / ("steward_cli_test_" + std::to_string(::getpid()));
    std::fflush(stderr);
    std::cerr.flush();
    const int saved = ::dup(2);
    std::FILE* capture = std::fopen(file.c_str(), "w");
    ::dup2(::fileno(capture), 2);
    Output out;
    out.status = main_entry(args);
    std::cerr.flush();
    std::fflush(stderr);
    ::dup2(saved, 2);
    ::close(saved);
    std::fclose(capture);
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    out.err = text.str();
    std::filesystem::remove(file);
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli)

BOOST_AUTO_TEST_CASE(version_and_help_succeed) {
    const std::vector<std::string_view> version{"--version"};
    BOOST_TEST(main_entry(version) == 0);
    const std::vector<std::string_view> help{"--help"};
    BOOST_TEST(main_entry(help) == 0);
}

BOOST_AUTO_TEST_CASE(no_arguments_and_unknown_command_are_usage_errors) {
    BOOST_TEST(main_entry({}) == 2);
    const std::vector<std::string_view> unknown{"frobnicate"};
    BOOST_TEST(main_entry(unknown) == 2);
}

BOOST_AUTO_TEST_CASE(every_command_has_a_name_and_summary) {
    for (const auto& c : steward::app::commands()) {
        BOOST_TEST(!c.name.empty());
        BOOST_TEST(!c.summary.empty());
        BOOST_TEST(c.run != nullptr);
    }
}

BOOST_AUTO_TEST_CASE(unknown_options_suggest_the_intended_one) {
    using steward::app::unknown_option;
    BOOST_TEST(unknown_option("--feature", {"--features", "--categorical"}) ==
               "unknown option '--feature' (did you mean '--features'?)");
    BOOST_TEST(unknown_option("--feature=a,b", {"--features"}) ==
               "unknown option '--feature=a,b' (did you mean '--features'?)");
    BOOST_TEST(unknown_option("-jobs-dir", {"--jobs-dir"}) ==
               "unknown option '-jobs-dir' (did you mean '--jobs-dir'?)");
    BOOST_TEST(unknown_option("--hlep", {"--json"}) == "unknown option '--hlep' (did you mean '--help'?)");
    BOOST_TEST(unknown_option("--arguments", {"--args"}) ==
               "unknown option '--arguments' (did you mean '--args'?)");
    BOOST_TEST(unknown_option("--frobnicate", {"--features"}) == "unknown option '--frobnicate'");
}

BOOST_AUTO_TEST_CASE(every_subcommand_suggests_options) {
    const std::vector<std::pair<std::vector<std::string_view>, std::string>> cases{
        {{"report", "--feature", "a"},
         "steward report: unknown option '--feature' (did you mean '--features'?)"},
        {{"validate", "--jobsdir", "x"},
         "steward validate: unknown option '--jobsdir' (did you mean '--jobs-dir'?)"},
        {{"run", "w.yaml", "--parm", "n=1"},
         "steward run: unknown option '--parm' (did you mean '--param'?)"},
        {{"runs", "--stat", "failed"}, "steward runs: unknown option '--stat' (did you mean '--state'?)"},
        {{"tasks", "--usr", "alice"}, "steward tasks: unknown option '--usr' (did you mean '--user'?)"},
        {{"task", "complete", "1", "--outcomes", "ok"},
         "steward task: unknown option '--outcomes' (did you mean '--outcome'?)"},
        {{"serve", "--confg", "x.yaml"},
         "steward serve: unknown option '--confg' (did you mean '--config'?)"},
        {{"livy", "--jsn", "version"}, "steward livy: unknown option '--jsn' (did you mean '--json'?)"},
        {{"openapi", "--hlep"}, "steward openapi: unknown option '--hlep' (did you mean '--help'?)"},
    };
    for (const auto& [args, expected] : cases) {
        const Output out = run_cli(args);
        BOOST_TEST(out.status != 0);
        BOOST_TEST(out.err.find(expected) != std::string::npos, out.err);
    }
}

BOOST_AUTO_TEST_SUITE_END()
