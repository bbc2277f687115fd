#pragma once

// GET /api/events (docs/api.md, "Live events"): the runs' history as Server-Sent Events, read from
// the store's `events` table in id order, so a client that reconnects with `Last-Event-ID` misses
// nothing and sees nothing twice.

#include "orchestrator/api/errors.hpp"
#include "orchestrator/api/message.hpp"
#include "orchestrator/api/stream.hpp"
#include "orchestrator/store/records.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace steward::store {
class Store;
}

namespace steward::api {

/// What a client asked of the event stream.
struct EventQuery {
    store::RowId after = 0;             ///< send events with a larger id
    std::optional<store::RowId> run;    ///< only this run's events
    std::vector<std::string> types;     ///< exact types; with `families` empty = every type
    std::vector<std::string> families;  ///< "run", "step", "task", "livy": every type of the family
};

/// The event families (`types=run` or `types=run.*`) and the types the engine records
/// (docs/engine.md, "Events"), which `types=` accepts. Static data.
[[nodiscard]] std::span<const std::string_view> event_families() noexcept;
[[nodiscard]] std::span<const std::string_view> event_types() noexcept;

/// Reads the stream's parameters: the cursor from the `Last-Event-ID` header, else the `after`
/// query parameter, else `latest` (only events committed from now on); `run` (a run id) and
/// `types` (a comma list of families and types). Errors: Errc::invalid_param naming the
/// parameter and the bad value. Pure.
[[nodiscard]] ApiResult<EventQuery> parse_event_query(const Request& request, store::RowId latest);

/// One SSE message: `id:`, `event:` (the type) and `data:` with one JSON line
/// `{"id","run","step","type","at","payload"}` (`step`: the step's id, or null for a run event),
/// then a blank line. Pure.
[[nodiscard]] std::string sse_message(const store::Event& event);

/// The producer of one client's stream: reads the next batch (at most `batch` events) after its
/// cursor from the store, writes it as one bounded write, and when there is nothing new pauses
/// for `StreamSettings::poll` (or until woken), sending `: keep-alive` when nothing was written
/// for `StreamSettings::heartbeat`. Ends when the sink closes. Store failures throw (the server
/// logs them and closes the stream).
class EventStream final : public StreamProducer {
public:
    EventStream(store::Store& store, EventQuery query, int batch = 200) noexcept
        : store_(store), query_(std::move(query)), batch_(batch) {}

    boost::asio::awaitable<void> run(StreamSink& sink) override;

private:
    store::Store& store_;
    EventQuery query_;
    int batch_;
};

}  // namespace steward::api
