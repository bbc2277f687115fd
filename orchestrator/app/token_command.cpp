// `steward token`: API tokens for automation (docs/security.md).
#include "orchestrator/app/admin_commands.hpp"
#include "orchestrator/app/admin_support.hpp"
#include "orchestrator/app/api_access.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/core/duration.hpp"
#include "orchestrator/engine/run_lookup.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/serialize.hpp>

#include <charconv>
#include <iostream>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kTokenUsage =
    "Usage: steward token create --user USER --scope SCOPE[,SCOPE...] [--workflow GLOB] [--expires 90d]\n"
    "                            [--name NAME]\n"
    "       steward token list [--all]\n"
    "       steward token revoke ID\n"
    "  (each takes [--config FILE]: default $STEWARD_CONFIG, else ./steward.yaml)\n"
    "\n"
    "API tokens let automation call the server: 'Authorization: Bearer TOKEN', or STEWARD_TOKEN\n"
    "for the steward client commands. A token acts as its user, narrowed to its scopes:\n"
    "  read, workflows:read, runs:read, runs:trigger, runs:cancel, tasks:read, tasks:answer,\n"
    "  models:read, models:promote, reports:read, metrics:read, admin\n"
    "--workflow limits runs:trigger to workflows matching a glob (churn-*). 'create' prints the\n"
    "token once, alone on standard output; only its SHA-256 hash is stored. 'list' shows last use;\n"
    "--all includes revoked tokens.\n";

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

std::vector<std::string> split_scopes(const std::vector<std::string>& values) {
    std::vector<std::string> out;
    for (const auto& value : values) {
        std::string_view rest = value;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            if (comma != 0)
                out.emplace_back(rest.substr(0, comma));
            if (comma == std::string_view::npos)
                break;
            rest.remove_prefix(comma + 1);
        }
    }
    return out;
}

std::string when(const std::optional<store::Millis>& at) {
    if (!at)
        return "-";
    return short_time(engine::iso_time(*at));
}

int create(const Args& a, const Config& config, store::Store& db, std::ostream& out, std::ostream& err) {
    ApiAccess access(db, config);
    auth::TokenRequest request;
    request.user = a.get("--user").value_or("");
    if (request.user.empty()) {
        err << "steward token: create needs --user\n" << kTokenUsage;
        return 2;
    }
    if (const auto it = a.values.find("--scope"); it != a.values.end())
        request.scopes = split_scopes(it->second);
    request.workflows = a.get("--workflow").value_or("");
    request.name = a.get("--name").value_or("");
    request.created_by = cli_actor();
    if (const auto expires = a.get("--expires")) {
        const auto lifetime = core::parse_duration(*expires);
        if (!lifetime) {
            err << "steward token: --expires: " << lifetime.error().message << "\n";
            return 2;
        }
        request.lifetime_ms = lifetime->count();
    }
    auto issued = access.auth.issue_token(request);
    if (!issued) {
        err << "steward token: " << issued.error().message << "\n";
        return 1;
    }
    access.auth.record(
        request.created_by, "token.create", "token", std::to_string(issued->id),
        json::serialize(json::object{{"user", request.user}, {"scopes", join(request.scopes)}}));
    out << issued->secret << "\n";
    err << "token " << issued->id << " for " << request.user << " (scopes " << join(request.scopes)
        << (request.workflows.empty() ? "" : "; workflows " + request.workflows) << "; expires "
        << when(issued->expires_at_ms) << " UTC): shown once, keep it secret\n";
    return 0;
}

int list(const Args& a, store::Store& db, std::ostream& out) {
    std::vector<std::vector<std::string>> rows{
        {"ID", "USER", "NAME", "SCOPES", "WORKFLOWS", "CREATED", "EXPIRES", "LAST USED", "REVOKED"}};
    for (const auto& token : db.tokens().list(a.flags.contains("--all"))) {
        rows.push_back({std::to_string(token.id), token.user, token.name.empty() ? "-" : token.name,
                        join(token.scopes), token.workflows.empty() ? "*" : token.workflows,
                        when(token.created_at), when(token.expires_at), when(token.last_used_at),
                        when(token.revoked_at)});
    }
    if (rows.size() == 1) {
        out << "no tokens\n";
        return 0;
    }
    print_table(out, rows);
    return 0;
}

}  // namespace

int token_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args) || args.empty()) {
        (args.empty() ? err : out) << kTokenUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string_view action = args.front();
    const auto a =
        parse_args(args.subspan(1), {"--config", "--user", "--scope", "--workflow", "--expires", "--name"},
                   {"--all"}, "token", kTokenUsage, err);
    if (!a)
        return 2;
    if (action != "create" && action != "list" && action != "revoke") {
        err << "steward token: unknown action '" << action << "' (create, list, revoke)\n" << kTokenUsage;
        return 2;
    }
    if (a->positional.size() != (action == "revoke" ? 1U : 0U)) {
        err << "steward token: " << (action == "revoke" ? "revoke takes one token id" : "unexpected argument")
            << "\n"
            << kTokenUsage;
        return 2;
    }
    const auto config = admin_config(*a, err);
    if (!config)
        return 2;
    auto db = open_admin_store(*config, "token", err);
    if (!db)
        return 1;
    if (action == "create")
        return create(*a, *config, *db, out, err);
    if (action == "list")
        return list(*a, *db, out);
    const std::string& text = a->positional.front();
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc{} || end != text.data() + text.size() || id <= 0) {
        err << "steward token: revoke: '" << text << "' is not a token id\n";
        return 2;
    }
    ApiAccess access(*db, *config);
    if (!access.auth.revoke_token(id)) {
        err << "steward token: no token " << id << "\n";
        return 1;
    }
    access.auth.record(cli_actor(), "token.revoke", "token", std::to_string(id), "{}");
    out << "token " << id << " revoked\n";
    return 0;
}

int run_token(std::span<const std::string_view> args) {
    return token_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
