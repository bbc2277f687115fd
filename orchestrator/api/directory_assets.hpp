#pragma once

// The web UI from a directory (`steward serve --ui-dir DIR`, for working on the UI with
// `node ui/build.mjs --outdir DIR --dev --watch`): files are looked up and read per request.

#include "orchestrator/api/static_site.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace steward::api {

/// Serves the files under one directory. Every lookup re-reads the file system, so a rebuild is
/// served at once. The ETag is the file's size and modification time; nothing is `immutable`
/// (every response says `no-cache`, so the browser revalidates). A path is refused (as absent)
/// when `is_safe_ui_path` refuses it, when it resolves (through symbolic links too) outside the
/// directory, or when it is not a regular file. `FILE.gz` is served as the gzip copy of FILE
/// when it is at least as new. Threading: immutable after construction; blocking file reads.
class DirectoryAssetSource final : public AssetSource {
public:
    /// The source for `dir`, or nullopt with `error` set to one sentence naming `dir` when it is
    /// missing or not a directory. Never throws but bad_alloc.
    [[nodiscard]] static std::optional<DirectoryAssetSource> open(const std::filesystem::path& dir,
                                                                  std::string& error);

    [[nodiscard]] std::optional<AssetInfo> find(std::string_view path) const override;
    [[nodiscard]] std::optional<std::string> read(std::string_view path, bool gzip) const override;
    /// The directory, made absolute and canonical.
    [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

private:
    explicit DirectoryAssetSource(std::filesystem::path root) : root_(std::move(root)) {}
    /// The regular file a URL path names inside `root_`, or nullopt.
    [[nodiscard]] std::optional<std::filesystem::path> resolve(std::string_view path) const;
    /// The gzip sibling of `file` when it exists and is not older, or nullopt.
    [[nodiscard]] static std::optional<std::filesystem::path> gzip_of(const std::filesystem::path& file);

    std::filesystem::path root_;
};

}  // namespace steward::api
