// The real notification channels: webhook JSON, Slack/Teams-style text, a command; failures.

#include "tests/engine/harness.hpp"
#include "tests/engine/http_sink.hpp"

#include "orchestrator/engine/json_values.hpp"

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>
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

// Registers a `notify` logger that keeps its lines in memory for the scope's lifetime.
class CapturedNotifyLog {
public:
    CapturedNotifyLog() : sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)) {
        sink_->set_pattern("%l [%n] %v");
        spdlog::drop("notify");
        auto logger = std::make_shared<spdlog::logger>("notify", sink_);
        logger->set_level(spdlog::level::info);
        spdlog::register_logger(logger);
    }
    ~CapturedNotifyLog() { spdlog::drop("notify"); }
    CapturedNotifyLog(const CapturedNotifyLog&) = delete;
    CapturedNotifyLog& operator=(const CapturedNotifyLog&) = delete;

    [[nodiscard]] std::vector<std::string> lines() const { return sink_->last_formatted(); }

private:
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(notify_channels)

BOOST_AUTO_TEST_CASE(command_channel_output_is_logged) {
    const CapturedNotifyLog log;
    EngineHarness h(real_channels());
    engine::NotifyChannel ops;
    ops.kind = engine::NotifyChannel::Kind::command;
    ops.command = {"/bin/sh", "-c", "echo \"[steward] $STEWARD_MESSAGE\" >&2; echo to stdout"};
    ops.timeout = std::chrono::seconds(5);
    engine::NotifyChannel chatty = ops;
    chatty.command = {
        "/bin/sh", "-c",
        "head -c 1500 /dev/zero | tr '\\0' x; echo; i=0; while [ $i -lt 120 ]; do echo line $i; "
        "i=$((i+1)); done"};
    h.settings.channels = {{"ops", ops}, {"chatty", chatty}};
    h.boot();
    const RowId run = h.start(R"(name: tell-ops
steps:
  - {id: tell, type: notify, channel: ops, message: "KS is 0.21"}
  - {id: chat, type: notify, channel: chatty, message: "much"}
)");
    BOOST_TEST((h.finish(run) == store::RunState::succeeded), h.run(run).error.value_or(""));
    const auto lines = log.lines();
    std::string all;
    for (const auto& line : lines) {
        all += line;
    }
    BOOST_TEST(all.find("info [notify] ops (stderr): [steward] KS is 0.21") != std::string::npos, all);
    BOOST_TEST(all.find("info [notify] ops: to stdout") != std::string::npos, all);
    // Bounded: lines cut at 1000 bytes, 100 lines per message, the rest counted.
    BOOST_TEST(all.find("info [notify] chatty: " + std::string(1000, 'x') + "...") != std::string::npos);
    BOOST_TEST(all.find(std::string(1001, 'x')) == std::string::npos);
    BOOST_TEST(all.find("chatty: line 98\n") != std::string::npos);
    BOOST_TEST(all.find("chatty: line 99\n") == std::string::npos);
    BOOST_TEST(all.find("chatty: ... 21 more output lines not logged") != std::string::npos);
    BOOST_TEST(lines.size() == 103U);
}

BOOST_AUTO_TEST_CASE(webhook_slack_and_command_channels_deliver) {
    EngineHarness h(real_channels());
    HttpSink sink;
    const auto out_file = h.dir() / "messages.txt";
    engine::NotifyChannel command;
    command.kind = engine::NotifyChannel::Kind::command;
    command.command = {"/bin/sh", "-c",
                       "cat >> \"$OUT\"; echo \"env:$STEWARD_MESSAGE:$STEWARD_RUN_ID\" >> \"$OUT\""};
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
        const RowId run =
            h.start("name: n-" + channel + "\nsteps:\n  - {id: s, type: notify, channel: " + channel +
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
