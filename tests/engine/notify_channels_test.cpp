// The real notification channels: webhook JSON, Slack/Teams-style text, a command; failures.

#include "tests/engine/harness.hpp"
#include "tests/engine/http_sink.hpp"

#include "orchestrator/engine/json_values.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <sstream>

using namespace steward;
using namespace steward::engine_tests;

namespace {

HarnessOptions real_channels() {
    HarnessOptions options;
    options.real_notifier = true;
    return options;
}

engine::NotifyChannel webhook(engine::NotifyChannel::Kind kind, std::string url) {
    engine::NotifyChannel channel;
    channel.kind = kind;
    channel.url = std::move(url);
    channel.timeout = std::chrono::seconds(5);
    return channel;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(notify_channels)

BOOST_AUTO_TEST_CASE(webhook_slack_and_command_channels_deliver) {
    EngineHarness h(real_channels());
    HttpSink sink;
    const auto out_file = h.dir() / "messages.txt";
    engine::NotifyChannel command;
    command.kind = engine::NotifyChannel::Kind::command;
    command.command = {"/bin/sh", "-c", "cat >> \"$OUT\"; echo \"env:$STEWARD_MESSAGE:$STEWARD_RUN_ID\" >> \"$OUT\""};
    command.env = {{"OUT", out_file.string()}};
    command.timeout = std::chrono::seconds(5);
    h.settings.channels = {
        {"hook", webhook(engine::NotifyChannel::Kind::webhook, sink.url("/hooks/steward?x=1"))},
        {"slack", webhook(engine::NotifyChannel::Kind::slack, sink.url("/services/T/B/X"))},
        {"cmd", command},
    };
    h.settings.channels["hook"].headers = {{"X-Token", "secret"}};
    h.boot();
    const RowId run = h.start(R"(name: tell-everyone
steps:
  - {id: hook, type: notify, channel: hook, message: "model ${workflow.name} ok"}
  - {id: slack, type: notify, channel: slack, message: "hi slack"}
  - {id: cmd, type: notify, channel: cmd, message: "hi command"}
)");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded), h.run(run).error.value_or(""));
    const auto requests = sink.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2U);
    BOOST_TEST(requests[0].method == "POST");
    BOOST_TEST(requests[0].target == "/hooks/steward?x=1");
    BOOST_TEST(requests[0].content_type == "application/json");
    BOOST_TEST(requests[0].token == "secret");
    const auto hook = engine::object_from_text(requests[0].body);
    BOOST_TEST(hook.at("run_id").as_int64() == run);
    BOOST_TEST(hook.at("workflow").as_string() == "tell-everyone");
    BOOST_TEST(hook.at("step").as_string() == "hook");
    BOOST_TEST(hook.at("message").as_string() == "model tell-everyone ok");
    BOOST_TEST(requests[1].body == R"({"text":"hi slack"})");
    BOOST_TEST(read_file(out_file) == "hi command\nenv:hi command:" + std::to_string(run) + "\n");
}

BOOST_AUTO_TEST_CASE(failures_name_the_channel_and_the_problem) {
    EngineHarness h(real_channels());
    HttpSink refusing(503);
    engine::NotifyChannel failing;
    failing.kind = engine::NotifyChannel::Kind::command;
    failing.command = {"/bin/sh", "-c", "echo no mail server >&2; exit 2"};
    h.settings.channels = {
        {"down", webhook(engine::NotifyChannel::Kind::teams, refusing.url("/x"))},
        {"cmd", failing},
        {"nowhere", webhook(engine::NotifyChannel::Kind::webhook, "http://127.0.0.1:1/none")},
    };
    h.boot();
    const auto error_of = [&](std::string channel) {
        const RowId run = h.start("name: n-" + channel + "\nsteps:\n  - {id: s, type: notify, channel: " + channel +
                                  ", message: m}\n");
        BOOST_TEST((h.finish(run) == store::RunState::failed));
        return h.step(run, "s").error.value_or("");
    };
    const auto down = error_of("down");
    BOOST_TEST(down.find("notify channel 'down'") != std::string::npos, down);
    BOOST_TEST(down.find("answered HTTP 503: sink says no") != std::string::npos, down);
    const auto cmd = error_of("cmd");
    BOOST_TEST(cmd.find("exited with status 2: no mail server") != std::string::npos, cmd);
    const auto nowhere = error_of("nowhere");
    BOOST_TEST(nowhere.find("connect failed") != std::string::npos, nowhere);
    const auto unknown = error_of("unknown");
    BOOST_TEST(unknown.find("notify channel 'unknown' is not configured (configured: cmd, down, nowhere)") !=
                   std::string::npos,
               unknown);
}

BOOST_AUTO_TEST_SUITE_END()
