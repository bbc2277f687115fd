#pragma once

// The web UI compiled into the binary: a table generated at build time from `ui/build.mjs`'s
// output (orchestrator/api/ui_assets.cmake), and the `AssetSource` that serves it.

#include "orchestrator/api/static_site.hpp"

#include <cstddef>
#include <span>
#include <string_view>

namespace steward::api {

/// One file of the built UI as the generated table holds it. Static data.
struct EmbeddedFile {
    std::string_view path;          ///< the URL path: "/index.html", "/assets/main-X.js"
    std::string_view content_type;  ///< from the build's manifest
    bool immutable = false;         ///< a content-hashed name
    std::string_view sha256;        ///< hex SHA-256 of `raw`
    std::string_view raw;           ///< the bytes
    std::string_view gzip;          ///< their gzip copy; empty when the build made none
};

/// The table of the UI built with this binary (ui/build.mjs), in the manifest's order. Defined by the
/// generated source of library `orch_ui_assets`; link it to use this. Thread-safe (static data).
[[nodiscard]] std::span<const EmbeddedFile> embedded_ui_files() noexcept;

/// Serves a table of embedded files: the ETag is the SHA-256, the bytes are copied per request.
/// Threading: immutable after construction, so any thread.
class EmbeddedAssetSource final : public AssetSource {
public:
    /// `files` must outlive the source (the generated table lives as long as the program).
    explicit EmbeddedAssetSource(std::span<const EmbeddedFile> files) noexcept : files_(files) {}

    [[nodiscard]] std::optional<AssetInfo> find(std::string_view path) const override;
    [[nodiscard]] std::optional<std::string> read(std::string_view path, bool gzip) const override;
    /// How many files the table holds.
    [[nodiscard]] std::size_t size() const noexcept { return files_.size(); }

private:
    [[nodiscard]] const EmbeddedFile* lookup(std::string_view path) const noexcept;

    std::span<const EmbeddedFile> files_;
};

}  // namespace steward::api
