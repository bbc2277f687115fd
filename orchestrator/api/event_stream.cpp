#include "orchestrator/api/event_stream.hpp"

#include "orchestrator/api/json_mapping.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <charconv>

namespace steward::api {
namespace json = boost::json;
namespace {

constexpr std::array<std::string_view, 4> kFamilies{"run", "step", "task", "livy"};

// docs/engine.md, "Events".
constexpr std::array<std::string_view, 31> kTypes{
    "run.created",          "run.started",
    "run.succeeded",        "run.failed",
    "run.cancel_requested", "run.cancelled",
    "step.started",         "step.succeeded",
    "step.failed",          "step.timed_out",
    "step.skipped",         "step.cancelled",
    "step.waiting",         "step.retry_scheduled",
    "step.warning",         "livy.intent",
    "livy.submitted",       "livy.reattached",
    "livy.state",           "livy.app_info",
    "livy.statement",       "livy.statement_cancelled",
    "livy.deleted",         "livy.kept_open",
    "livy.warning",         "task.opened",
    "task.reminder",        "task.escalated",
    "task.completed",       "task.timed_out",
    "task.cancelled",
};

ApiError invalid(std::string message) {
    return ApiError{make_error_code(Errc::invalid_param), std::move(message)};
}

std::optional<store::RowId> parse_id(std::string_view text) {
    store::RowId value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || value < 0) {
        return std::nullopt;
    }
    return value;
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

bool listed(std::span<const std::string_view> names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// Adds one item of `types=` to the query; false when it names no family or type.
bool add_type(EventQuery& query, std::string_view item) {
    std::string_view family = item;
    if (family.ends_with(".*")) {
        family.remove_suffix(2);
    }
    if (listed(kFamilies, family)) {
        if (std::find(query.families.begin(), query.families.end(), family) == query.families.end()) {
            query.families.emplace_back(family);
        }
        return true;
    }
    if (listed(kTypes, item)) {
        if (std::find(query.types.begin(), query.types.end(), item) == query.types.end()) {
            query.types.emplace_back(item);
        }
        return true;
    }
    return false;
}

}  // namespace

std::span<const std::string_view> event_families() noexcept {
    return kFamilies;
}

std::span<const std::string_view> event_types() noexcept {
    return kTypes;
}

ApiResult<EventQuery> parse_event_query(const Request& request, store::RowId latest) {
    EventQuery query;
    query.after = latest;
    if (const std::string* last = request.header("last-event-id")) {
        const auto id = parse_id(trim(*last));
        if (!id) {
            return invalid("header 'Last-Event-ID' must be an event id (a non-negative integer), got '" +
                           *last + "'");
        }
        query.after = *id;
    } else if (const std::string* after = request.query_param("after")) {
        const auto id = parse_id(*after);
        if (!id) {
            return invalid("query parameter 'after' must be an event id (a non-negative integer), got '" +
                           *after + "'");
        }
        query.after = *id;
    }
    if (const std::string* run = request.query_param("run")) {
        const auto id = parse_id(*run);
        if (!id || *id == 0) {
            return invalid("query parameter 'run' must be a run id (a positive integer), got '" + *run + "'");
        }
        query.run = *id;
    }
    if (const std::string* types = request.query_param("types")) {
        std::string_view rest = *types;
        while (true) {
            const auto comma = rest.find(',');
            const std::string_view item = trim(rest.substr(0, comma));
            if (!add_type(query, item)) {
                return invalid("query parameter 'types': unknown event type '" + std::string(item) +
                               "' (families: run, step, task, livy; or a type such as step.failed, "
                               "see docs/engine.md)");
            }
            if (comma == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(comma + 1);
        }
    }
    return query;
}

std::string sse_message(const store::Event& event) {
    json::value payload = stored_json(event.payload_json);
    json::value step = nullptr;
    if (const auto* object = payload.if_object()) {
        if (const auto* id = object->if_contains("step"); id && id->is_string()) {
            step = *id;
        }
    }
    const json::object data{
        {"id", event.id},     {"run", event.run_id},      {"step", std::move(step)},
        {"type", event.type}, {"at", iso_time(event.at)}, {"payload", std::move(payload)},
    };
    // Types are the engine's own names (no line breaks); JSON text never holds a raw newline.
    std::string out = "id: " + std::to_string(event.id) + "\nevent: " + event.type + "\ndata: ";
    out += json::serialize(data);
    out += "\n\n";
    return out;
}

boost::asio::awaitable<void> EventStream::run(StreamSink& sink) {
    store::EventFeedFilter filter;
    filter.after_id = query_.after;
    filter.run_id = query_.run;
    filter.types = query_.types;
    filter.families = query_.families;
    filter.limit = batch_;
    const StreamSettings& settings = sink.settings();
    auto last_write = std::chrono::steady_clock::now();
    while (!sink.closed()) {
        const auto events = store_.runs().feed_events(filter).value();
        if (!events.empty()) {
            std::string batch;
            for (const store::Event& event : events) {
                batch += sse_message(event);
            }
            filter.after_id = events.back().id;
            if (!co_await sink.write(std::move(batch))) {
                co_return;
            }
            last_write = std::chrono::steady_clock::now();
            if (events.size() == static_cast<std::size_t>(batch_)) {
                continue;  // more are waiting
            }
        }
        const auto now = std::chrono::steady_clock::now();
        const auto quiet = std::chrono::duration_cast<std::chrono::milliseconds>(now - last_write);
        if (quiet >= settings.heartbeat) {
            if (!co_await sink.write(": keep-alive\n\n")) {
                co_return;
            }
            last_write = now;
            continue;
        }
        co_await sink.pause(std::min(settings.poll, settings.heartbeat - quiet));
    }
}

}  // namespace steward::api
