// `steward backup`: an online copy of the database with SQLite's backup API (docs/server.md).
#include "orchestrator/app/backup_command.hpp"

#include "orchestrator/app/admin_support.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/store/backup.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>

namespace steward::app {
namespace {

constexpr std::string_view kBackupUsage =
    "Usage: steward backup FILE [--config FILE] [--force] [--quiet] [--pages-per-step N]\n"
    "\n"
    "Writes a consistent copy of the server's database (store.path in the config) to FILE with\n"
    "SQLite's online backup API. Safe while `steward serve` runs and writes: the copy is the state\n"
    "of one commit, and the server is never blocked. It is written as FILE.partial, synced and\n"
    "renamed, so FILE is never half-written. Progress goes to stderr (--quiet: none).\n"
    "\n"
    "  --force             replace FILE if it exists (refused otherwise)\n"
    "  --pages-per-step N  pages copied per step (default 256)\n"
    "\n"
    "Restore: stop the server, move the copy to store.path (delete any steward.db-wal and\n"
    "steward.db-shm next to it), start the server. docs/server.md, \"Backup and restore\".\n"
    "\n"
    "Exit status: 0 copied; 1 the backup failed (no database, FILE exists, cannot write, disk\n"
    "full); 2 usage or config error.\n";

// fsync of the directory holding `file`, so that the rename that made it survives a power cut.
// Best effort: some file systems refuse to sync a directory.
void sync_directory_of(const std::string& file) {
    const std::filesystem::path path(file);
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        (void)::fsync(fd);
        ::close(fd);
    }
}

// `value` with `digits` decimals.
std::string fixed(double value, int digits) {
    std::ostringstream text;
    text << std::fixed << std::setprecision(digits) << value;
    return text.str();
}

std::string percent(const store::BackupProgress& p) {
    const double share =
        p.total_pages > 0 ? 100.0 * static_cast<double>(p.copied_pages) / static_cast<double>(p.total_pages)
                          : 100.0;
    return fixed(share, 0) + "%";
}

}  // namespace

int backup_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << kBackupUsage;
        return 0;
    }
    const auto a = parse_args(args, {"--config", "--pages-per-step"}, {"--force", "--quiet"}, "backup",
                              kBackupUsage, err);
    if (!a)
        return 2;
    if (a->positional.size() != 1 || a->positional.front().empty()) {
        err << "steward backup: expected one FILE to write the copy to\n" << kBackupUsage;
        return 2;
    }
    store::BackupOptions options;
    options.overwrite = a->flags.contains("--force");
    if (const auto pages = a->get("--pages-per-step")) {
        int n = 0;
        const auto [end, ec] = std::from_chars(pages->data(), pages->data() + pages->size(), n);
        if (ec != std::errc{} || end != pages->data() + pages->size() || n < 1 || n > 1'000'000) {
            err << "steward backup: --pages-per-step must be a number from 1 to 1000000, got '" << *pages
                << "'\n";
            return 2;
        }
        options.pages_per_step = n;
    }
    const auto config = admin_config(*a, err);
    if (!config)
        return 2;
    const std::string source = config->store.path.string();
    const std::string& destination = a->positional.front();
    const bool quiet = a->flags.contains("--quiet");
    auto last_report = std::chrono::steady_clock::now();
    int last_tenth = -1;
    options.on_progress = [&](const store::BackupProgress& p) {
        if (quiet)
            return;
        const auto now = std::chrono::steady_clock::now();
        const int tenth = p.total_pages > 0 ? static_cast<int>(10 * p.copied_pages / p.total_pages) : 10;
        if (tenth != last_tenth || now - last_report > std::chrono::seconds(2)) {
            err << "steward backup: " << percent(p) << " (" << p.copied_pages << " of " << p.total_pages
                << " pages)\n";
            last_tenth = tenth;
            last_report = now;
        }
    };
    const auto started = std::chrono::steady_clock::now();
    const auto done = store::backup_file(source, destination, options);
    if (!done) {
        err << "steward backup: " << done.error().message << "\n";
        return 1;
    }
    sync_directory_of(destination);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out << "backed up " << source << " to " << destination << ": " << done->pages << " pages ("
        << fixed(static_cast<double>(done->pages * done->page_size) / (1024.0 * 1024.0), 1) << " MiB) in "
        << fixed(seconds, 2) << " s\n";
    return 0;
}

int run_backup(std::span<const std::string_view> args) {
    return backup_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
