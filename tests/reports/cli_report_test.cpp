// `steward report` end to end: the real binary on files written here (label integration).
#define BOOST_TEST_MODULE reports_cli_tests
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <sys/wait.h>
#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

struct Run {
    int status = -1;
    std::string out;
    std::string err;
};

// A private directory for the files of this run, removed at the end.
struct WorkDir {
    WorkDir() : path{fs::temp_directory_path() / ("steward_report_cli_" + std::to_string(::getpid()))} {
        fs::create_directories(path);
    }
    ~WorkDir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

const WorkDir kWorkDir;

fs::path work_dir() {
    return kWorkDir.path;
}

fs::path write(const std::string& name, const std::string& text) {
    const fs::path p = work_dir() / name;
    std::ofstream(p) << text;
    return p;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

Run steward(const std::string& args) {
    const fs::path out = work_dir() / "stdout";
    const fs::path err = work_dir() / "stderr";
    const std::string cmd = std::string(STEWARD_BINARY_DIR) + "/steward report " + args + " >" +
                            out.string() + " 2>" + err.string();
    const int raw = std::system(cmd.c_str());
    Run r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

bool contains(const std::string& s, std::string_view part) {
    return s.find(part) != std::string::npos;
}

std::string scored_csv() {
    std::string s = "label,score,x,seg\n";
    for (int i = 0; i < 400; ++i) {
        const double score = (i % 100) / 100.0;
        s += std::string(i % 3 == 0 || score > 0.8 ? "1" : "0") + "," + std::to_string(score) + "," +
             std::to_string(i % 37) + "," + (i % 5 == 0 ? "b" : "a") + "\n";
    }
    return s;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(report_cli)

BOOST_AUTO_TEST_CASE(json_report_with_drift) {
    const fs::path scored = write("scored.csv", scored_csv());
    const fs::path ref = write("ref.csv", scored_csv());
    const Run r = steward("--scored " + scored.string() + " --reference file://" + ref.string() +
                          " --label label --score score --features x --categorical seg --bins 5");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json::object j = json::parse(r.out).as_object();
    BOOST_TEST(j.at("n").to_number<int>() == 400);
    BOOST_TEST(j.at("metrics").at("auc").to_number<double>() > 0.5);
    BOOST_TEST(j.at("lift").as_array().size() == 10u);
    BOOST_TEST(j.at("drift").at("x").at("psi").to_number<double>() == 0.0);  // same sample
    BOOST_TEST(j.at("drift").at("seg").at("kind").as_string() == "categorical");
    BOOST_TEST(j.at("stability").at("score_psi").to_number<double>() == 0.0);
    BOOST_TEST(j.at("characteristic").at("p1").to_number<int>() == 0);
}

BOOST_AUTO_TEST_CASE(categorical_names_a_subset_of_the_features) {
    const fs::path scored = write("scored.csv", scored_csv());
    const fs::path ref = write("ref.csv", scored_csv());
    const Run r = steward("--scored " + scored.string() + " --reference " + ref.string() +
                          " --label label --score score --features x,seg --categorical seg");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json::object j = json::parse(r.out).as_object();
    BOOST_TEST(j.at("drift").at("x").at("kind").as_string() == "numeric");
    BOOST_TEST(j.at("drift").at("seg").at("kind").as_string() == "categorical");
    const Run help = steward("--help");
    BOOST_TEST(contains(help.out, "subset of --features"), help.out);
}

BOOST_AUTO_TEST_CASE(text_format_and_help) {
    const fs::path scored = write("scored.csv", scored_csv());
    const Run r = steward("--scored " + scored.string() + " --label label --score score --format text");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    BOOST_TEST(contains(r.out, "AUC"));
    BOOST_TEST(contains(r.out, "Lift (10 bins"));
    const Run help = steward("--help");
    BOOST_TEST(help.status == 0);
    BOOST_TEST(contains(help.out, "Usage: steward report"));
}

BOOST_AUTO_TEST_CASE(bad_input_exits_1_with_a_clear_message) {
    const fs::path scored = write("scored.csv", scored_csv());
    Run r = steward("--scored " + scored.string() + " --label nope --score score");
    BOOST_TEST(r.status == 1);
    // The CLI's user reads their own file: the header follows the message.
    BOOST_TEST(
        contains(r.err, "column 'nope' not found in the header (the header has: label, score, x, seg)"),
        r.err);
    const fs::path bad = write("bad.csv", "label,score\n1,0.5\n0,zero\n");
    r = steward("--scored " + bad.string() + " --label label --score score");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(contains(r.err, "bad.csv:3: column 'score': the field is not a number (the field is 'zero')"),
               r.err);
    const fs::path empty = write("empty.csv", "");
    r = steward("--scored " + empty.string() + " --label label --score score");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(contains(r.err, "empty file"), r.err);
    r = steward("--scored " + scored.string() + " --label label --score score --frobnicate 3");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(contains(r.err, "unknown option '--frobnicate'"), r.err);
    r = steward("--scored " + scored.string() + " --label label --score score --bins 1");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(contains(r.err, "--bins needs an integer from 2"), r.err);
    r = steward("--label label --score score");
    BOOST_TEST(r.status == 1);
    BOOST_TEST(contains(r.err, "--scored FILE is required"), r.err);
    BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(regression_task) {
    const fs::path data = write("reg.csv", "y,yhat\n1,1.5\n0,0.5\n2,2\n4,3\n");
    const Run r = steward("--scored " + data.string() + " --label y --score yhat --task regression");
    BOOST_TEST_REQUIRE(r.status == 0, r.err);
    const json::object j = json::parse(r.out).as_object();
    BOOST_TEST(j.at("metrics").at("mae").to_number<double>() == 0.5);
    BOOST_TEST(j.at("metrics").at("mape_skipped_zero_targets").to_number<int>() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
