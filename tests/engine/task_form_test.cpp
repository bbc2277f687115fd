#include "orchestrator/engine/task_form.hpp"
#include "orchestrator/engine/engine.hpp"
#include "orchestrator/workflow/loader.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

using namespace steward;
using namespace steward::engine;

namespace {

std::vector<core::ParamSpec> sample_form() {
    core::ParamSpec comment;
    comment.name = "comment";
    comment.type = core::ParamType::Text;
    comment.required = true;
    core::ParamSpec ks;
    ks.name = "ks";
    ks.type = core::ParamType::Number;
    ks.default_value = core::Value{0.3};
    core::ParamSpec choice;
    choice.name = "choice";
    choice.type = core::ParamType::Enum;
    choice.values = {"a", "b"};
    return {comment, ks, choice};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(task_form)

BOOST_AUTO_TEST_CASE(the_form_round_trips_through_its_stored_json) {
    const auto form = sample_form();
    const auto back = form_from_json(form_to_json(form));
    BOOST_REQUIRE_EQUAL(back.size(), 3U);
    BOOST_TEST(back[0].name == "comment");
    BOOST_TEST((back[0].type == core::ParamType::Text));
    BOOST_TEST(back[0].required);
    BOOST_TEST((back[1].default_value == core::Value{0.3}));
    BOOST_TEST((back[2].values == std::vector<std::string>{"a", "b"}));
    BOOST_TEST((outcomes_from_json(outcomes_to_json({"retrain", "keep"})) ==
                std::vector<std::string>{"retrain", "keep"}));
}

BOOST_AUTO_TEST_CASE(valid_values_are_normalised_with_defaults) {
    auto checked = check_form(sample_form(), R"({"comment": "looks fine", "choice": "b"})");
    BOOST_REQUIRE(checked.has_value());
    const auto values = boost::json::parse(*checked).as_object();
    BOOST_TEST(values.at("comment").as_string() == "looks fine");
    BOOST_TEST(values.at("ks").as_double() == 0.3);
    BOOST_TEST(values.at("choice").as_string() == "b");
}

BOOST_AUTO_TEST_CASE(every_kind_of_bad_value_is_named) {
    const auto form = sample_form();
    const auto message = [&](std::string_view values) {
        auto checked = check_form(form, values);
        BOOST_REQUIRE(!checked.has_value());
        BOOST_TEST((checked.error().code == Errc::form_invalid));
        return checked.error().message;
    };
    BOOST_TEST(message(R"({"ks": 0.5})").find("missing required form field 'comment'") != std::string::npos);
    BOOST_TEST(message(R"({"comment": "x", "extra": 1})").find("unknown form field 'extra'") !=
               std::string::npos);
    BOOST_TEST(message(R"({"comment": "x", "ks": "high"})").find("form field 'ks'") != std::string::npos);
    BOOST_TEST(message(R"({"comment": "x", "choice": "c"})").find("form field 'choice'") !=
               std::string::npos);
    BOOST_TEST(message(R"({"comment": {"nested": true}})").find("got an object") != std::string::npos);
    BOOST_TEST(message("[1]").find("JSON object") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(run_params)

BOOST_AUTO_TEST_CASE(text_params_follow_the_declared_types) {
    const char* yaml = R"(name: typed
params:
  ks_min: {type: number, default: 0.3}
  retrain: {type: boolean, default: false}
  label: {type: string, default: x}
steps:
  - {id: stop, type: fail, message: done}
)";
    auto loaded = workflow::load_workflow(yaml, "typed.yaml", {});
    BOOST_REQUIRE(loaded.ok());
    auto values = params_from_text(*loaded.spec, {{"ks_min", "0.45"}, {"retrain", "yes"}, {"label", "42"}});
    BOOST_REQUIRE(values.has_value());
    BOOST_TEST((values->at("ks_min") == core::Value{0.45}));
    BOOST_TEST((values->at("retrain") == core::Value{true}));
    BOOST_TEST((values->at("label") == core::Value{std::string("42")}));
    auto bad = params_from_text(*loaded.spec, {{"ks_min", "high"}});
    BOOST_REQUIRE(!bad.has_value());
    BOOST_TEST(bad.error().message == "param 'ks_min': 'high' is not a number");
}

BOOST_AUTO_TEST_SUITE_END()
