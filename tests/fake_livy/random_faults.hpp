#pragma once

#include "tests/fake_livy/fake_livy.hpp"

#include <cstdint>
#include <random>

namespace steward::fake_livy {

/// Random faults for the standalone server (`--fault-rate`, `--seed`), built on the fault plan: about
/// `rate` of the GETs answered 503 and `rate`/2 held back 0.2..3 s (some beyond a client's deadline);
/// of the creates (`POST /batches|/sessions`) about `rate`/2 answered 503 unprocessed and `rate`/4
/// processed but never answered (the object exists, the client does not know); of the DELETEs about
/// `rate` answered 503. The gaps between faults are geometric draws from a seeded generator, so a
/// seed replays the same fault sequence for the same request sequence.
class RandomFaults {
public:
    RandomFaults(FakeLivy& fake, double rate, std::uint64_t seed);
    /// Call often (every few ms) on the server's loop: once a fault fired, draws the next gaps.
    void tick();
    /// Stops injecting (clears the plan); `tick` then does nothing.
    void disable();
    /// Faults injected so far.
    std::uint64_t injected() const noexcept { return injected_; }

private:
    void draw();
    unsigned gap(double p);

    FakeLivy& fake_;
    double rate_;
    std::mt19937_64 random_;
    bool enabled_ = true;
    std::uint64_t injected_ = 0;
};

}  // namespace steward::fake_livy
