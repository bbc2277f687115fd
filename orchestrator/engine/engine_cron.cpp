// Cron triggers: each `triggers: - cron:` of a workflow added to the engine starts a run at its
// fire times. The last fire of each trigger is an audit row (object "cron_trigger"), written in
// the same transition as the run it created, so a restart neither fires twice nor forgets: a
// fire missed while the server was down happens once, at start.

#include "orchestrator/engine/engine_impl.hpp"
#include "orchestrator/engine/json_values.hpp"
#include "orchestrator/engine/run_lookup.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>

#include <spdlog/spdlog.h>

namespace steward::engine {

namespace asio = boost::asio;
namespace json = boost::json;

namespace {

struct CronEntry {
    WorkflowVersion version;
    std::size_t index = 0;
    std::string key;         ///< audit object id: "<workflow>#<index> <cron> <zone>"
    store::Millis next = 0;  ///< the next fire time; -1 when the schedule never fires
};

std::optional<store::Millis> next_fire(const core::Trigger& trigger, store::Millis after) {
    const auto seconds = std::chrono::sys_seconds(std::chrono::seconds(after / 1000));
    const auto next = trigger.cron.next_after(seconds, trigger.zone);
    if (!next) {
        return std::nullopt;
    }
    return std::chrono::duration_cast<std::chrono::milliseconds>(next->time_since_epoch()).count();
}

std::optional<store::Millis> last_fire(store::Store& store, const std::string& key) {
    const auto rows = store.audit().list_for_object("cron_trigger", key);
    if (rows.empty()) {
        return std::nullopt;
    }
    const auto details = object_from_text(rows.back().details_json);
    const auto* at = details.if_contains("fire_at");
    return at != nullptr && at->is_int64() ? std::optional<store::Millis>(at->get_int64()) : std::nullopt;
}

std::vector<CronEntry> build_entries(Engine::Impl& impl) {
    std::vector<CronEntry> entries;
    const store::Millis now = impl.services.clock.now();
    for (const auto& version : impl.catalog.added()) {
        for (std::size_t i = 0; i < version.spec->triggers.size(); ++i) {
            const auto& trigger = version.spec->triggers[i];
            CronEntry entry;
            entry.version = version;
            entry.index = i;
            entry.key = version.spec->name + "#" + std::to_string(i) + " " + trigger.cron.text() + " " +
                        std::string(core::to_string(trigger.zone));
            // From the last fire (a fire missed while down is due at once), else from now.
            const auto base = last_fire(impl.services.store, entry.key).value_or(now);
            entry.next = next_fire(trigger, base).value_or(-1);
            if (entry.next >= 0) {
                entries.push_back(std::move(entry));
            }
        }
    }
    return entries;
}

void fire(Engine::Impl& impl, CronEntry& entry) {
    const auto& trigger = entry.version.spec->triggers[entry.index];
    detail::Transition t(impl.services, nullptr);
    auto run_id = impl.create_run(t, entry.version, trigger.params, "cron");
    json::object details{
        {"fire_at", entry.next}, {"workflow", entry.version.spec->name}, {"cron", trigger.cron.text()}};
    if (run_id) {
        details["run_id"] = *run_id;
    } else {
        details["error"] = run_id.error().message;
    }
    (void)t.store().audit().append(t.now(), "cron", "cron.fired", "cron_trigger", entry.key,
                                   json_text(details));
    t.commit();
    auto log = spdlog::get("engine") ? spdlog::get("engine") : spdlog::default_logger();
    if (run_id) {
        log->info("run_id={} workflow={} started by cron '{}' (fire time {})", *run_id,
                  entry.version.spec->name, trigger.cron.text(), iso_time(entry.next));
        impl.spawn(std::make_unique<detail::ActiveRun>(impl.executor, *run_id, entry.version.spec));
    } else {
        log->warn("workflow={} cron '{}' could not start a run: {}", entry.version.spec->name,
                  trigger.cron.text(), run_id.error().message);
    }
    // After a long outage, missed fires collapse into the one just made.
    const store::Millis base = std::max(entry.next, impl.services.clock.now());
    entry.next = next_fire(trigger, base).value_or(-1);
}

}  // namespace

asio::awaitable<void> Engine::Impl::cron_loop() {
    using namespace asio::experimental::awaitable_operators;
    std::vector<CronEntry> entries = build_entries(*this);
    while (!stopping) {
        store::Millis earliest = -1;
        for (const auto& entry : entries) {
            if (entry.next >= 0 && (earliest < 0 || entry.next < earliest)) {
                earliest = entry.next;
            }
        }
        if (earliest < 0) {
            co_await cron_wakeup.wait();
            entries = build_entries(*this);
            continue;
        }
        auto woke = co_await (services.clock.wait_until(earliest) || cron_wakeup.wait());
        if (stopping) {
            co_return;
        }
        if (woke.index() == 1) {
            entries = build_entries(*this);  // a workflow was added or changed
            continue;
        }
        const store::Millis now = services.clock.now();
        for (auto& entry : entries) {
            if (entry.next >= 0 && entry.next <= now) {
                fire(*this, entry);
            }
        }
    }
}

}  // namespace steward::engine
