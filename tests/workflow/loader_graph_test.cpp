// Second-pass problems: targets, loops, names in expressions, jobs/ files.
#include "loader_support.hpp"

#include <boost/test/unit_test.hpp>

using steward::test::problem;
using steward::test::problems;
using steward::test::TempJobsDir;
using steward::test::with_steps;

namespace {

std::string notify(std::string_view id, std::string_view extra = {}) {
    return "  - id: " + std::string(id) + "\n    type: notify\n    channel: ops\n    message: hi\n" +
           std::string(extra);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loader_graph)

BOOST_AUTO_TEST_CASE(unknown_targets) {
    BOOST_TEST(problem(with_steps(notify("a", "    next: bb\n") + notify("b"))) ==
               "7:11: unknown step 'bb' in 'next' of step 'a' (did you mean 'b'?)");
    BOOST_TEST(
        problem(with_steps(
            "  - id: g\n    type: gate\n    cases: [{if: 'true', goto: nowhere}]\n    default: end\n")) ==
        "5:32: unknown step 'nowhere' in 'goto' of step 'g'");
    BOOST_TEST(problem(with_steps(
                   "  - id: g\n    type: gate\n    cases: [{if: 'true', goto: end}]\n    default: ed\n")) ==
               "6:14: unknown step 'ed' in 'default' of step 'g' (did you mean 'end'?)");
    BOOST_TEST(
        problem(with_steps("  - id: t\n    type: user_task\n    title: t\n    assignees: {roles: [r]}\n"
                           "    outcomes: [yes, no]\n    next: {yes: end, no: retry}\n")) ==
        "8:26: unknown step 'retry' in 'next' of step 't'");
}

BOOST_AUTO_TEST_CASE(loops_without_a_wait_or_user_task) {
    BOOST_TEST(
        problem(with_steps(notify("a") + notify("b", "    next: a\n"))) ==
        "11:11: loop with no wait or user_task step: a -> b -> a (add a wait or user_task step to the loop)");
    BOOST_TEST(
        problem(with_steps(notify("a", "    next: a\n"))) ==
        "7:11: loop with no wait or user_task step: a -> a (add a wait or user_task step to the loop)");
    // Through a gate's case, back to the start.
    BOOST_TEST(
        problem(
            with_steps(notify("a") + "  - id: g\n    type: gate\n    cases: [{if: 'true', goto: a}]\n")) ==
        "9:32: loop with no wait or user_task step: a -> g -> a (add a wait or user_task step to the loop)");
    // A wait or a user task in the loop makes it fine.
    BOOST_TEST(
        problems(with_steps(notify("a") + "  - id: w\n    type: wait\n    duration: 1d\n    next: a\n"))
            .empty());
    BOOST_TEST(problems(with_steps(notify("a") + "  - id: t\n    type: user_task\n    title: again?\n"
                                                 "    assignees: {roles: [r]}\n    outcomes: [again, stop]\n"
                                                 "    next: {again: a, stop: end}\n"))
                   .empty());
}

BOOST_AUTO_TEST_CASE(references_to_unknown_params_and_steps) {
    const std::string params = "name: w\nparams:\n  ks_min: {type: number, default: 0.3}\nsteps:\n";
    BOOST_TEST(problem(params + notify("a", "    when: params.ks_mn > 0\n")) ==
               "9:11: unknown param 'ks_mn' (did you mean 'ks_min'?)");
    BOOST_TEST(
        problem(
            params +
            "  - id: a\n    type: notify\n    channel: ops\n    message: \"KS ${steps.rep.metrics.ks}\"\n") ==
        "8:20: unknown step 'rep' in 'steps.rep.metrics.ks'");
    BOOST_TEST(problem(params + notify("a", "    when: steps.a.outcome == 'yes'\n")) ==
               "9:11: step 'a' is a notify step; only user_task steps have an outcome");
    BOOST_TEST(problem(params + notify("a", "    when: \"${run.name != null}\"\n")) ==
               "9:14: unknown name 'run.name' (run has: run.id, run.uid, run.started_at)");
    // An escape before the expression: columns inside the string are unknown, so the scalar.
    BOOST_TEST(
        problem(params +
                "  - id: a\n    type: notify\n    channel: ops\n    message: \"\\u00e9 ${params.x}\"\n") ==
        "8:14: unknown param 'x' (declared params: ks_min)");
    BOOST_TEST(problem(params +
                       "  - id: t\n    type: user_task\n    title: t\n    assignees: {roles: [r]}\n"
                       "    outcomes: [retrain, keep]\n" +
                       notify("a", "    when: steps.t.outcome == 'retrian'\n")) ==
               "14:30: 'retrian' is not an outcome of user task 't' (did you mean 'retrain'?) (outcomes: "
               "retrain, keep)");
    BOOST_TEST(problem(params +
                       "  - id: g\n    type: gate\n    cases:\n      - if: steps.x.state == 'failed'\n"
                       "        goto: end\n") == "8:13: unknown step 'x' in 'steps.x.state'");
}

BOOST_AUTO_TEST_CASE(jobs_files_must_exist) {
    const TempJobsDir jobs({"train.py", "statements/a.py"});
    const std::string batch = "  - id: b\n    type: livy_batch\n    file: ";
    BOOST_TEST(problems(with_steps(batch + "jobs/train.py\n"), jobs.path()).empty());
    BOOST_TEST(problem(with_steps(batch + "jobs/trian.py\n"), jobs.path()) ==
               "5:11: file 'jobs/trian.py' not found (looked for " + (jobs.path() / "trian.py").string() +
                   ")");
    BOOST_TEST(problem(with_steps(batch + "jobs/../etc/passwd\n"), jobs.path()) ==
               "5:11: 'jobs/../etc/passwd' leaves the jobs directory ('..' is not allowed)");
    BOOST_TEST(problem(with_steps(batch + "jobs/statements\n"), jobs.path()) ==
               "5:11: file 'jobs/statements' not found (looked for " + (jobs.path() / "statements").string() +
                   ")");
    // URIs, other paths and templated paths are passed to Livy unchecked.
    BOOST_TEST(problems(with_steps(batch + "hdfs:///jobs/x.py\n"), jobs.path()).empty());
    BOOST_TEST(problems(with_steps(batch + "local:/opt/jobs/x.py\n"), jobs.path()).empty());
    BOOST_TEST(problems(with_steps(batch + "\"jobs/${workflow.name}.py\"\n"), jobs.path()).empty());
    const std::string session = "  - id: s\n    type: livy_session\n    statements:\n      - code_file: ";
    BOOST_TEST(problems(with_steps(session + "jobs/statements/a.py\n"), jobs.path()).empty());
    BOOST_TEST(problem(with_steps(session + "jobs/statements/b.py\n"), jobs.path()) ==
               "6:20: file 'jobs/statements/b.py' not found (looked for " +
                   (jobs.path() / "statements/b.py").string() + ")");
    // Without a jobs directory, existence is not checked (the syntax of the path still is).
    BOOST_TEST(problems(with_steps(batch + "jobs/trian.py\n")).empty());
}

BOOST_AUTO_TEST_CASE(first_pass_problems_hold_back_the_second_pass) {
    // An unknown field (first pass) and an unknown target (second pass): only the first is reported.
    BOOST_TEST(problem(with_steps(notify("a", "    next: nowhere\n    colour: red\n"))) ==
               "8:5: unknown field 'colour' in notify step 'a'");
}

BOOST_AUTO_TEST_SUITE_END()
