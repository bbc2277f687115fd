#pragma once

// The web UI's files over HTTP (docs/ui.md, "Serving and building"): which paths belong to the UI,
// caching and validators, gzip, and the fallback of client-side routes to index.html. Pure: the
// bytes come from an `AssetSource` (the table compiled into the binary, or a directory).

#include "orchestrator/api/message.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace steward::api {

/// What a source knows about one UI file before its bytes are read.
struct AssetInfo {
    std::string content_type;  ///< "text/javascript; charset=utf-8", ...
    bool immutable = false;    ///< a content-hashed name: cached for a year, never revalidated
    std::string etag;          ///< the strong validator of the raw bytes, without quotes
    bool has_gzip = false;     ///< a gzip copy of the same bytes can be read
};

/// Where the UI's files come from. Paths are decoded URL paths ("/assets/main-X.js"); a source
/// answers nullopt for a path it does not hold and for any path it considers unsafe.
/// Threading: called on the io_context thread; implementations may block briefly (file reads).
class AssetSource {
public:
    virtual ~AssetSource() = default;
    /// The file at `path`, or nullopt.
    [[nodiscard]] virtual std::optional<AssetInfo> find(std::string_view path) const = 0;
    /// The bytes of the file at `path` (its gzip copy when `gzip`), or nullopt when it is gone.
    [[nodiscard]] virtual std::optional<std::string> read(std::string_view path, bool gzip) const = 0;
};

/// True for the paths the UI answers: everything but `/api`, `/api/...` and `/metrics`. Pure.
[[nodiscard]] bool is_ui_path(std::string_view path) noexcept;

/// True when a decoded UI path is safe to look up: it starts with '/', and no segment is empty
/// (except the last), `.`, `..`, starts with '.', or holds a NUL or a backslash. Pure.
[[nodiscard]] bool is_safe_ui_path(std::string_view path) noexcept;

/// True when an Accept-Encoding header value accepts gzip (`gzip` or `*` with a q above 0). Pure.
[[nodiscard]] bool accepts_gzip(std::string_view accept_encoding) noexcept;

/// True when an If-None-Match header value names `etag` (weak comparison; `*` matches). Pure.
[[nodiscard]] bool etag_matches(std::string_view if_none_match, std::string_view etag) noexcept;

/// The answer to a request for a UI path (`is_ui_path`): GET and HEAD only (405 with `Allow`
/// otherwise); 400 for an unsafe path; an existing file with its `ETag`, `Cache-Control`
/// (`public, max-age=31536000, immutable` for immutable files, `no-cache` otherwise), gzip
/// (`Content-Encoding`) when the client accepts it, `Vary: Accept-Encoding`, and 304 when
/// `If-None-Match` names it; a path without a file (`/` is `/index.html`) is a client-side route
/// (`/runs/12`, `/models/risk:churn`) and gets index.html, unless it is under `/assets/` or its
/// last segment ends in a web file extension (`.js`, `.css`, `.ico`, `.txt`, ...): then it is 404
/// (a missing asset is never index.html). The body is complete for HEAD too (the server sends only its
/// length). Never throws but bad_alloc (and what the source throws).
[[nodiscard]] Response serve_ui(const AssetSource& source, const Request& request);

}  // namespace steward::api
