// Data confinement's containment check: whole components, `..`, symbolic links (to files, to
// directories, dangling), missing paths, and the quoting of a given path in messages.
#include "orchestrator/core/path_confinement.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>
#include <fstream>
#include <vector>

namespace core = steward::core;
namespace fs = std::filesystem;

namespace {

/// root/ (the data root, with data/a.csv) beside outside/ (with secret.csv), in a fresh temp dir.
struct Tree {
    Tree() : base(fs::temp_directory_path() / ("steward-confine-" + std::to_string(::getpid()))) {
        fs::remove_all(base);
        fs::create_directories(base / "root" / "data");
        fs::create_directories(base / "outside");
        fs::create_directories(base / "root2");
        std::ofstream(base / "root" / "data" / "a.csv") << "x\n";
        std::ofstream(base / "outside" / "secret.csv") << "root:*:\n";
        roots = {base / "root"};
    }
    ~Tree() {
        std::error_code ignored;
        fs::remove_all(base, ignored);
    }
    Tree(const Tree&) = delete;
    Tree& operator=(const Tree&) = delete;
    bool inside(const fs::path& p) const { return core::is_inside_roots(p, roots); }
    fs::path base;
    std::vector<fs::path> roots;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(path_confinement)

BOOST_AUTO_TEST_CASE(paths_below_a_root_are_inside_whether_or_not_they_exist) {
    const Tree t;
    BOOST_TEST(t.inside(t.base / "root"));
    BOOST_TEST(t.inside(t.base / "root" / "data" / "a.csv"));
    BOOST_TEST(t.inside(t.base / "root" / "data" / "missing.csv"));
    BOOST_TEST(t.inside(t.base / "root" / "new" / "deeper" / "b.csv"));
    BOOST_TEST(t.inside(t.base / "root" / "data" / ".." / "data" / "a.csv"));
    BOOST_TEST(t.inside(t.base / "root" / "missing" / ".." / "data" / "a.csv"));
}

BOOST_AUTO_TEST_CASE(paths_outside_every_root_are_refused_whether_or_not_they_exist) {
    const Tree t;
    BOOST_TEST(!t.inside(t.base / "outside" / "secret.csv"));
    BOOST_TEST(!t.inside(t.base / "outside" / "missing.csv"));
    BOOST_TEST(!t.inside(t.base / "root2" / "a.csv"));  // a sibling sharing the prefix "root"
    BOOST_TEST(!t.inside(t.base / "root" / ".." / "outside" / "secret.csv"));
    BOOST_TEST(!t.inside(t.base / "root" / "missing" / ".." / ".." / "outside" / "secret.csv"));
    BOOST_TEST(!t.inside(t.base / "root" / "data" / ".." / ".." / "outside" / "missing.csv"));
    BOOST_TEST(!t.inside("/etc/shadow"));
    BOOST_TEST(!t.inside(""));
    BOOST_TEST(!core::is_inside_roots(t.base / "root" / "data" / "a.csv", std::vector<fs::path>{}));
}

BOOST_AUTO_TEST_CASE(symbolic_links_are_followed_before_the_check) {
    const Tree t;
    fs::create_symlink(t.base / "outside" / "secret.csv", t.base / "root" / "data" / "link.csv");
    fs::create_directory_symlink(t.base / "outside", t.base / "root" / "out");
    fs::create_symlink(t.base / "outside" / "later.csv", t.base / "root" / "dangling.csv");
    fs::create_symlink(t.base / "root" / "data" / "a.csv", t.base / "outside" / "in.csv");
    BOOST_TEST(!t.inside(t.base / "root" / "data" / "link.csv"));
    BOOST_TEST(!t.inside(t.base / "root" / "out" / "secret.csv"));
    BOOST_TEST(!t.inside(t.base / "root" / "out" / "missing.csv"));
    BOOST_TEST(!t.inside(t.base / "root" / "dangling.csv"));
    BOOST_TEST(t.inside(t.base / "outside" / "in.csv"));  // a link from outside to a file inside
    // A root that is itself reached through a link is resolved the same way.
    fs::create_directory_symlink(t.base / "root", t.base / "root-link");
    BOOST_TEST(core::is_inside_roots(t.base / "root" / "data" / "a.csv",
                                     std::vector<fs::path>{t.base / "root-link"}));
    BOOST_TEST(core::is_inside_roots(t.base / "root-link" / "data" / "a.csv", t.roots));
}

BOOST_AUTO_TEST_CASE(within_compares_whole_components) {
    BOOST_TEST(core::is_within("/data/x", "/data"));
    BOOST_TEST(core::is_within("/data", "/data"));
    BOOST_TEST(core::is_within("/data/x", "/data/"));
    BOOST_TEST(!core::is_within("/data2/x", "/data"));
    BOOST_TEST(!core::is_within("/dat", "/data"));
    BOOST_TEST(core::is_within("/anything", "/"));
    BOOST_TEST(!core::is_within("", "/"));
}

BOOST_AUTO_TEST_CASE(given_paths_are_quoted_short_and_printable) {
    BOOST_TEST(core::quote_given_path("file:///etc/shadow") == "'file:///etc/shadow'");
    BOOST_TEST(core::quote_given_path("a\nb\x01") == "'a?b?'");
    BOOST_TEST(core::quote_given_path(std::string(200, 'x'), 10) == "'xxxxxxxxxx...'");
}

BOOST_AUTO_TEST_SUITE_END()
