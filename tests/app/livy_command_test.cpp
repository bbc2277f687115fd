// `steward livy` against the fake Livy: what it prints, and its exit status for success, Livy
// errors, connection failures and usage errors.
#include "orchestrator/app/livy_command.hpp"
#include "tests/fake_livy/threaded_fake.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <vector>

namespace app = steward::app;
namespace fl = steward::fake_livy;

namespace {

struct Captured {
    int status;
    std::string out;
    std::string err;
};

/// Runs `steward livy ARGS...`, capturing what it prints.
Captured livy(std::vector<std::string> args) {
    std::vector<std::string_view> views(args.begin(), args.end());
    std::ostringstream out;
    std::ostringstream err;
    const int status = app::run_livy(views, out, err);
    return {status, out.str(), err.str()};
}

struct Fixture {
    fl::FakeLivyThread livy_server;
    Fixture() {
        livy_server.call([this] {
            auto& model = livy_server.fake().model();
            (void)model.create_batch(R"({"file":"local:/jobs/train.py","name":"train-7"})");
            model.append_log(fl::Collection::batches, 0, fl::LogStream::stdout_stream, "epoch 1 loss 0.52");
            model.append_log(fl::Collection::batches, 0, fl::LogStream::stdout_stream, "epoch 2 loss 0.31");
        });
    }
    [[nodiscard]] std::string url() const { return livy_server.base_url(); }
};

unsigned short closed_port() {
    boost::asio::io_context io;
    boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();  // closed again when the acceptor goes
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(livy_command, Fixture)

BOOST_AUTO_TEST_CASE(version_as_text_and_json) {
    const auto text = livy({"--url", url(), "version"});
    BOOST_TEST(text.status == 0, text.err);
    BOOST_TEST(text.out.find("Livy 0.9.0-incubating") != std::string::npos, text.out);
    const auto json = livy({"--url", url(), "--json", "version"});
    BOOST_TEST(json.status == 0, json.err);
    BOOST_TEST(boost::json::parse(json.out).at("version").as_string() == "0.9.0-incubating");
}

BOOST_AUTO_TEST_CASE(batches_table_and_one_batch_as_json) {
    const auto table = livy({"--url", url(), "batches"});
    BOOST_TEST(table.status == 0, table.err);
    BOOST_TEST(table.out.find("train-7") != std::string::npos, table.out);
    BOOST_TEST(table.out.find("1 on the server") != std::string::npos, table.out);
    const auto one = livy({"--url", url(), "--json", "batch", "0"});
    BOOST_TEST(one.status == 0, one.err);
    const auto parsed = boost::json::parse(one.out);
    BOOST_TEST(parsed.at("id").as_string() == "0");  // ids are strings in Steward's JSON
    BOOST_TEST(parsed.at("name").as_string() == "train-7");
}

BOOST_AUTO_TEST_CASE(log_prints_the_lines_of_the_batch) {
    const auto log = livy({"--url", url(), "log", "batch", "0"});
    BOOST_TEST(log.status == 0, log.err);
    BOOST_TEST(log.out.find("epoch 1 loss 0.52") != std::string::npos, log.out);
    BOOST_TEST(log.out.find("epoch 2 loss 0.31") != std::string::npos, log.out);
    BOOST_TEST(log.out.find("epoch 1 loss 0.52") < log.out.find("epoch 2 loss 0.31"));
}

BOOST_AUTO_TEST_CASE(log_prefixes_sections_as_the_stored_step_log_does) {
    livy_server.call([this] {
        auto& model = livy_server.fake().model();
        model.append_log(fl::Collection::batches, 0, fl::LogStream::stderr_stream, "train.py: error: --rows");
        return model.set_yarn_diagnostics(fl::Collection::batches, 0,
                                          {"AM Container exited with exitCode: 1"});
    });
    const auto log = livy({"--url", url(), "log", "batch", "0"});
    BOOST_TEST(log.status == 0, log.err);
    BOOST_TEST(log.out.find("\n[stderr] train.py: error: --rows\n") != std::string::npos, log.out);
    BOOST_TEST(
        log.out.find("\n[yarn_diagnostics] AM Container exited with exitCode: 1\n") != std::string::npos,
        log.out);
    BOOST_TEST(log.out.find("[yarn] ") == std::string::npos, log.out);
}

BOOST_AUTO_TEST_CASE(an_unknown_batch_exits_1_with_livys_message) {
    const auto missing = livy({"--url", url(), "batch", "99"});
    BOOST_TEST(missing.status == 1);
    BOOST_TEST(missing.err.find("404") != std::string::npos, missing.err);
    BOOST_TEST(missing.err.find("GET /batches/99") != std::string::npos, missing.err);
}

BOOST_AUTO_TEST_CASE(an_unreachable_server_exits_1_within_the_timeout) {
    const auto down =
        livy({"--url", "http://127.0.0.1:" + std::to_string(closed_port()), "--timeout", "3", "version"});
    BOOST_TEST(down.status == 1);
    BOOST_TEST(down.err.find("; is Livy running there? set --url or STEWARD_LIVY_URL\n") != std::string::npos,
               down.err);
}

BOOST_AUTO_TEST_CASE(usage_errors_exit_2) {
    BOOST_TEST(livy({}).status == 2);
    BOOST_TEST(livy({"--url", url(), "frobnicate"}).status == 2);
    BOOST_TEST(livy({"--url", url(), "--no-such-option", "version"}).status == 2);
    BOOST_TEST(livy({"--url", url(), "batch", ""}).status == 2);
    BOOST_TEST(livy({"--url", url(), "log", "batch", ""}).status == 2);
    const auto help = livy({"--help"});
    BOOST_TEST(help.status == 0);
    BOOST_TEST(help.out.find("Usage: steward livy") != std::string::npos, help.out);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

fl::FakeLivyOptions guid_options() {
    fl::FakeLivyOptions options;
    options.model.string_ids = true;
    return options;
}

/// A Fabric/Synapse-style Livy answering GUID ids, with one batch.
struct GuidFixture {
    fl::FakeLivyThread livy_server{guid_options()};
    GuidFixture() {
        livy_server.call([this] {
            auto& model = livy_server.fake().model();
            (void)model.create_batch(R"({"file":"abfss://jobs/train.py","name":"train-guid"})");
            model.append_log(fl::Collection::batches, 0, fl::LogStream::stdout_stream, "epoch 1 loss 0.52");
        });
    }
    [[nodiscard]] std::string url() const { return livy_server.base_url(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(livy_command_string_ids, GuidFixture)

BOOST_AUTO_TEST_CASE(batches_batch_and_log_take_a_guid) {
    const std::string guid = fl::guid_for(0);
    const auto table = livy({"--url", url(), "batches"});
    BOOST_TEST(table.status == 0, table.err);
    BOOST_TEST(table.out.find(guid) != std::string::npos, table.out);
    const auto one = livy({"--url", url(), "--json", "batch", guid});
    BOOST_TEST(one.status == 0, one.err);
    const auto parsed = boost::json::parse(one.out);
    BOOST_TEST(parsed.at("id").as_string() == guid);
    BOOST_TEST(parsed.at("name").as_string() == "train-guid");
    const auto text = livy({"--url", url(), "batch", guid});
    BOOST_TEST(text.status == 0, text.err);
    const auto log = livy({"--url", url(), "log", "batch", guid});
    BOOST_TEST(log.status == 0, log.err);
    BOOST_TEST(log.out.find("epoch 1 loss 0.52") != std::string::npos, log.out);
    const auto list = livy({"--url", url(), "--json", "batches"});
    BOOST_TEST(list.status == 0, list.err);
}

BOOST_AUTO_TEST_SUITE_END()
