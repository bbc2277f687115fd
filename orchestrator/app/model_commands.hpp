#pragma once

// CLI commands for the model registry of a running server over the HTTP API (docs/api.md, "Model
// registry"; docs/cli.md): `steward models`, `steward model show`, `steward model promote`.

#include <ostream>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward models [--server URL] [--token-file F] [--limit N] [--offset N] [--json]`: the
/// registry's models as a table (versions, latest version, aliases, latest report's headline
/// figures). Exit status: 0, 1 when the server cannot be reached or refuses (one line on `err`
/// naming the HTTP status and the server's message), 2 usage error. Blocking; never throws.
int models_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `steward model show MODEL [VERSION] [--json]`: a model's versions, aliases and alias history, or
/// one version's lineage and reports. `steward model promote MODEL VERSION --alias A [--expected V]`:
/// points alias A at the version (permission promote). Exit status as `models_main`.
int model_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// Entry points on stdout/stderr.
int run_models(std::span<const std::string_view> args);
int run_model(std::span<const std::string_view> args);

}  // namespace steward::app
