#pragma once

#include "orchestrator/engine/settings.hpp"
#include "orchestrator/store/records.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace steward::engine {

/// One message to send (a `notify` step or a user-task reminder).
struct NotifyMessage {
    store::RowId run_id = 0;
    std::string workflow;
    std::string step;                     ///< the step id
    std::string message;                  ///< already interpolated
    std::string kind = "notify";          ///< "notify" or "reminder"
    std::optional<store::RowId> task_id;  ///< reminders: the task
    std::string title;                    ///< reminders: the task title
};

/// Sends messages through the channels of the server config (docs/engine.md, "Notify
/// channels"): webhook JSON, Slack/Teams-style `{"text": ...}`, or a command that gets the message
/// on stdin and in STEWARD_MESSAGE. Threading: the io_context thread; keeps only a reference to
/// the settings, which must outlive it.
class Notifier {
public:
    explicit Notifier(const EngineSettings& settings) noexcept : settings_(settings) {}
    virtual ~Notifier() = default;
    Notifier(const Notifier&) = delete;
    Notifier& operator=(const Notifier&) = delete;

    /// Sends `message` through `channel`. Errors (value), one sentence each: an unknown channel
    /// ("notify channel 'x' is not configured (configured: a, b)"), a failed or timed-out request,
    /// an HTTP status outside 2xx ("... answered HTTP 500: <body start>"), a command that cannot
    /// start, times out or exits non-zero. Cancellation of the awaiting coroutine aborts it.
    virtual boost::asio::awaitable<boost::system::result<void, std::string>> send(
        std::string_view channel, const NotifyMessage& message);

    /// The JSON body a channel of `kind` gets for `message` (exposed for tests and docs).
    [[nodiscard]] static std::string body_for(NotifyChannel::Kind kind, const NotifyMessage& message);

private:
    const EngineSettings& settings_;
};

}  // namespace steward::engine
