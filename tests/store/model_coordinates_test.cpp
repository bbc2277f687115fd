#include "orchestrator/store/model_coordinates.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>

using namespace steward::store;

BOOST_AUTO_TEST_SUITE(model_coordinates)

BOOST_AUTO_TEST_CASE(parses_a_full_version) {
    const auto v = parse_model_version("risk.scoring:churn-model_v2:1.12.3");
    BOOST_TEST_REQUIRE(v.has_value());
    BOOST_TEST(v->model.group == "risk.scoring");
    BOOST_TEST(v->model.artifact == "churn-model_v2");
    BOOST_TEST(v->major == 1);
    BOOST_TEST(v->minor == 12);
    BOOST_TEST(v->build == 3);
    BOOST_TEST(format_model_version(*v) == "risk.scoring:churn-model_v2:1.12.3");
}

BOOST_AUTO_TEST_CASE(parses_model_names_and_major_minor) {
    const auto name = parse_model_name("churn:xgb");
    BOOST_TEST_REQUIRE(name.has_value());
    BOOST_TEST((*name == ModelName{"churn", "xgb"}));
    BOOST_TEST(format_model_name(*name) == "churn:xgb");

    const auto mm = parse_major_minor("0.10");
    BOOST_TEST_REQUIRE(mm.has_value());
    BOOST_TEST((*mm == MajorMinor{0, 10}));
    BOOST_TEST(format_version_number(0, 10, 7) == "0.10.7");
}

BOOST_AUTO_TEST_CASE(rejects_malformed_versions_naming_the_part) {
    struct Case {
        const char* text;
        const char* mentions;
    };
    const Case cases[] = {
        {"churn:xgb", "expected group:artifact:major.minor.build"},
        {"churn:xgb:1.2", "must be major.minor.build"},
        {"churn:xgb:1.2.3.4", "must be major.minor.build"},
        {"ch urn:xgb:1.2.3", "group 'ch urn'"},
        {":xgb:1.2.3", "group ''"},
        {"churn:x/gb:1.2.3", "artifact 'x/gb'"},
        {"churn:xgb:-1.2.3", "major '-1' is not a non-negative integer"},
        {"churn:xgb:1.x.3", "minor 'x'"},
        {"churn:xgb:1.2.", "build '' is empty"},
        {"churn:xgb:01.2.3", "leading zero"},
        {"churn:xgb:1.2.0", "build numbers start at 1"},
        {"churn:xgb:99999999999.2.3", "too large"},
        {"a:b:c:1.2.3", "expected group:artifact:major.minor.build"},
    };
    for (const auto& c : cases) {
        const auto v = parse_model_version(c.text);
        BOOST_TEST_CONTEXT(c.text) {
            BOOST_TEST_REQUIRE(!v.has_value());
            BOOST_TEST(v.error().message.find(c.mentions) != std::string::npos, v.error().message);
            BOOST_TEST(v.error().message.find(c.text) != std::string::npos, "quotes the input");
        }
    }
}

BOOST_AUTO_TEST_CASE(rejects_bad_names_and_major_minor) {
    BOOST_TEST(!parse_model_name("churn").has_value());
    BOOST_TEST(!parse_model_name("churn:").has_value());
    BOOST_TEST(!parse_model_name("a:b:c").has_value());
    BOOST_TEST(!parse_model_name(std::string(129, 'a') + ":b").has_value());
    BOOST_TEST(parse_model_name(std::string(128, 'a') + ":b").has_value());
    BOOST_TEST(!parse_major_minor("1").has_value());
    BOOST_TEST(!parse_major_minor("1.2.3").has_value());
    BOOST_TEST(!parse_major_minor("+1.2").has_value());
    BOOST_TEST(parse_major_minor("1").error().message.find("expected major.minor") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(validates_aliases) {
    BOOST_TEST(is_valid_alias("champion"));
    BOOST_TEST(is_valid_alias("challenger-2"));
    BOOST_TEST(!is_valid_alias(""));
    BOOST_TEST(!is_valid_alias("1.2.3"));
    BOOST_TEST(!is_valid_alias("_x"));
    BOOST_TEST(!is_valid_alias("champ ion"));
    BOOST_TEST(!is_valid_alias(std::string(65, 'a')));
}

BOOST_AUTO_TEST_CASE(value_on_error_throws_with_the_message) {
    const auto v = parse_model_version("nope");
    BOOST_CHECK_EXCEPTION(v.value(), std::invalid_argument, [](const std::invalid_argument& e) {
        return std::string(e.what()).find("'nope'") != std::string::npos;
    });
}

BOOST_AUTO_TEST_SUITE_END()
