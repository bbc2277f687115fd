// Messages that say how to fix a problem, not only where it is: tabs, indentation, fields dedented
// out of a nested mapping, synonyms from other tools, the list of step types, declared params.
#include "loader_support.hpp"

#include <boost/test/unit_test.hpp>

using steward::test::problem;
using steward::test::problems;
using steward::test::with_steps;

namespace {

const char* const kTask =
    "  - id: a\n    type: user_task\n    title: t\n    assignees: {roles: [r]}\n    outcomes: [ok]\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(loader_messages)

BOOST_AUTO_TEST_CASE(a_tab_in_the_indentation_is_named_at_the_tab) {
    // yaml-cpp says "end of map not found", "illegal map value", "end of sequence not found" or
    // "illegal tab when looking for indentation" depending on where the tab is.
    BOOST_TEST(
        problem(with_steps(std::string(kTask) + "    form:\n\tcomment: {type: text}\n")) ==
        "9:1: YAML syntax error: tabs are not allowed for indentation (a tab at line 9, column 1); indent "
        "with spaces");
    BOOST_TEST(
        problem(with_steps("  - id: a\n    type: notify\n    retry:\n    \tmax: 3\n")) ==
        "6:5: YAML syntax error: tabs are not allowed for indentation (a tab at line 6, column 5); indent "
        "with spaces");
    BOOST_TEST(
        problem(with_steps("  - id: a\n    type: notify\n    retry:\n\t  max: 3\n")) ==
        "6:1: YAML syntax error: tabs are not allowed for indentation (a tab at line 6, column 1); indent "
        "with spaces");
    BOOST_TEST(
        problem("name: w\n\tdescription: x\nsteps: []\n") ==
        "2:1: YAML syntax error: tabs are not allowed for indentation (a tab at line 2, column 1); indent "
        "with spaces");
    // A tab after a key's colon is fine (a separator, not indentation).
    BOOST_TEST(
        problems(with_steps("  - id: a\n    type:\tnotify\n    channel: ops\n    message: hi\n")).empty());
}

BOOST_AUTO_TEST_CASE(a_line_that_lines_up_with_no_mapping_names_the_open_mappings) {
    // 'risk' between the columns of form's keys (7) and the step's keys (5).
    BOOST_TEST(
        problem(with_steps(std::string(kTask) + "    form:\n      comment: {type: text}\n"
                                                "     risk: {type: text}\n")) ==
        "10:6: YAML syntax error: bad indentation: 'risk' (line 10) is at column 6, but the keys of 'form' "
        "(line 8) are at column 7, the keys of item #1 of 'steps' (id 'a', line 3) are at column 5 and the "
        "items of 'steps' (line 2) start with '-' at column 3");
    // A key at the column of the list's dashes.
    BOOST_TEST(
        problem(with_steps("  - id: a\n    type: notify\n  channel: ops\n")) ==
        "5:3: YAML syntax error: bad indentation: 'channel' (line 5) is at column 3, but the keys of item #1 "
        "of 'steps' (id 'a', line 3) are at column 5, the items of 'steps' (line 2) start with '-' at "
        "column 3 and the keys of the top level (line 1) are at column 1");
    // One column short of the step's keys.
    BOOST_TEST(
        problem(with_steps("  - id: a\n    type: notify\n   channel: ops\n")) ==
        "5:4: YAML syntax error: bad indentation: 'channel' (line 5) is at column 4, but the keys of item #1 "
        "of 'steps' (id 'a', line 3) are at column 5, the items of 'steps' (line 2) start with '-' at "
        "column 3 and the keys of the top level (line 1) are at column 1");
    // A key among list items.
    BOOST_TEST(problem("name: w\nsteps:\n  - a\n  b: c\n") ==
               "4:3: YAML syntax error: bad indentation: 'b' (line 4) is at column 3, but the items of "
               "'steps' (line 2) "
               "start with '-' at column 3 and the keys of the top level (line 1) are at column 1");
    // Deeper than the keys: the line continues the value above.
    BOOST_TEST(
        problem(with_steps("  - id: a\n    type: notify\n     channel: ops\n")) ==
        "5:6: YAML syntax error: bad indentation: 'channel' (line 5) is at column 6, deeper than the keys of "
        "item #1 of 'steps' (id 'a', line 3) at column 5, so it reads as part of the value on line 4");
}

BOOST_AUTO_TEST_CASE(a_field_dedented_out_of_a_nested_mapping_hints_at_indentation) {
    BOOST_TEST(problem(with_steps(std::string(kTask) + "    form:\n      comment: {type: text}\n"
                                                       "    risk: {type: enum, values: [low, high]}\n")) ==
               "10:5: 'risk' is not a field of user_task step 'a'; did you mean to indent it under 'form:' "
               "(line 8)?");
    BOOST_TEST(problem(with_steps("  - id: b\n    type: livy_batch\n    file: hdfs:///x.py\n    retry:\n"
                                  "      max: 3\n    delay: 10s\n")) ==
               "8:5: 'delay' is not a field of livy_batch step 'b'; did you mean to indent it under 'retry:' "
               "(line 6)?");
    const auto remind =
        problems(with_steps(std::string(kTask) + "    timeout: 1h\n    remind:\n      every: 10m\n"
                                                 "    channel: ops\n"));
    BOOST_TEST_REQUIRE(remind.size() == 2u);
    BOOST_TEST(remind[0] == "10:7: missing required field 'channel' in remind of user_task step 'a'");
    BOOST_TEST(remind[1] ==
               "11:5: 'channel' is not a field of user_task step 'a'; did you mean to indent it under "
               "'remind:' (line 9)?");
    BOOST_TEST(problem("name: w\nparams:\n  n: {type: integer}\nrows: {type: integer}\nsteps:\n  - id: a\n"
                       "    type: fail\n    message: m\n") ==
               "4:1: 'rows' is not a field of the workflow file; did you mean to indent it under 'params:' "
               "(line 2)?");
    // Before the nested mapping, or not one of its fields: the usual message.
    BOOST_TEST(problem(with_steps("  - id: b\n    type: livy_batch\n    file: hdfs:///x.py\n    delay: 10s\n"
                                  "    retry:\n      max: 3\n")) ==
               "6:5: unknown field 'delay' in livy_batch step 'b'");
}

BOOST_AUTO_TEST_CASE(synonyms_from_other_tools_are_suggested) {
    const std::string batch = "  - id: b\n    type: livy_batch\n    file: hdfs:///x.py\n";
    BOOST_TEST(problem(with_steps(batch + "    retries: {max: 3}\n")) ==
               "6:5: unknown field 'retries' in livy_batch step 'b' (did you mean 'retry'?)");
    BOOST_TEST(problem(with_steps(batch + "    arguments: [a]\n")) ==
               "6:5: unknown field 'arguments' in livy_batch step 'b' (did you mean 'args'?)");
    BOOST_TEST(problem(with_steps(batch + "    deadline: 1h\n")) ==
               "6:5: unknown field 'deadline' in livy_batch step 'b' (did you mean 'timeout'?)");
    BOOST_TEST(
        problem(with_steps("  - id: g\n    type: gate\n    cases:\n      - if: 'true'\n        then: end\n"
                           "        goto: end\n")) ==
        "7:9: unknown field 'then' in case #1 of gate step 'g' (did you mean 'goto'?)");
}

BOOST_AUTO_TEST_CASE(an_unknown_step_type_lists_the_step_types) {
    BOOST_TEST(
        problem(with_steps("  - id: g\n    type: gateway\n")) ==
        "4:11: 'type' in step 'g' names an unknown step type 'gateway' (did you mean 'gate'?); the step "
        "types "
        "are livy_batch, livy_session, report, register_model, promote_model, user_task, gate, wait, notify, "
        "shell, fail");
    BOOST_TEST(
        problem(with_steps("  - id: g\n    type: decision\n")) ==
        "4:11: 'type' in step 'g' names an unknown step type 'decision'; the step types are livy_batch, "
        "livy_session, report, register_model, promote_model, user_task, gate, wait, notify, shell, fail");
}

BOOST_AUTO_TEST_CASE(an_unknown_param_in_an_expression_is_suggested_or_listed) {
    const std::string head =
        "name: w\nparams:\n  n: {type: integer, default: 1}\n  rows: {type: integer, default: 1}\n"
        "steps:\n  - id: a\n    type: fail\n";
    BOOST_TEST(problem(head + "    message: \"${params.nn}\"\n") ==
               "8:17: unknown param 'nn' (did you mean 'n'?)");
    BOOST_TEST(problem(head + "    message: \"${params.size}\"\n") ==
               "8:17: unknown param 'size' (declared params: n, rows)");
    BOOST_TEST(problem(with_steps("  - id: a\n    type: fail\n    message: \"${params.n}\"\n")) ==
               "5:17: unknown param 'n' (no declared params)");
}

BOOST_AUTO_TEST_SUITE_END()
