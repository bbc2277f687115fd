// `steward serve` and the web UI (a real process): the UI built into the binary answers at `/` and
// on client-side routes, with its hashed assets cached for a year; `--ui-dir DIR` serves DIR
// instead; a missing DIR stops the start with one line naming it; `--help` documents the option.

#include "tests/crash/child_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using steward::crash_test::ChildProcess;
using namespace std::chrono_literals;

namespace {

constexpr std::string_view kPrefix = "steward: listening on ";

// A config with an empty workflows_dir and a UI directory of its own; removed at the end.
struct ServeDir {
    fs::path dir = fs::temp_directory_path() / ("steward-serve-ui-" + std::to_string(::getpid()));
    ServeDir() {
        fs::remove_all(dir);
        fs::create_directories(dir / "workflows");
        fs::create_directories(dir / "ui" / "assets");
        std::ofstream(dir / "ui" / "index.html") << "<html>from the directory</html>";
        std::ofstream(dir / "steward.yaml") << "http: {listen: '127.0.0.1:0'}\nstore: {path: steward.db}\n"
                                            << "livy: {url: 'http://127.0.0.1:1'}\n";
    }
    ~ServeDir() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
    ServeDir(const ServeDir&) = delete;
    ServeDir& operator=(const ServeDir&) = delete;

    [[nodiscard]] std::string log() const {
        std::ifstream in(dir / "steward.log");
        std::stringstream text;
        text << in.rdbuf();
        return text.str();
    }
};

// `steward serve` with extra arguments, stopped at the end of the scope.
struct Serve {
    const ServeDir& dir;
    ChildProcess process;
    unsigned short port = 0;

    Serve(const ServeDir& d, std::vector<std::string> extra)
        : dir(d), process(argv(d, std::move(extra)), (d.dir / "steward.log").string()) {
        const auto line = process.read_line(30s);
        BOOST_REQUIRE_MESSAGE(line && line->starts_with(kPrefix), "no start line; log:\n" << dir.log());
        port = static_cast<unsigned short>(std::stoi(line->substr(line->rfind(':') + 1)));
    }
    ~Serve() {
        process.send(SIGTERM);
        (void)process.wait(20s);
    }
    Serve(const Serve&) = delete;
    Serve& operator=(const Serve&) = delete;

    static std::vector<std::string> argv(const ServeDir& d, std::vector<std::string> extra) {
        std::vector<std::string> out{STEWARD_BINARY_DIR "/steward", "serve", "--config",
                                     (d.dir / "steward.yaml").string()};
        out.insert(out.end(), extra.begin(), extra.end());
        return out;
    }

    [[nodiscard]] http::response<http::string_body> get(const std::string& target,
                                                        const std::string& accept_encoding = "") const {
        asio::io_context io;
        beast::tcp_stream stream(io);
        stream.expires_after(5s);
        stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "127.0.0.1");
        if (!accept_encoding.empty()) {
            req.set(http::field::accept_encoding, accept_encoding);
        }
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        return res;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(serve_ui)

BOOST_AUTO_TEST_CASE(the_built_in_ui_answers_at_the_root_and_on_client_routes) {
    const ServeDir dir;
    const Serve steward(dir, {});
    const auto root = steward.get("/");
    BOOST_TEST(root.result_int() == 200);
    BOOST_TEST(std::string(root[http::field::content_type]) == "text/html; charset=utf-8");
    BOOST_TEST(std::string(root[http::field::cache_control]) == "no-cache");
    BOOST_TEST(std::string(root["Content-Security-Policy"]).starts_with("default-src 'self'"));
    BOOST_TEST(steward.get("/runs/12345").body() == root.body());
    BOOST_TEST(steward.get("/models/risk:churn").body() == root.body());

    std::smatch script;
    const std::string& page = root.body();
    BOOST_REQUIRE_MESSAGE(
        std::regex_search(page, script, std::regex(R"re(src="(/assets/main-[A-Za-z0-9]+\.js)")re")), page);
    const auto asset = steward.get(script[1], "gzip");
    BOOST_TEST(asset.result_int() == 200);
    BOOST_TEST(std::string(asset[http::field::cache_control]) == "public, max-age=31536000, immutable");
    BOOST_TEST(std::string(asset[http::field::content_encoding]) == "gzip");
    BOOST_TEST(std::string(asset[http::field::content_type]) == "text/javascript; charset=utf-8");
    BOOST_TEST(steward.get("/assets/main-MISSING.js").result_int() == 404);
    BOOST_TEST(steward.get("/api/nothing").result_int() == 404);
    BOOST_TEST(dir.log().find("web UI at http://127.0.0.1:") != std::string::npos, dir.log());
}

BOOST_AUTO_TEST_CASE(ui_dir_serves_a_directory_instead) {
    const ServeDir dir;
    std::ofstream(dir.dir / "secret.txt") << "SECRET";
    const Serve steward(dir, {"--ui-dir", (dir.dir / "ui").string()});
    BOOST_TEST(steward.get("/").body() == "<html>from the directory</html>");
    BOOST_TEST(steward.get("/tasks/7").body() == "<html>from the directory</html>");
    // Changed files are served at once (read per request).
    std::ofstream(dir.dir / "ui" / "index.html") << "<html>rebuilt</html>";
    BOOST_TEST(steward.get("/").body() == "<html>rebuilt</html>");
    const auto escape = steward.get("/..%2fsecret.txt");
    BOOST_TEST(escape.result_int() == 400);
    BOOST_TEST(escape.body().find("SECRET") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_missing_ui_dir_stops_the_start_naming_it) {
    const ServeDir dir;
    const std::string missing = (dir.dir / "no-such-dir").string();
    ChildProcess steward(Serve::argv(dir, {"--ui-dir", missing}), (dir.dir / "steward.log").string());
    const auto status = steward.wait(30s);
    BOOST_REQUIRE(status.has_value());
    BOOST_TEST((WIFEXITED(*status) && WEXITSTATUS(*status) == 2));
    const std::string log = dir.log();
    BOOST_TEST(log.find("steward serve: --ui-dir: the UI directory '" + missing + "'") != std::string::npos,
               log);
    BOOST_TEST(log.find("node ui/build.mjs --outdir DIR --dev --watch") != std::string::npos, log);
}

BOOST_AUTO_TEST_CASE(help_documents_ui_dir) {
    const ServeDir dir;
    ChildProcess steward({STEWARD_BINARY_DIR "/steward", "serve", "--help"},
                         (dir.dir / "steward.log").string());
    std::string help;
    while (const auto line = steward.read_line(10s)) {
        help += *line + "\n";
    }
    BOOST_TEST(steward.wait(10s).has_value());
    BOOST_TEST(help.find("--ui-dir DIR") != std::string::npos, help);
}

BOOST_AUTO_TEST_SUITE_END()
