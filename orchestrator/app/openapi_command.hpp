#pragma once

#include <ostream>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward openapi`: prints the API's OpenAPI 3.1 document (the one `GET /api/openapi.json`
/// serves) on `out`, one line. Returns 0, 2 on a usage error (any argument but --help).
int print_openapi(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// The `steward openapi` entry point: `print_openapi` on stdout/stderr.
int run_openapi(std::span<const std::string_view> args);

}  // namespace steward::app
