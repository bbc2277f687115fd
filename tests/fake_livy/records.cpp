#include "tests/fake_livy/records.hpp"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cstdio>
#include <utility>

namespace steward::fake_livy {

namespace json = boost::json;

namespace {

json::value field_or(const json::object& request, const char* key, json::value fallback) {
    if (const auto* v = request.if_contains(key); v != nullptr && !v->is_null()) {
        return *v;
    }
    return fallback;
}

json::array log_tail(const LogBuffer& log) {
    json::array out;
    for (auto& line : log.tail(10)) {
        out.emplace_back(std::move(line));
    }
    return out;
}

json::value optional_text(const std::optional<std::string>& text, bool shown) {
    return shown && text ? json::value(*text) : json::value(nullptr);
}

const char* outcome_name(BatchOutcome outcome) noexcept {
    switch (outcome) {
        case BatchOutcome::success: return "success";
        case BatchOutcome::dead: return "dead";
        case BatchOutcome::killed: return "killed";
    }
    return "dead";
}

}  // namespace

std::string guid_for(int id) {
    char head[16];
    std::snprintf(head, sizeof head, "%08x", static_cast<unsigned>(id) * 2654435761U);
    char tail[16];
    std::snprintf(tail, sizeof tail, "%012d", id);
    return std::string(head) + "-7f0b-4d6e-8a21-" + tail;
}

json::value RecordBase::id_json() const {
    if (guid.empty()) {
        return json::value(id);
    }
    return json::value(guid);
}

std::string RecordBase::ref() const {
    return guid.empty() ? std::to_string(id) : guid;
}

TimePoint later(TimePoint t, Millis d) noexcept {
    if (d.count() <= 0) {
        return t;
    }
    const auto room = std::chrono::duration_cast<Millis>(TimePoint::max() - t);
    if (d >= room) {
        return TimePoint::max();
    }
    return t + d;
}

StatementScript ok_text(std::string text) {
    StatementScript s;
    s.output["status"] = "ok";
    s.output["data"] = json::object{{"text/plain", std::move(text)}};
    return s;
}

StatementScript ok_json(json::value value) {
    StatementScript s;
    s.output["status"] = "ok";
    s.output["data"] = json::object{{"application/json", std::move(value)}};
    return s;
}

StatementScript error_output(const std::string& ename, const std::string& evalue,
                             const std::vector<std::string>& traceback) {
    StatementScript s;
    s.output["status"] = "error";
    s.output["ename"] = ename;
    s.output["evalue"] = evalue;
    json::array tb;
    for (const auto& line : traceback) {
        tb.emplace_back(line);
    }
    s.output["traceback"] = std::move(tb);
    return s;
}

std::string StatementRecord::state(TimePoint now) const {
    if (cancel_requested && now >= *cancel_requested) {
        const auto c = *cancel_requested;
        if (c < run_at) {
            return "cancelled";
        }
        if (c < done_at) {
            return now < later(c, cancel_delay) ? "cancelling" : "cancelled";
        }
    }
    if (now < run_at) {
        return "waiting";
    }
    if (now < done_at) {
        return "running";
    }
    return "available";
}

TimePoint StatementRecord::end(TimePoint /*now*/) const {
    if (cancel_requested) {
        const auto c = *cancel_requested;
        if (c < run_at) {
            return c;
        }
        if (c < done_at) {
            return later(c, cancel_delay);
        }
    }
    return done_at;
}

json::object StatementRecord::to_json(TimePoint now) const {
    const auto st = state(now);
    const auto epoch = [this](TimePoint t) {
        return created_epoch_ms + std::chrono::duration_cast<Millis>(t - created_at).count();
    };
    json::object out;
    out["id"] = id;
    out["code"] = code;
    out["state"] = st;
    if (st == "available") {
        json::object o;
        o["status"] = field_or(output, "status", "ok");
        o["execution_count"] = id;
        for (const auto& kv : output) {
            if (kv.key() != "status" && kv.key() != "execution_count") {
                o[kv.key()] = kv.value();
            }
        }
        out["output"] = std::move(o);
    } else {
        out["output"] = nullptr;
    }
    out["progress"] = st == "waiting" ? 0.0 : (st == "running" || st == "cancelling" ? 0.5 : 1.0);
    out["started"] = now >= run_at && st != "cancelled" ? epoch(run_at) : std::int64_t{0};
    out["completed"] = st == "available" ? epoch(done_at) : std::int64_t{0};
    return out;
}

std::string SessionRecord::state(TimePoint now) const {
    if (forced_state) {
        return *forced_state;
    }
    if (now < ready_at) {
        return "starting";
    }
    if (outcome == SessionOutcome::dead) {
        return "dead";
    }
    const bool busy = std::any_of(statements.begin(), statements.end(),
                                  [now](const StatementRecord& s) { return s.end(now) > now; });
    return busy ? "busy" : "idle";
}

std::optional<TimePoint> SessionRecord::finished_at(TimePoint now) const {
    if (forced_state) {
        if (is_finished_state(*forced_state) && forced_at) {
            return forced_at;
        }
        return std::nullopt;
    }
    if (outcome == SessionOutcome::dead && now >= ready_at) {
        return ready_at;
    }
    return std::nullopt;
}

json::object SessionRecord::to_json(TimePoint now) const {
    json::object out;
    out["id"] = id_json();
    out["name"] = name ? json::value(*name) : json::value(nullptr);
    const bool shown = state(now) != "starting";
    out["appId"] = optional_text(app.app_id, shown);
    out["owner"] = nullptr;
    out["proxyUser"] = field_or(request, "proxyUser", nullptr);
    out["state"] = state(now);
    out["kind"] = field_or(request, "kind", "shared");
    out["appInfo"] = json::object{{"driverLogUrl", optional_text(app.driver_log_url, shown)},
                                  {"sparkUiUrl", optional_text(app.spark_ui_url, shown)},
                                  {"executorLogUrls", nullptr}};
    out["log"] = log_tail(log);
    out["ttl"] = field_or(request, "ttl", nullptr);
    out["idleTimeout"] = field_or(request, "idleTimeout", nullptr);
    out["driverMemory"] = field_or(request, "driverMemory", nullptr);
    out["driverCores"] = field_or(request, "driverCores", 0);
    out["executorMemory"] = field_or(request, "executorMemory", nullptr);
    out["executorCores"] = field_or(request, "executorCores", 0);
    out["conf"] = field_or(request, "conf", json::object{});
    out["archives"] = field_or(request, "archives", json::array{});
    out["files"] = field_or(request, "files", json::array{});
    out["heartbeatTimeoutInSecond"] = field_or(request, "heartbeatTimeoutInSecond", 0);
    out["jars"] = field_or(request, "jars", json::array{});
    out["numExecutors"] = field_or(request, "numExecutors", 0);
    out["pyFiles"] = field_or(request, "pyFiles", json::array{});
    out["queue"] = field_or(request, "queue", nullptr);
    return out;
}

std::string BatchRecord::state(TimePoint now) const {
    if (forced_state) {
        return *forced_state;
    }
    if (now < running_at) {
        return "starting";
    }
    if (now < done_at) {
        return "running";
    }
    return outcome_name(outcome);
}

std::optional<TimePoint> BatchRecord::finished_at(TimePoint now) const {
    if (forced_state) {
        if (is_finished_state(*forced_state) && forced_at) {
            return forced_at;
        }
        return std::nullopt;
    }
    if (now >= done_at) {
        return done_at;
    }
    return std::nullopt;
}

json::object BatchRecord::to_json(TimePoint now) const {
    json::object out;
    out["id"] = id_json();
    out["name"] = name ? json::value(*name) : json::value(nullptr);
    out["owner"] = nullptr;
    out["proxyUser"] = field_or(request, "proxyUser", nullptr);
    out["state"] = state(now);
    const bool shown = state(now) != "starting";
    out["appId"] = optional_text(app.app_id, shown);
    out["appInfo"] = json::object{{"driverLogUrl", optional_text(app.driver_log_url, shown)},
                                  {"sparkUiUrl", optional_text(app.spark_ui_url, shown)}};
    out["log"] = log_tail(log);
    return out;
}

bool is_finished_state(const std::string& state) noexcept {
    return state == "error" || state == "dead" || state == "killed" || state == "success";
}

}  // namespace steward::fake_livy
