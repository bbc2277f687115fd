// `steward audit`: check and read the hash-chained audit log (docs/security.md).
#include "orchestrator/app/admin_commands.hpp"
#include "orchestrator/app/admin_support.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/engine/run_lookup.hpp"
#include "orchestrator/store/store.hpp"

#include <charconv>
#include <iostream>

namespace steward::app {
namespace {

constexpr std::string_view kAuditUsage =
    "Usage: steward audit verify [--config FILE]\n"
    "       steward audit list [--config FILE] [--after ID] [--limit N]\n"
    "\n"
    "verify recomputes the audit log's hash chain and names the first row that does not match\n"
    "(exit 1), else prints the number of rows and the head hash (exit 0); keep the head hash\n"
    "elsewhere to detect deleted newest rows. list prints rows oldest first (default 100).\n";

bool parse_count(const std::optional<std::string>& text, std::int64_t fallback, std::int64_t max,
                 std::int64_t& value) {
    value = fallback;
    if (!text)
        return true;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    return ec == std::errc{} && end == text->data() + text->size() && value >= 0 && value <= max;
}

}  // namespace

int audit_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args) || args.empty()) {
        (args.empty() ? err : out) << kAuditUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string_view action = args.front();
    const auto a =
        parse_args(args.subspan(1), {"--config", "--after", "--limit"}, {}, "audit", kAuditUsage, err);
    if (!a)
        return 2;
    if ((action != "verify" && action != "list") || !a->positional.empty()) {
        err << "steward audit: expected 'verify' or 'list'\n" << kAuditUsage;
        return 2;
    }
    std::int64_t after = 0;
    std::int64_t limit = 0;
    if (!parse_count(a->get("--after"), 0, INT64_MAX, after) ||
        !parse_count(a->get("--limit"), 100, 1000, limit) || limit < 1) {
        err << "steward audit: --after must be a row id and --limit a number from 1 to 1000\n";
        return 2;
    }
    const auto config = admin_config(*a, err);
    if (!config)
        return 2;
    auto db = open_admin_store(*config, "audit", err);
    if (!db)
        return 1;
    if (action == "verify") {
        const store::AuditVerification result = db->audit().verify_chain();
        if (!result.ok) {
            err << "steward audit: the chain is BROKEN: " << result.problem << "\n";
            return 1;
        }
        out << "audit log intact: " << result.rows_checked << " rows; head hash "
            << (result.head_hash.empty() ? "-" : result.head_hash) << "\n";
        return 0;
    }
    auto rows = db->audit().list(after, static_cast<int>(limit));
    if (!rows) {
        err << "steward audit: invalid page\n";
        return 2;
    }
    std::vector<std::vector<std::string>> table{{"ID", "AT", "ACTOR", "ACTION", "OBJECT", "DETAILS"}};
    for (const auto& row : *rows) {
        table.push_back({std::to_string(row.id), engine::iso_time(row.at), row.actor, row.action,
                         row.object_type + " " + row.object_id, row.details_json});
    }
    if (table.size() == 1) {
        out << "no audit rows\n";
        return 0;
    }
    print_table(out, table);
    return 0;
}

int run_audit(std::span<const std::string_view> args) {
    return audit_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
