#pragma once

// The headers every HTTP response carries, API and UI alike (docs/security.md, docs/ui.md): the
// UI's scripts, styles, images and requests come only from this server, no page may frame it,
// and browsers must not guess content types.

#include <array>
#include <string_view>
#include <utility>

namespace steward::api {

/// `Content-Security-Policy`: everything from this origin only, `data:` images (icons), no inline
/// script or style, no framing, no `<base>`, forms posting only here.
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/// Name and value of each header the server adds to every response (a response's own headers
/// of the same name replace them).
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kSecurityHeaders{{
    {"Content-Security-Policy", kContentSecurityPolicy},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "same-origin"},
}};

}  // namespace steward::api
