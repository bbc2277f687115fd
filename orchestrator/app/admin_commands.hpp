#pragma once

// The administration commands that work on the server's database directly (docs/security.md).

#include <ostream>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward user add|passwd|disable|enable|list|hash`. Exit 0, 1 (failure), 2 (usage or config).
int user_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
/// `steward token create|list|revoke`. The new token's secret is the only line on `out`.
int token_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);
/// `steward audit verify|list`. verify exits 1 when the chain is broken, naming the first bad row.
int audit_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// The commands on the process streams, for the command table.
int run_user(std::span<const std::string_view> args);
int run_token(std::span<const std::string_view> args);
int run_audit(std::span<const std::string_view> args);

}  // namespace steward::app
