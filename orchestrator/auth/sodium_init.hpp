#pragma once

namespace steward::auth {

/// Initialises libsodium once per process (sodium_init); later calls return at once. Every function
/// of this module that uses libsodium calls it first. Thread-safe (a function-local static).
/// Throws std::runtime_error if libsodium cannot initialise (no usable random source).
void ensure_sodium();

}  // namespace steward::auth
