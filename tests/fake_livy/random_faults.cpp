#include "tests/fake_livy/random_faults.hpp"

#include <algorithm>
#include <chrono>
#include <numeric>

namespace steward::fake_livy {

namespace {

constexpr const char* kUnavailable = R"({"msg":"fault injected: service unavailable"})";

}  // namespace

RandomFaults::RandomFaults(FakeLivy& fake, double rate, std::uint64_t seed)
    : fake_(fake), rate_(rate), random_(seed) {
    enabled_ = rate_ > 0;
    if (enabled_) {
        draw();
    }
}

unsigned RandomFaults::gap(double p) {
    if (p <= 0) {
        return 1'000'000'000;
    }
    std::geometric_distribution<unsigned> distribution(std::min(p, 1.0));
    return 1 + distribution(random_);
}

void RandomFaults::draw() {
    fake_.clear_faults();
    const auto hold = std::chrono::milliseconds(std::uniform_int_distribution<int>(200, 3000)(random_));
    fake_.add_fault(reply_fault("GET", "", 503, kUnavailable, gap(rate_)));
    fake_.add_fault(delay_fault("GET", "", hold, gap(rate_ / 2)));
    for (const char* path : {"/batches", "/sessions"}) {
        fake_.add_fault(reply_fault("POST", path, 503, kUnavailable, gap(rate_ / 2)));
        fake_.add_fault(action_fault(FaultAction::drop_after_processing, "POST", path, gap(rate_ / 4)));
    }
    fake_.add_fault(reply_fault("DELETE", "", 503, kUnavailable, gap(rate_)));
}

void RandomFaults::tick() {
    if (!enabled_) {
        return;
    }
    const auto fired = fake_.faults_fired();
    const auto n = std::accumulate(fired.begin(), fired.end(), std::uint64_t{0});
    if (n > 0) {
        injected_ += n;
        draw();
    }
}

void RandomFaults::disable() {
    enabled_ = false;
    fake_.clear_faults();
}

}  // namespace steward::fake_livy
