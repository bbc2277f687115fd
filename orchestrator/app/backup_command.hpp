#pragma once

// `steward backup FILE`: a consistent online copy of the server's database (docs/server.md,
// "Backup and restore").

#include <ostream>
#include <span>
#include <string_view>

namespace steward::app {

/// `steward backup FILE [--config FILE] [--force] [--quiet] [--pages-per-step N]`: copies the
/// config's `store.path` to FILE with SQLite's backup API while a server may run and write.
/// Progress lines go to `err`, the summary to `out`. Exit 0 (copied), 1 (the backup failed: no
/// database, FILE exists without --force, cannot write, disk full), 2 (usage or config).
int backup_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err);

/// `backup_main` on the process streams, for the command table.
int run_backup(std::span<const std::string_view> args);

}  // namespace steward::app
