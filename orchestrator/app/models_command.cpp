// `steward models`, `steward model show` and `steward model promote` (docs/cli.md).
#include "orchestrator/app/api_client.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/app/client_support.hpp"
#include "orchestrator/app/model_commands.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <iomanip>
#include <iostream>
#include <sstream>

namespace steward::app {
namespace json = boost::json;
namespace {

constexpr std::string_view kConnection =
    "The server is --server, else $STEWARD_SERVER, else http://127.0.0.1:8080. The API token is read\n"
    "from --token-file, else $STEWARD_TOKEN ('steward token create --scope models:read'; promoting\n"
    "needs models:promote).\n";

constexpr std::string_view kModelsUsage =
    "Usage: steward models [--server URL] [--token-file F] [--limit N] [--offset N] [--json]\n"
    "\n"
    "Lists the registry's models: versions, the latest version, aliases and the latest report's\n"
    "headline figures (gini, ks, auc, score_psi).\n";

constexpr std::string_view kModelUsage =
    "Usage: steward model show MODEL [VERSION] [--server URL] [--token-file F] [--json]\n"
    "       steward model promote MODEL VERSION --alias A [--expected V|none] [--server URL]\n"
    "                                                     [--token-file F] [--json]\n"
    "\n"
    "show: a model's versions (with the run and step that registered each), aliases and who moved\n"
    "them; with VERSION, that version's lineage, metrics and reports.\n"
    "promote: points alias A (champion, challenger, ...) of MODEL at VERSION. --expected: only if the\n"
    "alias holds V now ('none': only if it is not set yet); else nothing moves (HTTP 409).\n"
    "MODEL is group:artifact; VERSION is major.minor.build (or group:artifact:major.minor.build).\n";

std::string usage(std::string_view text) {
    return std::string(text) + "\n" + std::string(kConnection);
}

/// A number with three decimals, or "" for null/absent.
std::string figure_text(const json::value& figures, std::string_view name) {
    if (!figures.is_object()) {
        return "";
    }
    const auto* value = figures.as_object().if_contains(name);
    if (value == nullptr || !value->is_number()) {
        return "";
    }
    std::ostringstream text;
    text << std::fixed << std::setprecision(3) << value->to_number<double>();
    return text.str();
}

std::string alias_list(const json::value& aliases) {
    std::string text;
    if (aliases.is_object()) {
        for (const auto& [alias, version] : aliases.as_object()) {
            text += (text.empty() ? "" : ", ") + std::string(alias) + "=" + display_text(version);
        }
    } else if (aliases.is_array()) {
        for (const auto& alias : aliases.as_array()) {
            text += (text.empty() ? "" : ", ") + display_text(alias);
        }
    }
    return text;
}

const json::value& member(const json::value& object, std::string_view key) {
    static const json::value null;
    if (!object.is_object()) {
        return null;
    }
    const auto* value = object.as_object().if_contains(key);
    return value != nullptr ? *value : null;
}

/// Percent-encodes a path segment (a model name keeps its ':').
std::string segment(std::string_view text) {
    std::string escaped = query_escape(text);
    for (std::size_t at = escaped.find("%3A"); at != std::string::npos; at = escaped.find("%3A", at)) {
        escaped.replace(at, 3, ":");
    }
    return escaped;
}

void print_model(std::ostream& out, const json::value& body) {
    out << "model " << display_field(body, "model") << ": " << display_field(body, "versions_total")
        << " version(s)\n\n";
    std::vector<std::vector<std::string>> rows{
        {"VERSION", "REGISTERED", "RUN", "STEP", "ALIASES", "ARTIFACT"}};
    for (const auto& v : member(body, "versions").as_array()) {
        const auto& lineage = member(v, "lineage");
        rows.push_back({display_field(v, "number"), short_time(display_field(v, "created_at")),
                        display_field(lineage, "run_id"), display_field(lineage, "step_id"),
                        alias_list(member(v, "aliases")), display_field(v, "artifact_uri")});
    }
    print_table(out, rows);
    const auto& history = member(body, "alias_history");
    if (history.is_array() && !history.as_array().empty()) {
        out << "\nalias moves (newest first):\n";
        std::vector<std::vector<std::string>> moves{{"AT", "ALIAS", "FROM", "TO", "BY"}};
        for (const auto& m : history.as_array()) {
            const std::string from = display_field(m, "from");
            moves.push_back({short_time(display_field(m, "at")), display_field(m, "alias"),
                             from.empty() ? "-" : from, display_field(m, "to"), display_field(m, "actor")});
        }
        print_table(out, moves);
    }
    const auto& report = member(body, "latest_report");
    if (report.is_object()) {
        const auto& figures = member(report, "figures");
        out << "\nlatest report " << display_field(report, "id") << " (" << display_field(report, "period")
            << ", version " << display_field(report, "model_version") << "): gini "
            << figure_text(figures, "gini") << ", ks " << figure_text(figures, "ks") << ", auc "
            << figure_text(figures, "auc") << ", score_psi " << figure_text(figures, "score_psi") << "\n";
    }
}

void print_version(std::ostream& out, const json::value& v) {
    const auto& lineage = member(v, "lineage");
    const std::vector<std::vector<std::string>> fields{
        {"version:", display_field(v, "version")},
        {"registered:", short_time(display_field(v, "created_at"))},
        {"artifact:", display_field(v, "artifact_uri")},
        {"aliases:", alias_list(member(v, "aliases"))},
        {"run:", display_field(lineage, "run_id")},
        {"step:", display_field(lineage, "step_id")},
        {"metrics:", display_field(v, "metrics")},
        {"tags:", display_field(v, "tags")},
        {"params:", display_field(v, "params")},
        {"data:", display_field(v, "data")}};
    print_table(out, fields);
    const auto& reports = member(v, "reports");
    if (reports.is_array() && !reports.as_array().empty()) {
        out << "\nreports (newest first):\n";
        std::vector<std::vector<std::string>> rows{
            {"ID", "PERIOD", "CREATED", "GINI", "KS", "AUC", "SCORE_PSI"}};
        for (const auto& r : reports.as_array()) {
            const auto& figures = member(r, "figures");
            rows.push_back({display_field(r, "id"), display_field(r, "period"),
                            short_time(display_field(r, "created_at")), figure_text(figures, "gini"),
                            figure_text(figures, "ks"), figure_text(figures, "auc"),
                            figure_text(figures, "score_psi")});
        }
        print_table(out, rows);
    }
}

int show(const Args& a, std::ostream& out, std::ostream& err) {
    if (a.positional.size() < 2 || a.positional.size() > 3) {
        err << "steward model show: expected MODEL [VERSION]\n" << usage(kModelUsage);
        return 2;
    }
    const auto headers = client_auth(a, "model show", err);
    if (!headers)
        return 2;
    std::string target = "/api/models/" + segment(a.positional[1]);
    if (a.positional.size() == 3) {
        target += "/versions/" + segment(a.positional[2]);
    }
    const auto body = get_json(server_url(a.get("--server")), target, *headers, "model show", err);
    if (!body)
        return 1;
    if (a.flags.contains("--json")) {
        out << engine::json_text(*body) << "\n";
    } else if (a.positional.size() == 3) {
        print_version(out, *body);
    } else {
        print_model(out, *body);
    }
    return 0;
}

int promote(const Args& a, std::ostream& out, std::ostream& err) {
    if (a.positional.size() != 3) {
        err << "steward model promote: expected MODEL VERSION\n" << usage(kModelUsage);
        return 2;
    }
    const auto alias = a.get("--alias");
    if (!alias || alias->empty()) {
        err << "steward model promote: --alias is required (e.g. --alias champion)\n" << usage(kModelUsage);
        return 2;
    }
    const std::string& model = a.positional[1];
    const std::string& version = a.positional[2];
    json::object body{{"version", version.find(':') == std::string::npos ? model + ":" + version : version}};
    if (const auto expected = a.get("--expected")) {
        body["expected"] = *expected == "none" ? json::value(nullptr) : json::value(*expected);
    }
    auto headers = client_auth(a, "model promote", err);
    if (!headers)
        return 2;
    headers->emplace_back("Content-Type", "application/json");
    const ApiReply reply = api_call(server_url(a.get("--server")), "PUT",
                                    "/api/models/" + segment(model) + "/aliases/" + segment(*alias),
                                    json::serialize(body), *headers);
    if (!reply.error.empty() || reply.status != 200) {
        err << "steward model promote: " << describe_failure(reply);
        if (reply.status == 403) {
            err << " (promoting needs permission 'promote'; a token needs scope models:promote)";
        }
        err << "\n";
        return 1;
    }
    boost::system::error_code ec;
    const json::value moved = json::parse(reply.body, ec);
    if (ec) {
        err << "steward model promote: the server answered with invalid JSON: " << ec.message() << "\n";
        return 1;
    }
    if (a.flags.contains("--json")) {
        out << engine::json_text(moved) << "\n";
        return 0;
    }
    const std::string previous = display_field(moved, "previous");
    out << display_field(moved, "model") << " " << display_field(moved, "alias") << " -> "
        << display_field(moved, "version") << " (was " << (previous.empty() ? "unset" : previous) << ")\n";
    return 0;
}

}  // namespace

int models_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << usage(kModelsUsage);
        return 0;
    }
    const auto a = parse_args(args, {"--server", "--token-file", "--limit", "--offset"}, {"--json"}, "models",
                              usage(kModelsUsage), err);
    if (!a)
        return 2;
    if (!a->positional.empty()) {
        err << "steward models: unexpected argument '" << a->positional.front() << "'\n"
            << usage(kModelsUsage);
        return 2;
    }
    const auto headers = client_auth(*a, "models", err);
    if (!headers)
        return 2;
    const std::string target =
        "/api/models" + query_string({{"limit", a->get("--limit")}, {"offset", a->get("--offset")}});
    const auto body = get_json(server_url(a->get("--server")), target, *headers, "models", err);
    if (!body)
        return 1;
    if (a->flags.contains("--json")) {
        out << engine::json_text(*body) << "\n";
        return 0;
    }
    std::vector<std::vector<std::string>> rows{
        {"MODEL", "VERSIONS", "LATEST", "ALIASES", "REPORT", "GINI", "KS", "AUC", "SCORE_PSI"}};
    for (const auto& m : member(*body, "models").as_array()) {
        const auto& report = member(m, "latest_report");
        const auto& figures = member(report, "figures");
        rows.push_back({display_field(m, "model"), display_field(m, "versions"),
                        display_field(m, "latest_version"), alias_list(member(m, "aliases")),
                        report.is_object() ? display_field(report, "period") + " " +
                                                 short_time(display_field(report, "created_at"))
                                           : "",
                        figure_text(figures, "gini"), figure_text(figures, "ks"), figure_text(figures, "auc"),
                        figure_text(figures, "score_psi")});
    }
    if (rows.size() == 1) {
        out << "no models\n";
        return 0;
    }
    print_table(out, rows);
    return 0;
}

int model_main(std::span<const std::string_view> args, std::ostream& out, std::ostream& err) {
    if (wants_help(args)) {
        out << usage(kModelUsage);
        return 0;
    }
    const auto a = parse_args(args, {"--server", "--token-file", "--alias", "--expected"}, {"--json"},
                              "model", usage(kModelUsage), err);
    if (!a)
        return 2;
    const std::string sub = a->positional.empty() ? "" : a->positional.front();
    if (sub == "show") {
        return show(*a, out, err);
    }
    if (sub == "promote") {
        return promote(*a, out, err);
    }
    err << "steward model: expected 'show' or 'promote'" << (sub.empty() ? "" : ", got '" + sub + "'") << "\n"
        << usage(kModelUsage);
    return 2;
}

int run_models(std::span<const std::string_view> args) {
    return models_main(args, std::cout, std::cerr);
}
int run_model(std::span<const std::string_view> args) {
    return model_main(args, std::cout, std::cerr);
}

}  // namespace steward::app
