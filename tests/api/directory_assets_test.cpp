// The web UI from a directory (`steward serve --ui-dir`, orchestrator/api/directory_assets.hpp):
// files re-read per request, size+mtime validators, gzip siblings, and no way out of the
// directory: `..` in any spelling, NUL, hidden files, symbolic links leading outside.

#include "orchestrator/api/directory_assets.hpp"
#include "orchestrator/api/message.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace api = steward::api;
namespace fs = std::filesystem;

namespace {

// base/ui (the served directory) and base/secret.txt beside it; removed at the end.
struct UiDir {
    fs::path base = fs::temp_directory_path() / ("steward-ui-dir-" + std::to_string(::getpid()));
    fs::path root = base / "ui";
    UiDir() {
        fs::remove_all(base);
        fs::create_directories(root / "assets");
        write(root / "index.html", "<html>dev</html>");
        write(root / "assets" / "main-DEV.js", "dev();");
        write(root / "assets" / "main-DEV.js.gz", "GZ-dev");
        write(root / ".env", "TOKEN=hidden");
        write(base / "secret.txt", "SECRET");
        fs::create_symlink(base / "secret.txt", root / "leak.txt");
        fs::create_directory_symlink(base, root / "up");
    }
    ~UiDir() {
        std::error_code ignored;
        fs::remove_all(base, ignored);
    }
    UiDir(const UiDir&) = delete;
    UiDir& operator=(const UiDir&) = delete;

    static void write(const fs::path& file, const std::string& text) {
        std::ofstream(file, std::ios::binary) << text;
    }
    [[nodiscard]] api::DirectoryAssetSource source() const {
        std::string error;
        auto opened = api::DirectoryAssetSource::open(root, error);
        BOOST_REQUIRE_MESSAGE(opened, error);
        return std::move(*opened);
    }
};

api::Request get(const std::string& target) {
    api::Request r;
    r.method = "GET";
    BOOST_REQUIRE(api::parse_target(target, r.path, r.query));
    r.add_header("Accept-Encoding", "gzip");
    return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(directory_assets)

BOOST_AUTO_TEST_CASE(files_are_served_and_reread_per_request) {
    const UiDir dir;
    const auto source = dir.source();
    const auto info = source.find("/index.html");
    BOOST_REQUIRE(info);
    BOOST_TEST(info->content_type == "text/html; charset=utf-8");
    BOOST_TEST(!info->immutable);  // dev mode: always revalidated
    BOOST_TEST(!info->has_gzip);
    BOOST_TEST(source.read("/index.html", false).value() == "<html>dev</html>");
    const auto script = source.find("/assets/main-DEV.js");
    BOOST_REQUIRE(script);
    BOOST_TEST(script->content_type == "text/javascript; charset=utf-8");
    BOOST_TEST(script->has_gzip);
    BOOST_TEST(source.read("/assets/main-DEV.js", true).value() == "GZ-dev");

    // A rebuild is served at once, with a new validator.
    UiDir::write(dir.root / "index.html", "<html>rebuilt!</html>");
    fs::last_write_time(dir.root / "index.html",
                        fs::last_write_time(dir.root / "index.html") + std::chrono::seconds(2));
    const auto again = source.find("/index.html");
    BOOST_REQUIRE(again);
    BOOST_TEST(again->etag != info->etag);
    BOOST_TEST(source.read("/index.html", false).value() == "<html>rebuilt!</html>");

    // A gzip copy older than its file is stale and not used.
    fs::last_write_time(dir.root / "assets" / "main-DEV.js.gz",
                        fs::last_write_time(dir.root / "assets" / "main-DEV.js") - std::chrono::seconds(10));
    BOOST_TEST(!source.find("/assets/main-DEV.js")->has_gzip);
}

BOOST_AUTO_TEST_CASE(client_routes_fall_back_to_the_directory_index) {
    const UiDir dir;
    const auto source = dir.source();
    const auto page = api::serve_ui(source, get("/runs/42"));
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body == "<html>dev</html>");
    BOOST_TEST(api::serve_ui(source, get("/assets/main-GONE.js")).status == 404);
}

BOOST_AUTO_TEST_CASE(no_path_leaves_the_directory) {
    const UiDir dir;
    const auto source = dir.source();
    const std::vector<std::string> targets{"/../secret.txt",
                                           "/..%2fsecret.txt",
                                           "/%2e%2e/secret.txt",
                                           "/%2E%2E%2Fsecret.txt",
                                           "/assets/..%2f..%2fsecret.txt",
                                           "/assets/%2e%2e/%2e%2e/secret.txt",
                                           "/..%5csecret.txt",
                                           "/leak.txt",
                                           "/up/secret.txt",
                                           "/secret.txt%00.html",
                                           "/.env",
                                           "/assets/../../secret.txt",
                                           "//" + dir.base.string() + "/secret.txt"};
    for (const std::string& target : targets) {
        const auto response = api::serve_ui(source, get(target));
        BOOST_TEST((response.status == 400 || response.status == 404), target << ": " << response.status);
        BOOST_TEST(response.body.find("SECRET") == std::string::npos, target);
        BOOST_TEST(response.body.find("TOKEN") == std::string::npos, target);
    }
    // The source refuses on its own too, whatever its caller checked.
    for (const std::string path :
         {"/../secret.txt", "/leak.txt", "/up/secret.txt", "/.env", "/assets", "/"}) {
        BOOST_TEST(!source.find(path).has_value(), path);
        BOOST_TEST(!source.read(path, false).has_value(), path);
    }
    BOOST_TEST(!source.find(std::string("/secret.txt\0.html", 17)).has_value());
}

BOOST_AUTO_TEST_CASE(a_missing_directory_is_an_error_naming_it) {
    const UiDir dir;
    std::string error;
    BOOST_TEST(!api::DirectoryAssetSource::open(dir.base / "nope", error).has_value());
    BOOST_TEST(error.find((dir.base / "nope").string()) != std::string::npos, error);
    error.clear();
    BOOST_TEST(!api::DirectoryAssetSource::open(dir.base / "secret.txt", error).has_value());
    BOOST_TEST(error.find("is not a directory") != std::string::npos, error);
}

BOOST_AUTO_TEST_SUITE_END()
