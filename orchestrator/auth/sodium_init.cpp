#include "orchestrator/auth/sodium_init.hpp"

#include <sodium.h>

#include <stdexcept>

namespace steward::auth {

void ensure_sodium() {
    // sodium_init() returns 0 the first time, 1 when already done, -1 on failure.
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        throw std::runtime_error("auth: libsodium could not be initialised (no random source?)");
    }
}

}  // namespace steward::auth
