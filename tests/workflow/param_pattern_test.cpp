// `pattern:` and `values:` of string params: the loader refuses a bad pattern and a default that
// does not fit (FILE:LINE:COL), and a value given at run start is checked the same way.
#include "loader_support.hpp"

#include "orchestrator/core/param_pattern.hpp"
#include "orchestrator/core/params.hpp"

#include <boost/test/unit_test.hpp>

using namespace steward;
using steward::test::problem;
using steward::test::problems;

namespace {

std::string with_params(std::string_view params_yaml) {
    return "name: w\nparams:\n" + std::string(params_yaml) + "steps:\n  - {id: a, type: fail, message: m}\n";
}

constexpr const char* kScored = R"(^hdfs:///data/scored/[a-z0-9_/]+$)";

core::ParamSpec scored_spec() {
    core::ParamSpec spec;
    spec.name = "scored";
    spec.pattern = kScored;
    return spec;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(param_pattern)

BOOST_AUTO_TEST_CASE(a_pattern_and_values_pin_a_string_param) {
    const auto loaded = workflow::load_workflow(
        with_params(
            "  scored: {type: string, pattern: '^hdfs:///data/scored/.*$', default: "
            "'hdfs:///data/scored/latest'}\n  env: {type: string, values: [dev, prod], default: dev}\n"),
        "w.yaml", workflow::LoadOptions{});
    BOOST_TEST_REQUIRE(loaded.ok(), core::format_diagnostics(loaded.diagnostics));
    BOOST_TEST(loaded.spec->params[0].pattern == "^hdfs:///data/scored/.*$");
    BOOST_TEST((loaded.spec->params[1].values == std::vector<std::string>{"dev", "prod"}));
}

BOOST_AUTO_TEST_CASE(the_validator_refuses_bad_patterns_and_defaults_that_do_not_fit) {
    BOOST_TEST(problem(with_params("  s: {type: string, pattern: 'a(b'}\n"))
                       .rfind("3:30: 'pattern' in param 's' is not a valid regular expression: ", 0) == 0,
               problem(with_params("  s: {type: string, pattern: 'a(b'}\n")));
    BOOST_TEST(problem(with_params("  s: {type: string, pattern: '(a)\\1'}\n")) ==
               "3:30: 'pattern' in param 's' is not a valid regular expression: back-references are not "
               "supported");
    const std::string too_large =
        "is too large once its repeats are written out (more than 2000 elements) or "
        "nests groups more than 32 deep";
    BOOST_TEST(problem(with_params("  s: {type: string, pattern: 'a{5000}'}\n")) ==
               "3:30: 'pattern' in param 's' " + too_large);
    BOOST_TEST(problem(with_params("  s: {type: string, pattern: '" + std::string(300, 'a') + "'}\n")) ==
               "3:30: 'pattern' in param 's' is longer than 256 characters");
    BOOST_TEST(problem(with_params("  n: {type: integer, pattern: '[0-9]+'}\n")) ==
               "3:31: 'pattern' in param 'n' is only for string params");
    BOOST_TEST(
        problem(
            with_params("  s: {type: string, pattern: '^hdfs:///.*$', default: 'file:///etc/shadow'}\n")) ==
        "3:55: the default of param 's' must match the pattern ^hdfs:///.*$, got 'file:///etc/shadow'");
    BOOST_TEST(problem(with_params("  s: {type: string, values: [a, b], default: c}\n")) ==
               "3:46: the default of param 's' must be one of a, b, got 'c'");
    BOOST_TEST(problem(with_params("  n: {type: number, values: [a]}\n")) ==
               "3:29: 'values' in param 'n' is only for enum and string params");
    // A bad pattern is reported once, not again for the default.
    BOOST_TEST(problems(with_params("  s: {type: string, pattern: '[', default: x}\n")).size() == 1U);
    // Form fields have no pattern.
    BOOST_TEST(problem("name: w\nsteps:\n  - id: a\n    type: user_task\n    title: t\n"
                       "    assignees: {users: [u]}\n    form:\n      f: {type: string, pattern: x}\n"
                       "    outcomes: [ok]\n")
                   .find("pattern") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_value_given_at_run_start_must_match) {
    const std::vector<core::ParamSpec> declared{scored_spec()};
    const auto ok = core::resolve_params(declared, {{"scored", core::Value{"hdfs:///data/scored/w1"}}});
    BOOST_TEST(ok.errors.empty());
    const auto refused = core::resolve_params(declared, {{"scored", core::Value{"file:///etc/shadow"}}});
    BOOST_TEST_REQUIRE(refused.errors.size() == 1U);
    BOOST_TEST(refused.errors[0] == "param 'scored' must match the pattern " + std::string(kScored) +
                                        ", got 'file:///etc/shadow'");
    // The full match is needed, and a long refused value is cut to 80 characters.
    const auto suffix = core::resolve_params(declared, {{"scored", core::Value{"hdfs:///data/scored/a b"}}});
    BOOST_TEST(suffix.errors.size() == 1U);
    const std::string long_value = "file:///" + std::string(200, 'x');
    const auto long_refused = core::resolve_params(declared, {{"scored", core::Value{long_value}}});
    BOOST_TEST_REQUIRE(long_refused.errors.size() == 1U);
    BOOST_TEST(long_refused.errors[0] == "param 'scored' must match the pattern " + std::string(kScored) +
                                             ", got '" + long_value.substr(0, 80) + "...' (208 characters)");
}

BOOST_AUTO_TEST_CASE(the_shipped_approval_gate_pins_scored_to_the_scored_data_areas) {
    const auto loaded = workflow::load_workflow_file(
        std::filesystem::path(STEWARD_SOURCE_DIR) / "workflows" / "approval-gate.yaml",
        workflow::LoadOptions{});
    BOOST_TEST_REQUIRE(loaded.ok(), core::format_diagnostics(loaded.diagnostics));
    const auto errors_for = [&](const std::string& scored) {
        return core::resolve_params(loaded.spec->params,
                                    {{"version", core::Value{"1.0.1"}}, {"scored", core::Value{scored}}})
            .errors;
    };
    BOOST_TEST(errors_for("hdfs:///data/scored/2026-12/part-0.parquet").empty());
    BOOST_TEST(errors_for("file:///var/lib/steward/scored/week-49.jsonl").empty());
    BOOST_TEST(core::resolve_params(loaded.spec->params, {{"version", core::Value{"1.0.1"}}}).errors.empty());
    for (const char* refused :
         {"file:///etc/shadow", "/etc/shadow", "file:///var/lib/steward/scored/../../../etc/shadow",
          "hdfs:///data/scored", "hdfs:///data/scored/.hidden", "s3a://bucket/data/scored/x"}) {
        const auto errors = errors_for(refused);
        BOOST_TEST_REQUIRE(errors.size() == 1U, refused);
        BOOST_TEST(errors[0].rfind("param 'scored' must match the pattern ", 0) == 0U, errors[0]);
    }
}

BOOST_AUTO_TEST_CASE(patterns_that_expand_too_far_are_refused) {
    for (const std::string& pattern : std::vector<std::string>{
             "(a?){1000}(a?){1000}", "((a?){40}){40}", "(a?){700}", "x{2001}", "[a-z]{1,2001}", "(ab){1000,}",
             std::string(33, '(') + "a" + std::string(33, ')')}) {
        const auto compiled = core::ParamPattern::compile(pattern);
        BOOST_TEST(!compiled.ok(), pattern);
    }
    for (const std::string& pattern :
         std::vector<std::string>{"x{1999}", "[a-z]{1,1999}", "(/[a-z0-9_]+){1,100}", "a{2,}b{0,3}c",
                                  std::string(30, '(') + "a" + std::string(30, ')'), "[{(]{3}\\{{2}"}) {
        const auto compiled = core::ParamPattern::compile(pattern);
        BOOST_TEST(compiled.ok(), pattern << ": " << (compiled.ok() ? "" : compiled.error().message));
    }
}

BOOST_AUTO_TEST_CASE(matching_is_bounded_in_time_and_stack) {
    // Nested repeats that backtrack exponentially, and a value as long as allowed.
    const auto nested = core::ParamPattern::compile("(a|aa)*(b|a*)*c");
    BOOST_TEST_REQUIRE(nested.ok());
    BOOST_TEST(!nested->matches(std::string(core::kMaxPatternValueLength, 'a')));
    const auto any = core::ParamPattern::compile(".*");
    BOOST_TEST_REQUIRE(any.ok());
    BOOST_TEST(any->matches(std::string(core::kMaxPatternValueLength, 'x')));
    BOOST_TEST(!any->matches(std::string(core::kMaxPatternValueLength + 1, 'x')));
}

BOOST_AUTO_TEST_SUITE_END()
