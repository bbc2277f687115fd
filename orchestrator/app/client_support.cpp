#include "orchestrator/app/client_support.hpp"

#include <cstdlib>
#include <fstream>

#include "orchestrator/app/api_client.hpp"
#include "orchestrator/app/cli.hpp"
#include "orchestrator/engine/json_values.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>

namespace steward::app {
namespace json = boost::json;

std::optional<std::string> Args::get(std::string_view name) const {
    const auto it = values.find(name);
    return it == values.end() ? std::nullopt : std::optional<std::string>(it->second.back());
}

std::optional<Args> parse_args(std::span<const std::string_view> args,
                               std::initializer_list<std::string_view> with_value,
                               std::initializer_list<std::string_view> flags, std::string_view command,
                               std::string_view usage, std::ostream& err) {
    Args parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (std::find(with_value.begin(), with_value.end(), arg) != with_value.end()) {
            if (i + 1 >= args.size()) {
                err << "steward " << command << ": missing value for '" << arg << "'\n" << usage;
                return std::nullopt;
            }
            parsed.values[std::string(arg)].emplace_back(args[++i]);
        } else if (std::find(flags.begin(), flags.end(), arg) != flags.end()) {
            parsed.flags.emplace(arg);
        } else if (!arg.empty() && arg.front() == '-') {
            std::vector<std::string_view> known(with_value.begin(), with_value.end());
            known.insert(known.end(), flags.begin(), flags.end());
            err << "steward " << command << ": " << unknown_option(arg, known) << "\n" << usage;
            return std::nullopt;
        } else {
            parsed.positional.emplace_back(arg);
        }
    }
    return parsed;
}

std::string display_text(const json::value& v) {
    if (v.is_string())
        return std::string(v.as_string());
    if (v.is_null())
        return "";
    return engine::json_text(v);
}

std::string display_field(const json::value& object, std::string_view key) {
    if (!object.is_object())
        return "";
    const auto* v = object.as_object().if_contains(key);
    return v ? display_text(*v) : "";
}

// "2024-05-01T10:00:00.123Z" -> "2024-05-01 10:00:00".
std::string short_time(const std::string& iso) {
    if (iso.size() < 19)
        return iso;
    std::string out = iso.substr(0, 19);
    out[10] = ' ';
    return out;
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()));
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size())
                line += std::string(widths[i] - row[i].size() + 2, ' ');
        }
        out << line << "\n";
    }
}

// GETs `target` and parses the JSON, printing a failure on `err`.
std::optional<Headers> client_auth(const Args& args, std::string_view command, std::ostream& err) {
    std::string token;
    if (const auto file = args.get("--token-file")) {
        std::ifstream in(*file);
        if (!in || !std::getline(in, token)) {
            err << "steward " << command << ": --token-file: cannot read a token from " << *file << "\n";
            return std::nullopt;
        }
    } else if (const char* env = std::getenv("STEWARD_TOKEN")) {
        token = env;
    }
    while (!token.empty() && (token.back() == '\r' || token.back() == ' ' || token.back() == '\n'))
        token.pop_back();
    if (token.empty()) {
        if (args.get("--token-file")) {
            err << "steward " << command << ": --token-file: " << *args.get("--token-file") << " is empty\n";
            return std::nullopt;
        }
        return Headers{};
    }
    return Headers{{"Authorization", "Bearer " + token}};
}

std::optional<json::value> get_json(const std::string& server, const std::string& target,
                                    const Headers& headers, std::string_view command, std::ostream& err) {
    const ApiReply reply = api_call(server, "GET", target, {}, headers);
    if (!reply.error.empty() || reply.status != 200) {
        err << "steward " << command << ": " << describe_failure(reply) << "\n";
        return std::nullopt;
    }
    boost::system::error_code ec;
    json::value body = json::parse(reply.body, ec);
    if (ec) {
        err << "steward " << command << ": the server answered with invalid JSON: " << ec.message() << "\n";
        return std::nullopt;
    }
    return body;
}

std::string query_string(const std::vector<std::pair<std::string, std::optional<std::string>>>& params) {
    std::string out;
    for (const auto& [name, value] : params) {
        if (value)
            out += (out.empty() ? "?" : "&") + name + "=" + query_escape(*value);
    }
    return out;
}

}  // namespace steward::app
