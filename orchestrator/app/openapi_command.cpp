// `steward openapi`: the API's contract without a running server (docs/api.md).
#include "orchestrator/app/openapi_command.hpp"

#include "orchestrator/api/openapi_document.hpp"
#include "orchestrator/app/cli.hpp"

#include <iostream>

namespace steward::app {
namespace {

constexpr std::string_view kOpenApiUsage =
    "Usage: steward openapi\n"
    "\n"
    "Prints the HTTP API's OpenAPI 3.1 document as JSON, the same one a running server serves\n"
    "at GET /api/openapi.json.\n";

}  // namespace

int print_openapi(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kOpenApiUsage;
        return 0;
    }
    if (!args.empty()) {
        const std::string_view arg = args.front();
        err << "steward openapi: "
            << (arg.starts_with('-') ? unknown_option(arg, {})
                                     : "unexpected argument '" + std::string(arg) + "'")
            << "\n"
            << kOpenApiUsage;
        return 2;
    }
    out << api::openapi_document_text() << "\n";
    return out ? 0 : 1;
}

int run_openapi(std::span<const std::string_view> args) {
    return print_openapi(args, std::cout, std::cerr);
}

}  // namespace steward::app
