#include "orchestrator/app/livy_command_output.hpp"

#include "livy_client/log_text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <iomanip>
#include <string>

namespace steward::app {
namespace {

namespace json = boost::json;

json::value opt(const std::optional<std::string>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::value opt(const std::optional<std::int64_t>& v) {
    return v ? json::value(*v) : json::value(nullptr);
}

json::array strings(const std::vector<std::string>& v) {
    json::array a;
    for (const auto& s : v) {
        a.emplace_back(s);
    }
    return a;
}

json::object app_info(const livy::AppInfo& info) {
    json::object o{{"driverLogUrl", opt(info.driver_log_url)}, {"sparkUiUrl", opt(info.spark_ui_url)}};
    for (const auto& [k, v] : info.extra) {
        o[k] = v;
    }
    return o;
}

json::object to_json(const livy::Batch& b) {
    return {{"id", b.id},
            {"name", opt(b.name)},
            {"owner", opt(b.owner)},
            {"proxyUser", opt(b.proxy_user)},
            {"state", b.state_text},
            {"appId", opt(b.app_id)},
            {"appInfo", app_info(b.app_info)},
            {"log", strings(b.log)}};
}

json::object to_json(const livy::Session& s) {
    json::object conf;
    for (const auto& [k, v] : s.conf) {
        conf[k] = v;
    }
    return {{"id", s.id},
            {"name", opt(s.name)},
            {"kind", opt(s.kind)},
            {"state", s.state_text},
            {"owner", opt(s.owner)},
            {"proxyUser", opt(s.proxy_user)},
            {"appId", opt(s.app_id)},
            {"appInfo", app_info(s.app_info)},
            {"driverMemory", opt(s.driver_memory)},
            {"driverCores", opt(s.driver_cores)},
            {"executorMemory", opt(s.executor_memory)},
            {"executorCores", opt(s.executor_cores)},
            {"numExecutors", opt(s.num_executors)},
            {"queue", opt(s.queue)},
            {"ttl", opt(s.ttl)},
            {"idleTimeout", opt(s.idle_timeout)},
            {"heartbeatTimeoutInSecond", opt(s.heartbeat_timeout_in_second)},
            {"conf", std::move(conf)},
            {"jars", strings(s.jars)},
            {"pyFiles", strings(s.py_files)},
            {"files", strings(s.files)},
            {"archives", strings(s.archives)},
            {"log", strings(s.log)}};
}

// Minimal pretty printer: one key per line at the top level.
void print_object(std::ostream& out, const json::object& o) {
    out << "{\n";
    std::size_t i = 0;
    for (const auto& kv : o) {
        out << "  " << json::serialize(json::value(kv.key())) << ": " << json::serialize(kv.value())
            << (++i < o.size() ? ",\n" : "\n");
    }
    out << "}\n";
}

void print_table(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
        width.resize(std::max(width.size(), row.size()));
        for (std::size_t c = 0; c < row.size(); ++c) {
            width[c] = std::max(width[c], row[c].size());
        }
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) {
                line += std::string(width[c] - row[c].size() + 2, ' ');
            }
        }
        out << line << '\n';
    }
}

std::string or_dash(const std::optional<std::string>& v) {
    return v && !v->empty() ? *v : "-";
}

void footer(std::ostream& out, std::size_t shown, std::int64_t from, std::int64_t total) {
    out << shown << " shown (from " << from << "), " << total << " on the server\n";
}

}  // namespace

void print_version(std::ostream& out, const livy::Version& v, bool as_json) {
    if (as_json) {
        out << json::serialize(json::object{{"version", opt(v.version)},
                                            {"user", opt(v.user)},
                                            {"revision", opt(v.revision)},
                                            {"branch", opt(v.branch)},
                                            {"date", opt(v.date)},
                                            {"url", opt(v.url)}})
            << '\n';
        return;
    }
    out << "Livy " << or_dash(v.version) << " (revision " << or_dash(v.revision) << ", branch "
        << or_dash(v.branch) << ", built " << or_dash(v.date) << ")\n";
}

void print_sessions(std::ostream& out, const livy::SessionList& list, bool as_json) {
    if (as_json) {
        json::array a;
        for (const auto& s : list.sessions) {
            a.emplace_back(to_json(s));
        }
        out << json::serialize(json::object{{"from", list.from}, {"total", list.total}, {"sessions", a}})
            << '\n';
        return;
    }
    std::vector<std::vector<std::string>> rows{{"ID", "KIND", "STATE", "NAME", "APP_ID"}};
    for (const auto& s : list.sessions) {
        rows.push_back({s.id, or_dash(s.kind), s.state_text, or_dash(s.name), or_dash(s.app_id)});
    }
    print_table(out, rows);
    footer(out, list.sessions.size(), list.from, list.total);
}

void print_batches(std::ostream& out, const livy::BatchList& list, bool as_json) {
    if (as_json) {
        json::array a;
        for (const auto& b : list.batches) {
            a.emplace_back(to_json(b));
        }
        out << json::serialize(json::object{{"from", list.from}, {"total", list.total}, {"batches", a}})
            << '\n';
        return;
    }
    std::vector<std::vector<std::string>> rows{{"ID", "STATE", "NAME", "APP_ID"}};
    for (const auto& b : list.batches) {
        rows.push_back({b.id, b.state_text, or_dash(b.name), or_dash(b.app_id)});
    }
    print_table(out, rows);
    footer(out, list.batches.size(), list.from, list.total);
}

void print_session(std::ostream& out, const livy::Session& s) {
    print_object(out, to_json(s));
}

void print_batch(std::ostream& out, const livy::Batch& b) {
    print_object(out, to_json(b));
}

void print_log_lines(std::ostream& out, const std::vector<livy::LogLine>& lines) {
    for (const auto& l : lines) {
        out << livy::prefixed_text(l) << '\n';  // the spelling of the stored step log
    }
}

}  // namespace steward::app
