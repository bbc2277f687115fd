// Data confinement (config `data_roots`): report sources, statement code files and shell working
// directories outside the roots are refused before anything is read, with one message that names
// the path as written and never what the file holds or whether it exists.

#include "tests/engine/harness.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>

using namespace steward;
using namespace steward::engine_tests;
namespace fs = std::filesystem;

namespace {

constexpr const char* kSecret = "root:*:19000:0:99999:7:::";

/// A directory outside the harness's data root, holding `secret.csv` whose header is kSecret.
struct Outside {
    Outside() : dir(fs::temp_directory_path() / ("steward-outside-" + std::to_string(::getpid()))) {
        fs::create_directories(dir);
        std::ofstream(dir / "secret.csv") << kSecret << "\nx\n";
    }
    ~Outside() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    Outside(const Outside&) = delete;
    Outside& operator=(const Outside&) = delete;
    fs::path dir;
};

constexpr const char* kReport = R"(name: leak
params:
  scored: {type: string}
steps:
  - {id: figures, type: report, scored: "${params.scored}", label: churned, score: p_churn}
)";

std::string report_error(EngineHarness& h, const std::string& scored) {
    const RowId run = h.start(kReport, {{"scored", core::Value{scored}}});
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    return h.step(run, "figures").error.value_or("");
}

std::string refusal(const std::string& given) {
    return "report step 'figures': source '" + given +
           "' is outside the configured data_roots (config 'data_roots')";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(data_roots)

BOOST_AUTO_TEST_CASE(a_report_source_outside_the_roots_is_refused_without_reading_it) {
    const Outside outside;
    EngineHarness h;
    h.boot();
    const std::string secret = "file://" + (outside.dir / "secret.csv").string();
    const std::string missing = "file://" + (outside.dir / "missing.csv").string();
    const std::string bare = (outside.dir / "secret.csv").string();
    for (const std::string& given : {secret, missing, bare}) {
        const std::string error = report_error(h, given);
        BOOST_TEST(error == refusal(given));
        BOOST_TEST(error.find("root:") == std::string::npos, error);
    }
    BOOST_TEST(report_error(h, "file:///etc/shadow") == refusal("file:///etc/shadow"));
    BOOST_TEST(h.store().reports().list_for_run(1).empty());
}

BOOST_AUTO_TEST_CASE(dot_dot_escapes_and_symlinks_out_of_a_root_are_refused) {
    const Outside outside;
    EngineHarness h;
    h.boot();
    fs::create_directories(h.dir() / "data");
    // `..` out of the root, written plainly and percent-escaped in a file URI.
    const std::string up = (h.dir() / "data" / ".." / ".." / outside.dir.filename() / "secret.csv").string();
    BOOST_TEST(report_error(h, up) == refusal(up));
    const std::string escaped = "file://" + (h.dir() / "data").string() + "/%2e%2e/%2E%2E/" +
                                outside.dir.filename().string() + "/secret.csv";
    BOOST_TEST(report_error(h, escaped) == refusal(escaped));
    // A link inside the root to a file, and to a directory, outside it.
    fs::create_symlink(outside.dir / "secret.csv", h.dir() / "data" / "linked.csv");
    fs::create_directory_symlink(outside.dir, h.dir() / "data" / "linked_dir");
    const std::string linked = (h.dir() / "data" / "linked.csv").string();
    BOOST_TEST(report_error(h, linked) == refusal(linked));
    const std::string through_dir = "file://" + (h.dir() / "data" / "linked_dir" / "secret.csv").string();
    BOOST_TEST(report_error(h, through_dir) == refusal(through_dir));
    // A dangling link is refused too: it would be followed once its target exists.
    fs::create_symlink(outside.dir / "later.csv", h.dir() / "data" / "dangling.csv");
    const std::string dangling = (h.dir() / "data" / "dangling.csv").string();
    BOOST_TEST(report_error(h, dangling) == refusal(dangling));
}

BOOST_AUTO_TEST_CASE(a_source_inside_the_roots_is_read_and_a_missing_one_says_so) {
    EngineHarness h;
    h.boot();
    fs::create_directories(h.dir() / "data" / "x");
    {
        std::ofstream out(h.dir() / "data" / "scored.csv");
        out << "churned,p_churn\n";
        for (int i = 0; i < 10; ++i) {
            out << (i % 2) << "," << 0.1 + 0.05 * i << "\n";
        }
    }
    const RowId run = h.start(
        kReport,
        {{"scored", core::Value{"file://" + (h.dir() / "data" / "x" / ".." / "scored.csv").string()}}});
    const auto state = h.finish(run);
    std::string events;
    for (const auto& e : h.events(run)) {
        events += e + " ";
    }
    BOOST_TEST((state == store::RunState::succeeded), events << h.run(run).error.value_or(""));
    const std::string error = report_error(h, (h.dir() / "data" / "none.csv").string());
    BOOST_TEST(error.find("outside") == std::string::npos, error);
    BOOST_TEST(error.find("none.csv") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(a_file_uri_read_through_livy_is_confined_too) {
    const Outside outside;
    EngineHarness h;
    h.boot();
    const std::string given = "file://" + (outside.dir / "secret.csv").string();
    const RowId run = h.start(R"(name: paged
params:
  scored: {type: string}
steps:
  - {id: figures, type: report, scored: "${params.scored}", label: churned, score: p_churn,
     source: {mode: paged}}
)",
                              {{"scored", core::Value{given}}});
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(h.step(run, "figures").error.value_or("") == refusal(given));
    const std::string remote = "file://other.example/etc/shadow";
    const RowId remote_run = h.start(R"(name: paged
params:
  scored: {type: string}
steps:
  - {id: figures, type: report, scored: "${params.scored}", label: churned, score: p_churn,
     source: {mode: paged}}
)",
                                     {{"scored", core::Value{remote}}});
    BOOST_TEST((h.finish(remote_run) == store::RunState::failed));
    BOOST_TEST(h.step(remote_run, "figures").error.value_or("") == refusal(remote));
    BOOST_TEST(h.livy().count("POST", "/sessions") == 0U);
}

BOOST_AUTO_TEST_CASE(a_code_file_outside_the_roots_is_never_sent_to_livy) {
    const Outside outside;
    EngineHarness h;
    h.boot();
    const std::string file = (outside.dir / "secret.csv").string();
    const RowId run = h.start(R"y(name: code
steps:
  - id: s
    type: livy_session
    statements:
      - code_file: )y" + file +
                              "\n");
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    const std::string error = h.step(run, "s").error.value_or("");
    BOOST_TEST(
        error.find("code_file '" + file + "' is outside the configured data_roots (config 'data_roots')") !=
            std::string::npos,
        error);
    BOOST_TEST(error.find("root:") == std::string::npos, error);
    BOOST_TEST(h.livy().count("POST", "/sessions/*/statements") == 0U);
}

BOOST_AUTO_TEST_CASE(a_shell_cwd_outside_the_roots_is_refused_before_the_command_runs) {
    const Outside outside;
    EngineHarness h;
    h.boot();
    const auto marker = outside.dir / "ran";
    const RowId run = h.start(R"y(name: cwd
params:
  dir: {type: string}
steps:
  - {id: sh, type: shell, command: [touch, ran], cwd: "${params.dir}"}
)y",
                              {{"dir", core::Value{outside.dir.string()}}});
    BOOST_TEST((h.finish(run) == store::RunState::failed));
    BOOST_TEST(h.step(run, "sh").error.value_or("") ==
               "step 'sh': cwd '" + outside.dir.string() +
                   "' is outside the configured data_roots (config 'data_roots')");
    BOOST_TEST(!fs::exists(marker));

    fs::create_directories(h.dir() / "work");
    const RowId inside = h.start(R"y(name: cwd-inside
steps:
  - {id: sh, type: shell, command: [touch, ran], cwd: ")y" +
                                 (h.dir() / "work").string() + "\"}\n");
    BOOST_TEST((h.finish(inside) == store::RunState::succeeded), h.run(inside).error.value_or(""));
    BOOST_TEST(fs::exists(h.dir() / "work" / "ran"));
}

BOOST_AUTO_TEST_CASE(a_param_outside_its_pattern_is_refused_at_run_start) {
    EngineHarness h;
    h.boot();
    BOOST_TEST_REQUIRE(h.engine()
                           .add_workflow(R"(name: pinned
params:
  scored: {type: string, pattern: '^hdfs:///data/scored/.*$', default: 'hdfs:///data/scored/latest'}
steps:
  - {id: figures, type: report, scored: "${params.scored}", label: churned, score: p_churn}
)",
                                         "pinned.yaml")
                           .has_value());
    const auto refused =
        h.engine().start_run("pinned", {{"scored", core::Value{"file:///etc/shadow"}}}, "api");
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST((refused.error().code == engine::Errc::invalid_params));
    BOOST_TEST(refused.error().message ==
               "workflow 'pinned': param 'scored' must match the pattern ^hdfs:///data/scored/.*$, got "
               "'file:///etc/shadow'");
    BOOST_TEST(h.store().runs().list_runs({}).value().empty());
}

BOOST_AUTO_TEST_SUITE_END()
