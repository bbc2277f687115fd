// Problems inside steps, one test per kind, each asserting the exact LINE:COL: message.
#include "loader_support.hpp"

#include <boost/test/unit_test.hpp>

using steward::test::problem;
using steward::test::problems;
using steward::test::with_steps;

namespace {

std::string step(std::string_view body) {
    return with_steps("  - id: s\n" + std::string(body));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loader_steps)

BOOST_AUTO_TEST_CASE(unknown_fields_suggest_the_intended_one) {
    BOOST_TEST(problem(step("    type: livy_batch\n    fle: jobs/train.py\n    file: hdfs:///x.py\n")) ==
               "5:5: unknown field 'fle' in livy_batch step 's' (did you mean 'file'?)");
    BOOST_TEST(problem(step("    type: notify\n    channel: ops\n    message: hi\n    colour: red\n")) ==
               "7:5: unknown field 'colour' in notify step 's'");
}

BOOST_AUTO_TEST_CASE(missing_required_fields_point_at_the_step) {
    BOOST_TEST(problem(step("    type: livy_batch\n")) ==
               "3:5: missing required field 'file' in livy_batch step 's'");
    BOOST_TEST(problem(step("    type: fail\n")) == "3:5: missing required field 'message' in fail step 's'");
    BOOST_TEST(problem(step("    type: promote_model\n    model: a:b\n    version: 1.0.3\n")) ==
               "3:5: missing required field 'alias' in promote_model step 's'");
}

BOOST_AUTO_TEST_CASE(common_fields_a_type_does_not_take) {
    BOOST_TEST(problem(step("    type: wait\n    duration: 1h\n    timeout: 2h\n")) ==
               "6:5: a wait step does not take 'timeout' (use 'duration')");
    BOOST_TEST(
        problem(step("    type: user_task\n    title: t\n    assignees: {users: [a]}\n    outcomes: [ok]\n"
                     "    retry: {max: 1}\n")) == "8:5: a user_task step does not take 'retry'");
    BOOST_TEST(problem(step("    type: gate\n    cases: [{if: 'true', goto: end}]\n    next: end\n")) ==
               "6:5: a gate step does not take 'next' (use 'default')");
    BOOST_TEST(problem(step("    type: fail\n    message: no\n    next: end\n")) ==
               "6:5: a fail step does not take 'next': it ends the run");
    BOOST_TEST(
        problem(step("    type: notify\n    channel: ops\n    message: hi\n    next: {ok: end}\n")) ==
        "7:11: 'next' in notify step 's' must be a step id; only user_task steps map outcomes to steps");
}

BOOST_AUTO_TEST_CASE(livy_session_statements) {
    BOOST_TEST(problem(step("    type: livy_session\n    statements: [{code: x, code_file: jobs/a.py}]\n")) ==
               "5:18: statement #1 of livy_session step 's' needs exactly one of 'code' or 'code_file'");
    BOOST_TEST(problem(step("    type: livy_session\n    statements: []\n")) ==
               "5:17: 'statements' in livy_session step 's' must be a non-empty list of {code: ...} or "
               "{code_file: jobs/...}, got a list");
    BOOST_TEST(problem(step("    type: livy_session\n    kind: scala\n    statements: [{code: x}]\n")) ==
               "5:11: 'kind' in livy_session step 's' must be one of pyspark, spark, sql, got 'scala'");
}

BOOST_AUTO_TEST_CASE(report_fields) {
    BOOST_TEST(
        problem(
            step("    type: report\n    scored: s.csv\n    label: y\n    score: p\n    features: [age]\n")) ==
        "8:15: 'features' in report step 's' needs 'reference' (the baseline rows to measure drift against)");
    BOOST_TEST(problem(step("    type: report\n    scored: s.csv\n    label: y\n    task: regression\n")) ==
               "3:5: missing required field 'prediction' in report step 's' (the predicted value column of a "
               "regression report)");
    BOOST_TEST(
        problem(step("    type: report\n    scored: s.csv\n    label: y\n    score: p\n    bins: 1\n")) ==
        "8:11: 'bins' in report step 's' must be between 2 and 1000, got 1");
}

BOOST_AUTO_TEST_CASE(registry_fields) {
    BOOST_TEST(problem(step(
                   "    type: register_model\n    model: churn\n    version: \"1.0\"\n    artifact: a\n")) ==
               "5:12: 'model' in register_model step 's' must be group:artifact (letters, digits, _ . -), "
               "got 'churn'");
    BOOST_TEST(
        problem(step("    type: register_model\n    model: a:b\n    version: 1.0.3\n    artifact: a\n")) ==
        "6:14: 'version' in register_model step 's' must be major.minor (the build number is assigned), "
        "got '1.0.3'");
    BOOST_TEST(
        problem(step("    type: register_model\n    model: a:b\n    version: \"1.0\"\n    artifact: a\n"
                     "    metrics: {gini: high}\n")) ==
        "8:14: 'metrics' in register_model step 's' gives 'gini' the value 'high'; a metric is a number or a "
        "${...} expression");
    BOOST_TEST(
        problem(
            step("    type: promote_model\n    model: a:b\n    version: \"1.0\"\n    alias: champion\n")) ==
        "6:14: 'version' in promote_model step 's' must be a full version major.minor.build, got '1.0'");
    BOOST_TEST(
        problem(step("    type: promote_model\n    model: a:b\n    version: 1.0.2\n    alias: 2nd\n")) ==
        "7:12: 'alias' in promote_model step 's' must start with a letter and hold letters, digits, _ . - "
        "(e.g. champion), got '2nd'");
}

BOOST_AUTO_TEST_CASE(user_task_outcomes_deadlines_and_assignees) {
    const std::string task =
        "    type: user_task\n    title: t\n    assignees: {roles: [steward]}\n    outcomes: [retrain, "
        "keep]\n";
    BOOST_TEST(problem(step(task + "    next: {retrian: s, keep: end}\n")) ==
               "8:12: 'retrian' in 'next' is not an outcome of user_task step 's' (did you mean 'retrain'?) "
               "(outcomes: retrain, keep)");
    BOOST_TEST(problem(step(task + "    on_timeout: {outcome: keep}\n")) ==
               "8:17: 'on_timeout' in user_task step 's' needs a 'timeout' (the deadline for an answer)");
    BOOST_TEST(
        problem(step(task + "    timeout: 1d\n    on_timeout: {outcome: keeps}\n")) ==
        "9:27: 'outcome' in on_timeout of user_task step 's' is not an outcome of the task: 'keeps' (did you "
        "mean 'keep'?) (outcomes: retrain, keep)");
    BOOST_TEST(problem(step(task + "    timeout: 1d\n    on_timeout: {outcome: keep, fail: true}\n")) ==
               "9:17: on_timeout of user_task step 's' needs exactly one of 'outcome', 'fail' or 'escalate'");
    BOOST_TEST(problem(step(task + "    timeout: 1d\n    on_timeout: {escalate: {roles: [boss]}}\n")) ==
               "9:17: missing required field 'timeout' in on_timeout of user_task step 's'");
    BOOST_TEST(
        problem(step(task + "    timeout: 1d\n    escalate: {after: 2d, roles: [boss]}\n")) ==
        "9:15: 'after' in escalate of user_task step 's' (2d) must be shorter than the task's timeout (1d)");
    BOOST_TEST(problem(step(task + "    remind: {channel: mail}\n")) ==
               "8:13: missing required field 'every' in remind of user_task step 's'");
    BOOST_TEST(problem(step(
                   "    type: user_task\n    title: t\n    assignees: {users: []}\n    outcomes: [ok]\n")) ==
               "6:16: assignees of user_task step 's' names nobody: give 'users' or 'roles'");
    BOOST_TEST(problem(step("    type: user_task\n    title: t\n    assignees: {roles: [r]}\n    outcomes: "
                            "[ok, Not OK]\n")) ==
               "7:15: 'outcomes' in user_task step 's' has an invalid outcome 'Not OK' (use 1-64 of a-z, 0-9 "
               "and _)");
    BOOST_TEST(problem(step(task + "    form: {comment: {type: txt}}\n")) ==
               "8:28: 'type' in form field 'comment' must be one of text, string, number, integer, boolean, "
               "duration, "
               "enum, got 'txt' (did you mean 'text'?)");
}

BOOST_AUTO_TEST_CASE(gate_wait_shell_specifics) {
    BOOST_TEST(problem(step("    type: gate\n    cases: [{if: 'true'}]\n")) ==
               "5:13: missing required field 'goto' in case #1 of gate step 's'");
    BOOST_TEST(problem(step("    type: wait\n    duration: 1h\n    until_cron: '0 5 * * 1'\n")) ==
               "3:5: wait step 's' needs exactly one of 'duration' or 'until_cron'");
    BOOST_TEST(problem(step("    type: wait\n    until_cron: '0 5 * * 8'\n")) ==
               "5:26: invalid cron expression: day-of-week field: '8' is out of range 0-7");
    BOOST_TEST(problem(step("    type: shell\n    command: \"rm -rf /tmp/x\"\n")) ==
               "5:14: 'command' in shell step 's' must be a list [program, arg, ...], not a string: commands "
               "are never "
               "run through a shell");
    BOOST_TEST(problem(step("    type: shell\n    command: [env]\n    env: {1BAD: x}\n")) ==
               "6:10: 'env' in shell step 's' has an invalid variable name '1BAD'");
}

BOOST_AUTO_TEST_CASE(params_and_triggers) {
    const std::string steps = "steps:\n  - id: s\n    type: notify\n    channel: ops\n    message: hi\n";
    BOOST_TEST(problem("name: w\nparams:\n  n: {type: integer, default: 2.5}\n" + steps) ==
               "3:31: the default of param 'n' must be an integer, got 2.5");
    BOOST_TEST(
        problem("name: w\nparams:\n  d: {type: string, required: true, default: x}\n" + steps) ==
        "3:46: 'default' in param 'd' is given for a required param; remove 'required' or the default");
    BOOST_TEST(problem("name: w\nparams:\n  m: {type: enum}\n" + steps) ==
               "3:6: missing required field 'values' in enum param 'm'");
    BOOST_TEST(problem("name: w\nparams:\n  m: {type: enum, values: [a, b], default: c}\n" + steps) ==
               "3:44: the default of param 'm' must be one of a, b, got \"c\"");
    BOOST_TEST(
        problem("name: w\nparams:\n  9lives: {type: string}\n" + steps) ==
        "3:3: invalid param name '9lives' (expected letters, digits and _, starting with a letter or _)");
    const std::string params =
        "params:\n  data: {type: string, required: true}\n  ks: {type: number, default: 0.3}\n";
    BOOST_TEST(problem("name: w\n" + params +
                       "triggers:\n  - cron: '0 6 1 * *'\n    params: {data: x, ks: high}\n" + steps) ==
               "7:27: param 'ks' in trigger #1 must be a number, got string");
    BOOST_TEST(problem("name: w\n" + params +
                       "triggers:\n  - cron: '0 6 1 * *'\n    params: {data: x, kss: 1}\n" + steps) ==
               "7:23: unknown param 'kss' in trigger #1 (did you mean 'ks'?)");
    BOOST_TEST(problem("name: w\n" + params + "triggers:\n  - cron: '0 6 1 * *'\n" + steps) ==
               "6:5: trigger #1 does not give required param 'data'");
    BOOST_TEST(problem("name: w\ntriggers:\n  - cron: '0 0 30 2 *'\n" + steps) ==
               "3:11: cron expression '0 0 30 2 *' never fires");
    BOOST_TEST(
        problem("name: w\ntriggers:\n  - cron: '0 6 1 * *'\n    tz: Europe/Paris\n" + steps) ==
        "4:9: 'tz' in trigger #1 is not supported: 'Europe/Paris' (use UTC or local; named time zones need a "
        "time zone database the server does not have)");
    BOOST_TEST(
        problem("name: w\ntriggers:\n  - cron: '0 6 1 *'\n" + steps) ==
        "3:12: invalid cron expression: cron expression '0 6 1 *' has 4 fields; expected 5 (minute hour "
        "day-of-month month day-of-week)");
}

BOOST_AUTO_TEST_CASE(expression_syntax_errors_point_inside_the_string) {
    BOOST_TEST(
        problem(step("    type: notify\n    channel: ops\n    message: \"KS ${steps.r.metrics.ks\"\n")) ==
        "6:18: invalid expression: unclosed '${' (missing '}')");
    BOOST_TEST(
        problem(
            step("    type: notify\n    channel: ops\n    message: hi\n    when: params.a && params.b\n")) ==
        "7:20: invalid expression: '&&' is not an operator (use 'and')");
    BOOST_TEST(problem(step(
                   "    type: notify\n    channel: ops\n    message: hi\n    when: \"${params.a ==}\"\n")) ==
               "7:25: invalid expression: unexpected end of expression (expected a value)");
    // A block scalar cannot be mapped column by column: the problem points at the scalar.
    BOOST_TEST(problem(step("    type: notify\n    channel: ops\n    message: |\n      line ${a b}\n")) ==
               "6:14: invalid expression: unexpected 'b' after the expression");
}

BOOST_AUTO_TEST_SUITE_END()
