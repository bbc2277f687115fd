// File-level problems: YAML syntax, empty and multi-document files, top-level fields, types,
// durations, nulls, duplicate keys and ids, hostile input.
#include "loader_support.hpp"

#include <boost/test/unit_test.hpp>

using steward::test::problem;
using steward::test::problems;
using steward::test::with_steps;

namespace {

const char* const kNotify = "  - id: hello\n    type: notify\n    channel: ops\n    message: hi\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(loader_file)

BOOST_AUTO_TEST_CASE(a_minimal_workflow_is_valid) {
    BOOST_TEST(problems(with_steps(kNotify)).empty());
}

BOOST_AUTO_TEST_CASE(yaml_syntax_errors_point_at_the_parser_mark) {
    BOOST_TEST(problem("name: w\nsteps: [a, b\n") ==
               "3:1: YAML syntax error: end of sequence flow not found");
    BOOST_TEST(problem("name: w\n  steps: x\n") ==
               "2:3: YAML syntax error: bad indentation: 'steps' (line 2) is at column 3, deeper than the "
               "keys of the top level (line 1) at column 1, so it reads as part of the value on line 1");
    BOOST_TEST(problem("name: w: x\n") == "1:8: YAML syntax error: illegal map value");
    BOOST_TEST(problem("name: w\nsteps: \"x") == "2:10: YAML syntax error: illegal EOF in scalar");
    BOOST_TEST(problem("name: *anchor\n") == "1:7: YAML syntax error: the referenced anchor is not defined");
}

BOOST_AUTO_TEST_CASE(empty_and_multi_document_files) {
    BOOST_TEST(problem("") == "1:1: the file is empty (a workflow needs at least 'name' and 'steps')");
    BOOST_TEST(problem("# only a comment\n") ==
               "1:1: the file is empty (a workflow needs at least 'name' and 'steps')");
    BOOST_TEST(problem("name: a\n---\nname: b\n") ==
               "1:1: the file holds more than one YAML document; a workflow file holds one");
    BOOST_TEST(problem("- a\n- b\n") == "1:1: the workflow file must be a mapping, got a list");
}

BOOST_AUTO_TEST_CASE(missing_and_unknown_top_level_fields) {
    BOOST_TEST(problem("steps:\n" + std::string(kNotify)) ==
               "1:1: missing required field 'name' in the workflow file");
    BOOST_TEST(problem("name: w\n") == "1:1: missing required field 'steps' in the workflow file");
    BOOST_TEST(problem("name: w\nsteps: []\n") ==
               "2:8: 'steps' must be a non-empty list of steps, got a list");
    BOOST_TEST(problem("name: w\ndescripton: x\nsteps:\n" + std::string(kNotify)) ==
               "2:1: unknown field 'descripton' in the workflow file (did you mean 'description'?)");
    BOOST_TEST(
        problem("name: Churn_Model\nsteps:\n" + std::string(kNotify)) ==
        "1:7: 'name' in the workflow file must be 1-64 of a-z, 0-9 and -, starting with a letter or digit, "
        "got 'Churn_Model'");
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors) {
    BOOST_TEST(problem("name: w\nname: v\nsteps:\n" + std::string(kNotify)) ==
               "2:1: duplicate field 'name' in the workflow file (first given at line 1)");
    BOOST_TEST(problem(with_steps(
                   "  - id: a\n    type: notify\n    channel: ops\n    channel: dev\n    message: hi\n")) ==
               "6:5: duplicate field 'channel' in notify step 'a' (first given at line 5)");
}

BOOST_AUTO_TEST_CASE(merge_keys_are_refused_clearly) {
    const auto found = problems(
        "name: w\nsteps:\n  - &base\n    id: a\n    type: notify\n    channel: ops\n"
        "    message: hi\n  - <<: *base\n    id: b\n");
    BOOST_TEST_REQUIRE(found.size() == 2u);
    BOOST_TEST(found[0] ==
               "8:5: YAML merge keys ('<<') are not supported in workflow files; write the fields out");
    BOOST_TEST(found[1] == "8:5: missing required field 'type' in step 'b'");
}

BOOST_AUTO_TEST_CASE(null_values_are_reported_at_their_key) {
    BOOST_TEST(problem("name: w\ndescription:\nsteps:\n" + std::string(kNotify)) ==
               "2:1: 'description' in the workflow file has no value");
}

BOOST_AUTO_TEST_CASE(type_errors_name_the_field_and_the_value) {
    const std::string batch = "  - id: t\n    type: livy_batch\n    file: hdfs:///j.py\n";
    BOOST_TEST(problem(with_steps(batch + "    driver_cores: two\n")) ==
               "6:19: 'driver_cores' in livy_batch step 't' must be an integer, got 'two'");
    BOOST_TEST(problem(with_steps(batch + "    num_executors: 0\n")) ==
               "6:20: 'num_executors' in livy_batch step 't' must be between 1 and 10000, got 0");
    BOOST_TEST(problem(with_steps(batch + "    args: --x\n")) ==
               "6:11: 'args' in livy_batch step 't' must be a list, got '--x'");
    BOOST_TEST(problem(with_steps(batch + "    args: [a, {b: c}]\n")) ==
               "6:15: items of 'args' in livy_batch step 't' must be strings, got a mapping");
    BOOST_TEST(problem(with_steps(batch + "    conf: [a]\n")) ==
               "6:11: 'conf' in livy_batch step 't' must be a mapping, got a list");
    BOOST_TEST(problem(with_steps(batch + "    class_name: {a: b}\n")) ==
               "6:17: 'class_name' in livy_batch step 't' must be a string, got a mapping");
    BOOST_TEST(problem(with_steps(batch + "    driver_memory: 2 GB\n")) ==
               "6:20: 'driver_memory' in livy_batch step 't' is not a memory size: '2 GB' (expected e.g. "
               "512m or 2g)");
    BOOST_TEST(
        problem(with_steps(
            "  - id: s\n    type: livy_session\n    keep_open: maybe\n    statements: [{code: '1'}]\n")) ==
        "5:16: 'keep_open' in livy_session step 's' must be true or false, got 'maybe'");
    BOOST_TEST(problem(with_steps(batch + "    retry: {max: 2, factor: \"2\"}\n")) ==
               "6:29: 'factor' in retry of livy_batch step 't' must be a number, got '2'");
}

BOOST_AUTO_TEST_CASE(durations_are_checked) {
    BOOST_TEST(problem(with_steps("  - id: w\n    type: wait\n    duration: 30\n")) ==
               "5:15: 'duration' in wait step 'w': invalid duration '30' (expected an integer followed by "
               "ms, s, m, h or "
               "d, e.g. 90s)");
    BOOST_TEST(problem(with_steps("  - id: w\n    type: wait\n    duration: 0s\n")) ==
               "5:15: 'duration' in wait step 'w' must be longer than 0s");
    BOOST_TEST(problem("name: w\ndefaults: {timeout: 1.5h}\nsteps:\n" + std::string(kNotify)) ==
               "2:21: 'timeout' in defaults: invalid duration '1.5h' (expected an integer followed by ms, s, "
               "m, h or d, "
               "e.g. 90s)");
    BOOST_TEST(problem("name: w\ndefaults: {retry: {max_delay: 4000d}}\nsteps:\n" + std::string(kNotify)) ==
               "2:31: 'max_delay' in retry of defaults: duration '4000d' is longer than 3650d");
}

BOOST_AUTO_TEST_CASE(duplicate_step_ids) {
    BOOST_TEST(problem(with_steps(std::string(kNotify) + kNotify)) ==
               "7:9: duplicate step id 'hello' (first defined at line 3)");
}

BOOST_AUTO_TEST_CASE(bad_and_reserved_step_ids_and_unknown_types) {
    BOOST_TEST(
        problem(with_steps("  - id: Train-1\n    type: notify\n    channel: ops\n    message: hi\n")) ==
        "3:9: 'id' in notify step #1 must be 1-64 of a-z, 0-9 and _, got 'Train-1'");
    BOOST_TEST(problem(with_steps("  - id: end\n    type: notify\n    channel: ops\n    message: hi\n")) ==
               "3:9: 'id' in notify step 'end' cannot be 'end': it is the target that ends the run");
    BOOST_TEST(problem(with_steps("  - id: t\n    type: livy_bach\n    file: x\n")) ==
               "4:11: 'type' in step 't' names an unknown step type 'livy_bach' (did you mean "
               "'livy_batch'?); the step types are livy_batch, livy_session, report, register_model, "
               "promote_model, user_task, gate, wait, notify, shell, fail");
    BOOST_TEST(problem(with_steps("  - type: notify\n    channel: ops\n    message: hi\n")) ==
               "3:5: missing required field 'id' in notify step #1");
    BOOST_TEST(problem(with_steps("  - just a string\n")) ==
               "3:5: step #1 must be a mapping, got 'just a string'");
}

BOOST_AUTO_TEST_CASE(alias_bombs_hit_the_node_budget) {
    // One step with 2000 statements, repeated 1000 times through an alias: two billion values to
    // read if expanded naively; the loader stops at its budget with one clear problem.
    std::string yaml =
        "name: w\nsteps:\n  - &s\n    id: s\n    type: livy_session\n    statements: [&c {code: x}";
    for (int i = 0; i < 2000; ++i) {
        yaml += ", *c";
    }
    yaml += "]\n";
    for (int i = 0; i < 1000; ++i) {
        yaml += "  - *s\n";
    }
    BOOST_TEST(problem(yaml) ==
               "1:1: the document is too large: more than 1000000 values once aliases are expanded");
}

BOOST_AUTO_TEST_CASE(problems_are_capped_at_100) {
    std::string yaml = "name: w\nsteps:\n" + std::string(kNotify);  // 6 lines
    for (int i = 0; i < 150; ++i) {
        yaml += "extra" + std::to_string(i) + ": 1\n";
    }
    const auto found = problems(yaml);
    BOOST_TEST_REQUIRE(found.size() == 101u);
    BOOST_TEST(found[0] == "7:1: unknown field 'extra0' in the workflow file");
    BOOST_TEST(found[99] == "106:1: unknown field 'extra99' in the workflow file");
    BOOST_TEST(found[100] == "1:1: ... and 50 more problems (only the first 100 are shown)");
}

BOOST_AUTO_TEST_CASE(large_files_load) {
    // Thousands of keys, steps, outcomes and self-loops through waits (one strongly connected
    // component each): all checks use hashed lookups and linear graph passes.
    std::string yaml =
        "name: w\nsteps:\n  - id: t\n    type: user_task\n    title: t\n    assignees: {roles: [r]}\n"
        "    outcomes: [";
    for (int i = 0; i < 5000; ++i) {
        yaml += (i ? ", o" : "o") + std::to_string(i);
    }
    yaml += "]\n    next: {";
    for (int i = 0; i < 5000; ++i) {
        yaml += (i ? ", o" : "o") + std::to_string(i) + ": s" + std::to_string(i);
    }
    yaml += "}\n";
    for (int i = 0; i < 5000; ++i) {
        yaml += "  - {id: s" + std::to_string(i) + ", type: wait, duration: 1s, next: s" + std::to_string(i) +
                "}\n";
    }
    BOOST_TEST(problems(yaml).empty());
    for (int i = 0; i < 10000; ++i) {
        yaml += "x" + std::to_string(i) + ": 1\n";
    }
    BOOST_TEST(problems(yaml).size() == 101u);
}

BOOST_AUTO_TEST_CASE(endless_document_streams_stop) {
    // Found by fuzzing: yaml-cpp 0.7 turns this into an endless stream of empty documents.
    const std::string input = ", c}\n [%i: a}]X\n";
    BOOST_TEST(problem(input) ==
               "1:1: the file holds more than one YAML document; a workflow file holds one");
}

BOOST_AUTO_TEST_CASE(deep_nesting_and_huge_files_are_refused) {
    const std::string deep = "name: w\nsteps: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
    const auto found = problems(deep);
    BOOST_TEST_REQUIRE(found.size() == 1u);
    BOOST_TEST(found.front().find("YAML syntax error") != std::string::npos);
    const std::string big(steward::workflow::kMaxWorkflowBytes + 1, '#');
    BOOST_TEST(problem(big) == "1:1: the file is larger than 4 MiB");
    BOOST_TEST(problem(std::string("name: w\0", 8)) ==
               "1:8: the file contains a NUL byte; workflow files are UTF-8 text");
}

BOOST_AUTO_TEST_CASE(text_must_be_utf8) {
    BOOST_TEST(problems("name: w\ndescription: caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\nsteps:\n" +
                        std::string(kNotify))
                   .empty());
    BOOST_TEST(problem("name: w\ndescription: an\xa3lytics\n") ==
               "2:16: invalid UTF-8 (byte 0xa3); workflow files are UTF-8 text");
    BOOST_TEST(problem("name: \xc0\xaf\n") ==
               "1:7: invalid UTF-8 (byte 0xc0); workflow files are UTF-8 text");
    BOOST_TEST(problem("name: \xed\xa0\x80\n") ==
               "1:7: invalid UTF-8 (byte 0xed); workflow files are UTF-8 text");
    BOOST_TEST(problem("name: \xe2\x82") == "1:7: invalid UTF-8 (byte 0xe2); workflow files are UTF-8 text");
}

BOOST_AUTO_TEST_SUITE_END()
