// `steward user`: accounts in the server's database (docs/security.md).
#include "orchestrator/app/admin_commands.hpp"
#include "orchestrator/app/admin_support.hpp"
#include "orchestrator/app/api_access.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/auth/password.hpp"
#include "orchestrator/store/store.hpp"

#include <boost/json/serialize.hpp>

#include <iostream>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kUserUsage =
    "Usage: steward user add NAME [--role ROLE]... [--email E] [--no-password | --password-stdin]\n"
    "       steward user passwd NAME [--password-stdin]\n"
    "       steward user disable NAME | enable NAME\n"
    "       steward user list\n"
    "       steward user hash [--password-stdin]\n"
    "  (all but hash take [--config FILE]: default $STEWARD_CONFIG, else ./steward.yaml)\n"
    "\n"
    "Manages the accounts in the server's database; users listed in the config file need no 'add'\n"
    "(give them a password with 'passwd'). Passwords are read from the terminal without echo, or\n"
    "with --password-stdin as the first line of standard input; at least 12 characters. They are\n"
    "stored as Argon2id hashes only. Changing a password or disabling a user ends their sessions;\n"
    "disabling also revokes their API tokens. 'hash' prints a hash for a config file's\n"
    "users.NAME.password_hash. Every change is written to the audit log.\n";

int fail(std::ostream& err, const std::string& message) {
    err << "steward user: " << message << "\n";
    return 1;
}

int usage_error(std::ostream& err, const std::string& message) {
    err << "steward user: " << message << "\n" << kUserUsage;
    return 2;
}

std::string roles_text(const std::vector<std::string>& roles) {
    std::string out;
    for (const auto& role : roles) out += (out.empty() ? "" : ",") + role;
    return out.empty() ? "-" : out;
}

int list_users(const Config& config, store::Store& db, std::ostream& out) {
    ApiAccess access(db, config);
    std::vector<std::vector<std::string>> rows{{"USER", "ROLES", "PASSWORD", "STATE", "FROM"}};
    std::set<std::string, std::less<>> names;
    for (const auto& [name, user] : config.users) names.insert(name);
    for (const auto& account : db.accounts().list()) names.insert(account.name);
    for (const auto& name : names) {
        const auto account = access.auth.account(name);
        const bool in_config = config.users.contains(name);
        const bool in_db = db.accounts().get(name).has_value();
        rows.push_back({name, roles_text(account->roles), account->has_password ? "set" : "-",
                        account->disabled ? "disabled" : "enabled",
                        in_config && in_db ? "config+db"
                        : in_config        ? "config"
                                           : "db"});
    }
    print_table(out, rows);
    return 0;
}

}  // namespace

int user_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args) || args.empty()) {
        (args.empty() ? err : out) << kUserUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string_view action = args.front();
    const auto a = parse_args(args.subspan(1), {"--config", "--role", "--email"},
                              {"--password-stdin", "--no-password"}, "user", kUserUsage, err);
    if (!a)
        return 2;
    const bool needs_name =
        action == "add" || action == "passwd" || action == "disable" || action == "enable";
    if (needs_name && a->positional.size() != 1)
        return usage_error(err, "'" + std::string(action) + "' takes one user name");
    if (!needs_name && !a->positional.empty())
        return usage_error(err, "unexpected argument '" + a->positional.front() + "'");
    if (action == "hash") {
        const auto password = read_new_password(a->flags.contains("--password-stdin"), "user", err);
        if (!password)
            return 1;
        out << auth::hash_password(*password) << "\n";
        return 0;
    }
    if (!needs_name && action != "list")
        return usage_error(
            err, "unknown action '" + std::string(action) + "' (add, passwd, disable, enable, list, hash)");
    const auto config = admin_config(*a, err);
    if (!config)
        return 2;
    auto db = open_admin_store(*config, "user", err);
    if (!db)
        return 1;
    if (action == "list")
        return list_users(*config, *db, out);

    const std::string& name = a->positional.front();
    const std::int64_t now = system_now_ms();
    const std::string actor = cli_actor();
    if (action == "add") {
        store::Account account;
        account.name = name;
        account.created_at = now;
        account.credentials_changed_at = now;
        if (const auto it = a->values.find("--role"); it != a->values.end())
            account.roles = it->second;
        for (const auto& role : account.roles) {
            if (!config->roles.empty() && !config->roles.contains(role))
                return fail(err,
                            "role '" + role + "' is not declared under roles in " + config->file.string());
        }
        account.email = a->get("--email").value_or("");
        if (!a->flags.contains("--no-password")) {
            const auto password = read_new_password(a->flags.contains("--password-stdin"), "user", err);
            if (!password)
                return 1;
            account.password_hash = auth::hash_password(*password);
        }
        if (auto created = db->accounts().create(account); !created) {
            return fail(err, created.error() == store::Errc::duplicate
                                 ? "user '" + name + "' already exists in the database"
                                 : "invalid user name '" + name + "' (letters, digits, . _ @ -; at most 64)");
        }
        (void)db->audit().append(now, actor, "user.add", "user", name,
                                 json::serialize(json::object{{"roles", roles_text(account.roles)}}));
        out << "user " << name << " added (roles: " << roles_text(account.roles) << ")\n";
        return 0;
    }
    if (action == "passwd") {
        ApiAccess access(*db, *config);
        if (!access.auth.account(name))
            return fail(err, "no user '" + name + "' in the config or the database");
        const auto password = read_new_password(a->flags.contains("--password-stdin"), "user", err);
        if (!password)
            return 1;
        db->accounts().set_password(name, auth::hash_password(*password), now);
        (void)db->audit().append(now, actor, "user.passwd", "user", name, "{}");
        out << "password of " << name << " changed; their sessions were ended\n";
        return 0;
    }
    const bool disable = action == "disable";
    if (!db->accounts().get(name)) {
        ApiAccess access(*db, *config);
        if (!access.auth.account(name))
            return fail(err, "no user '" + name + "' in the config or the database");
        store::Account account;  // a config user: the database row carries the flag
        account.name = name;
        account.created_at = now;
        account.credentials_changed_at = now;
        (void)db->accounts().create(account);
    }
    if (auto done = db->accounts().set_disabled(name, disable, now); !done)
        return fail(err, "no user '" + name + "'");
    (void)db->audit().append(now, actor, disable ? "user.disable" : "user.enable", "user", name, "{}");
    out << "user " << name
        << (disable ? " disabled; their sessions and API tokens were revoked\n" : " enabled\n");
    return 0;
}

int run_user(std::span<const std::string_view> args) {
    return user_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
