#pragma once

// Helpers shared by the administration commands that work on the server's database directly
// (`steward user`, `steward token`, `steward audit`): the config, the store, passwords, the actor.

#include "orchestrator/app/client_support.hpp"
#include "orchestrator/app/config.hpp"

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace steward::store {
class Store;
}

namespace steward::app {

/// The config named by --config, else $STEWARD_CONFIG, else ./steward.yaml. On a problem writes
/// the ConfigError line to `err` and returns nothing.
[[nodiscard]] std::optional<Config> admin_config(const Args& args, std::ostream& err);

/// Opens the config's database (creating and migrating it like `steward serve`). On failure
/// writes "steward COMMAND: ..." to `err` and returns nullptr.
[[nodiscard]] std::unique_ptr<store::Store> open_admin_store(const Config& config, std::string_view command,
                                                             std::ostream& err);

/// Reads a new password: the first line of stdin with `from_stdin`, else prompted twice on the
/// terminal without echo. Checks its strength. On a problem writes one line to `err` (never the
/// password) and returns nothing.
[[nodiscard]] std::optional<std::string> read_new_password(bool from_stdin, std::string_view command,
                                                           std::ostream& err);

/// Who runs an admin command, for the audit log: "cli:" + $USER (or "cli").
[[nodiscard]] std::string cli_actor();

}  // namespace steward::app
