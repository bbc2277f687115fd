// `steward validate`: output lines and exit status.
#include "loader_support.hpp"

#include "orchestrator/app/validate_command.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

namespace {

struct Run {
    int status;
    std::string out;
    std::string err;
};

Run validate(std::vector<std::string> args) {
    std::vector<std::string_view> views(args.begin(), args.end());
    std::ostringstream out;
    std::ostringstream err;
    const int status = steward::app::validate_workflows(views, out, err);
    return Run{status, out.str(), err.str()};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(validate_command)

BOOST_AUTO_TEST_CASE(valid_invalid_and_unreadable_files) {
    const steward::test::TempJobsDir dir({"jobs/train.py"});
    const std::string good = (dir.path() / "good.yaml").string();
    const std::string bad = (dir.path() / "bad.yaml").string();
    std::ofstream(good) << "name: good\nsteps:\n  - id: t\n    type: livy_batch\n    file: jobs/train.py\n";
    std::ofstream(bad) << "name: bad\nsteps:\n  - id: t\n    type: livy_batch\n    file: jobs/trian.py\n    "
                          "retri: {max: 3}\n";

    // The jobs directory is found next to the file by default.
    const Run ok = validate({good});
    BOOST_TEST(ok.status == 0);
    BOOST_TEST(ok.out == good + ": ok (workflow good, 1 step)\n");
    BOOST_TEST(validate({"--quiet", good}).out.empty());

    const Run invalid = validate({good, bad});
    BOOST_TEST(invalid.status == 1);
    BOOST_TEST(invalid.out ==
               good + ": ok (workflow good, 1 step)\n" + bad +
                   ":6:5: unknown field 'retri' in livy_batch step 't' (did you mean 'retry'?)\n");

    const Run missing = validate({(dir.path() / "nope.yaml").string()});
    BOOST_TEST(missing.status == 1);
    BOOST_TEST(missing.out == (dir.path() / "nope.yaml").string() + ":1:1: the file does not exist\n");
}

BOOST_AUTO_TEST_CASE(a_run_id_given_as_a_file_is_explained) {
    const Run id = validate({"5"});
    BOOST_TEST(id.status == 1);
    BOOST_TEST(
        id.out ==
        "5:1:1: the file does not exist\n"
        "5: 'steward validate' checks workflow files; to look at run 5 of a server, use 'steward runs'\n");
}

BOOST_AUTO_TEST_CASE(a_missing_jobs_file_names_the_directory_searched_and_the_option) {
    // A workflow outside any directory with jobs/, validated from there: the default is ./jobs,
    // named as an absolute path.
    const steward::test::TempJobsDir dir({"x/keep.txt"});
    const std::string file = (dir.path() / "w.yaml").string();
    std::ofstream(file)
        << "name: w\nsteps:\n  - id: t\n    type: livy_batch\n    file: jobs/churn/train.py\n";
    const std::filesystem::path before = std::filesystem::current_path();
    std::filesystem::current_path(dir.path());
    const Run missing = validate({file});
    std::filesystem::current_path(before);
    BOOST_TEST(missing.status == 1);
    const std::string looked = (dir.path() / "jobs/churn/train.py").lexically_normal().string();
    BOOST_TEST(missing.out ==
               file + ":5:11: file 'jobs/churn/train.py' not found (looked for " + looked +
                   "; the jobs directory is the nearest jobs/ above the workflow file, else ./jobs; "
                   "give another with --jobs-dir DIR)\n");
}

BOOST_AUTO_TEST_CASE(jobs_dir_option) {
    const steward::test::TempJobsDir dir({"elsewhere/train.py"});
    const std::string file = (dir.path() / "w.yaml").string();
    std::ofstream(file) << "name: w\nsteps:\n  - id: t\n    type: livy_batch\n    file: jobs/train.py\n";
    const std::string elsewhere = (dir.path() / "elsewhere").string();
    BOOST_TEST(validate({"--jobs-dir", elsewhere, file}).status == 0);
    BOOST_TEST(validate({"--jobs-dir=" + elsewhere, file}).status == 0);
    const Run wrong = validate({"--jobs-dir", dir.path().string(), file});
    BOOST_TEST(wrong.status == 1);
    BOOST_TEST(wrong.out == file + ":5:11: file 'jobs/train.py' not found (looked for " +
                                (dir.path() / "train.py").string() + ")\n");
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
    const Run none = validate({});
    BOOST_TEST(none.status == 2);
    BOOST_TEST(none.err.find("steward validate: no workflow file given") == 0u);
    const Run unknown = validate({"--frobnicate", "x.yaml"});
    BOOST_TEST(unknown.status == 2);
    BOOST_TEST(unknown.err.find("steward validate: unknown option '--frobnicate'") == 0u);
    BOOST_TEST(validate({"--jobs-dir"}).status == 2);
    const Run help = validate({"--help"});
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.find("Usage: steward validate") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
