#include "orchestrator/engine/livy_outage.hpp"

#include "orchestrator/engine/doubling_delay.hpp"
#include "orchestrator/engine/livy_common.hpp"
#include "orchestrator/store/store.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

namespace steward::engine::detail {

namespace asio = boost::asio;

bool is_outage(const livy::Error& error) noexcept {
    switch (error.code) {
        case livy::Errc::timeout:
        case livy::Errc::connection: return true;
        case livy::Errc::http_status: return error.http_status >= 500;
        default: return false;
    }
}

std::chrono::milliseconds outage_delay(const EngineSettings& settings, int failures) noexcept {
    const auto interval = std::max(settings.livy_poll_interval, std::chrono::milliseconds(1));
    return doubling_delay(interval, std::max(interval, settings.livy_outage_max_backoff), failures);
}

asio::awaitable<void> LivyOutage::wait(StepCall& call, const livy::Error& error, bool backoff) {
    ++failures_;
    const auto delay =
        backoff ? outage_delay(call.services.settings, failures_) : call.services.settings.livy_poll_interval;
    {
        Transition t(call.services, &call.run);
        store::RunCondition condition;
        condition.kind = std::string(kLivyUnreachable);
        condition.detail = "Livy does not answer (" + error.describe() + "); try " +
                           std::to_string(failures_) + " failed, the next is at " +
                           iso_time(t.now() + delay.count());
        // A run that ended meanwhile has no condition (Errc::conflict): nothing to show then.
        (void)t.store().runs().set_condition(call.run.id, condition, t.now());
        t.commit();
    }
    if (failures_ == 1) {
        auto logger = spdlog::get("engine");
        (logger ? logger : spdlog::default_logger())
            ->warn("run_id={} step={} Livy does not answer, waiting with backoff: {}", call.run.id,
                   call.step.id, error.describe());
    }
    co_await pause_for(delay);
}

void LivyOutage::answered(StepCall& call) {
    if (failures_ == 0) {
        return;
    }
    failures_ = 0;
    Transition t(call.services, &call.run);
    auto run = t.store().runs().get_run(call.run.id);
    if (run && run->condition && run->condition->kind == kLivyUnreachable) {
        (void)t.store().runs().set_condition(call.run.id, std::nullopt, t.now());
    }
    t.commit();
}

}  // namespace steward::engine::detail
