#pragma once

// Data confinement for the step executors: may a local path be read under `data_roots`?

#include "orchestrator/engine/settings.hpp"

#include <filesystem>
#include <string>
#include <string_view>

namespace steward::engine::detail {

/// True when `path` (relative paths against the server's working directory) resolves, symbolic
/// links and `..` followed, inside one of `settings.data_roots`. Reads file metadata only, never
/// contents; the answer does not depend on whether the path exists. Thread-safe.
[[nodiscard]] bool inside_data_roots(const EngineSettings& settings, const std::filesystem::path& path);

/// The refusal: "SUBJECT: WHAT 'GIVEN' is outside the configured data_roots (config
/// 'data_roots')", with `given` exactly as the workflow or caller wrote it (cut when long) and
/// nothing read from the file system. Pure.
[[nodiscard]] std::string outside_data_roots(std::string_view subject, std::string_view what,
                                             std::string_view given);

}  // namespace steward::engine::detail
