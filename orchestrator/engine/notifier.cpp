#include "orchestrator/engine/notifier.hpp"

#include "orchestrator/engine/http_post.hpp"
#include "orchestrator/engine/process_runner.hpp"

#include <spdlog/spdlog.h>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace steward::engine {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

std::string configured_names(const EngineSettings& settings) {
    std::string names;
    for (const auto& [name, channel] : settings.channels) {
        names += (names.empty() ? "" : ", ") + name;
    }
    return names.empty() ? "none" : names;
}

std::string first_part(const std::string& text) {
    constexpr std::size_t kMax = 200;
    std::string out = text.size() > kMax ? text.substr(0, kMax) + "..." : text;
    for (char& c : out) {
        if (c == '\n' || c == '\r') {
            c = ' ';
        }
    }
    return out;
}

// Logged output of one command run: at most this many lines of at most this many bytes.
constexpr std::size_t kMaxLoggedLines = 100;
constexpr std::size_t kMaxLoggedLineBytes = 1000;

std::shared_ptr<spdlog::logger> notify_logger() {
    auto named = spdlog::get("notify");
    return named ? named : spdlog::default_logger();
}

// Logs a command channel's output lines as "CHANNEL: line" (stderr lines marked), up to
// kMaxLoggedLines; counts the rest.
class OutputLog {
public:
    explicit OutputLog(std::string_view channel) : channel_(channel), logger_(notify_logger()) {}
    OutputLog(const OutputLog&) = delete;
    OutputLog& operator=(const OutputLog&) = delete;
    ~OutputLog() {
        if (dropped_ > 0) {
            logger_->info("{}: ... {} more output lines not logged", channel_, dropped_);
        }
    }

    void add(bool is_stderr, const std::vector<std::string>& lines) {
        for (const std::string& line : lines) {
            if (logged_ == kMaxLoggedLines) {
                ++dropped_;
                continue;
            }
            ++logged_;
            const bool cut = line.size() > kMaxLoggedLineBytes;
            logger_->info("{}{}: {}{}", channel_, is_stderr ? " (stderr)" : "",
                          std::string_view(line).substr(0, kMaxLoggedLineBytes), cut ? "..." : "");
        }
    }

private:
    std::string channel_;
    std::shared_ptr<spdlog::logger> logger_;
    std::size_t logged_ = 0;
    std::size_t dropped_ = 0;
};

}  // namespace

std::string Notifier::body_for(NotifyChannel::Kind kind, const NotifyMessage& message) {
    json::object body;
    if (kind == NotifyChannel::Kind::slack || kind == NotifyChannel::Kind::teams) {
        body["text"] = message.message;
        return json::serialize(body);
    }
    body["run_id"] = message.run_id;
    body["workflow"] = message.workflow;
    body["step"] = message.step;
    body["message"] = message.message;
    body["kind"] = message.kind;
    if (message.task_id) {
        body["task_id"] = *message.task_id;
        body["title"] = message.title;
    }
    return json::serialize(body);
}

asio::awaitable<boost::system::result<void, std::string>> Notifier::send(std::string_view channel_name,
                                                                         const NotifyMessage& message) {
    const auto it = settings_.channels.find(channel_name);
    if (it == settings_.channels.end()) {
        co_return "notify channel '" + std::string(channel_name) +
            "' is not configured (configured: " + configured_names(settings_) + ")";
    }
    const NotifyChannel& channel = it->second;
    const std::string what = "notify channel '" + std::string(channel_name) + "': ";
    if (channel.kind == NotifyChannel::Kind::command) {
        ProcessSpec spec;
        spec.argv = channel.command;
        spec.env = channel.env;
        spec.env["STEWARD_MESSAGE"] = message.message;
        spec.env["STEWARD_RUN_ID"] = std::to_string(message.run_id);
        spec.env["STEWARD_WORKFLOW"] = message.workflow;
        spec.env["STEWARD_STEP"] = message.step;
        spec.env["STEWARD_NOTIFY_KIND"] = message.kind;
        if (message.task_id) {
            spec.env["STEWARD_TASK_ID"] = std::to_string(*message.task_id);
        }
        spec.stdin_text = message.message + "\n";
        spec.timeout = channel.timeout;
        std::string last_stderr;
        OutputLog output(channel_name);
        LineSink sink = [&last_stderr, &output](bool is_stderr, std::vector<std::string> lines) {
            output.add(is_stderr, lines);
            if (is_stderr && !lines.empty()) {
                last_stderr = lines.back();
            }
        };
        auto ran = co_await run_process(std::move(spec), sink);
        if (!ran) {
            co_return what + ran.error();
        }
        if (ran->timed_out) {
            co_return what + "the command timed out after " + std::to_string(channel.timeout.count()) + " ms";
        }
        if (ran->exit_code != 0) {
            co_return what + "the command exited with status " + std::to_string(ran->exit_code) +
                (last_stderr.empty() ? "" : ": " + first_part(last_stderr));
        }
        co_return boost::system::result<void, std::string>{};
    }
    // Named arguments: GCC 12 mishandles braced temporaries inside a co_await expression.
    HttpTls tls{settings_.tls_verify, settings_.tls_ca_file};
    std::string body = body_for(channel.kind, message);
    auto reply = co_await http_post(channel.url, std::move(body), "application/json", channel.headers,
                                    channel.timeout, std::move(tls));
    if (!reply) {
        co_return what + reply.error();
    }
    if (reply->status < 200 || reply->status >= 300) {
        co_return what + "POST " + channel.url + " answered HTTP " + std::to_string(reply->status) +
            (reply->body.empty() ? "" : ": " + first_part(reply->body));
    }
    co_return boost::system::result<void, std::string>{};
}

}  // namespace steward::engine
