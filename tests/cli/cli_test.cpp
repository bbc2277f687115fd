#define BOOST_TEST_MODULE cli
#include <boost/test/unit_test.hpp>

#include "orchestrator/app/cli.hpp"

#include <string_view>
#include <vector>

using steward::app::main_entry;

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

BOOST_AUTO_TEST_SUITE_END()
