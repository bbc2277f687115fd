#pragma once

// Data confinement (docs/configuration.md, `data_roots`): whether a local path lies inside one of
// the directories the server may read data from, after resolving `..`, `.` and symbolic links.

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace steward::core {

/// The path resolved as the operating system would: made absolute (against the current
/// directory), every existing component's symbolic links followed, `.` and `..` removed
/// (`std::filesystem::weakly_canonical`). Empty when it cannot be resolved (a component that
/// cannot be examined, e.g. a directory without search permission). Reads the file system;
/// thread-safe.
[[nodiscard]] std::filesystem::path resolve_path(const std::filesystem::path& path);

/// True when `path`, resolved, is one of `roots` (resolved the same way) or lies below one,
/// compared whole component by component (`/data2` is not inside `/data`). A path that cannot be
/// resolved, an empty path and an empty `roots` give false. The answer does not depend on whether
/// `path` exists. Reads the file system (metadata only, never file contents); thread-safe.
[[nodiscard]] bool is_inside_roots(const std::filesystem::path& path,
                                   std::span<const std::filesystem::path> roots);

/// True when the already resolved `path` equals `root` or lies below it (pure, lexical).
[[nodiscard]] bool is_within(const std::filesystem::path& path, const std::filesystem::path& root);

/// "'TEXT'" for an error message: the path as the user wrote it, at most `max_chars` characters
/// (longer text ends in "..."), control characters as '?'. Pure.
[[nodiscard]] std::string quote_given_path(std::string_view text, std::size_t max_chars = 160);

}  // namespace steward::core
