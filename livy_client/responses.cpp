#include "livy_client/responses.hpp"

#include "livy_client/json_fields.hpp"

#include <boost/json/serialize.hpp>

#include <string>
#include <utility>

namespace livy {
namespace {

template <class T>
Result<T> finish(const JsonFields& f, T value) {
    if (f.error()) {
        return *f.error();
    }
    return value;
}

Id required_id(JsonFields& f) {
    auto id = f.id("id");
    if (!id && !f.error()) {
        f.fail(f.path("id") + ": missing");
    }
    return std::move(id).value_or(Id{});
}

std::int64_t required_int_id(JsonFields& f) {
    const auto id = f.int64("id");
    if (!id && !f.error()) {
        f.fail(f.path("id") + ": missing");
    }
    return id.value_or(-1);
}

AppInfo app_info_from(JsonFields& parent) {
    AppInfo info;
    const boost::json::object* o = parent.object("appInfo");
    if (o == nullptr) {
        return info;
    }
    JsonFields f(*o, parent.path("appInfo"));
    info.driver_log_url = f.str("driverLogUrl");
    info.spark_ui_url = f.str("sparkUiUrl");
    for (const auto& kv : *o) {
        if (kv.key() != "driverLogUrl" && kv.key() != "sparkUiUrl" && !kv.value().is_null()) {
            info.extra.emplace(std::string(kv.key()), json_to_text(kv.value()));
        }
    }
    if (f.error()) {
        parent.fail(f.error()->message);
    }
    return info;
}

// Splits a string traceback into lines (keeping the line texts without '\n').
std::vector<std::string> split_lines(std::string_view s) {
    std::vector<std::string> out;
    while (!s.empty()) {
        const auto nl = s.find('\n');
        out.emplace_back(s.substr(0, nl));
        if (nl == std::string_view::npos) {
            break;
        }
        s.remove_prefix(nl + 1);
    }
    return out;
}

template <class T, class Fn>
Result<T> parse_body(std::string_view body, std::string_view what, Fn&& fn) {
    auto v = parse_json_body(body, what);
    if (!v) {
        return v.error();
    }
    return fn(*v, what);
}

}  // namespace

Result<Session> session_from_json(const boost::json::value& v, std::string_view where) {
    auto obj = require_object(v, where);
    if (!obj) {
        return obj.error();
    }
    JsonFields f(**obj, std::string(where));
    Session s;
    s.id = required_id(f);
    s.name = f.str("name");
    s.app_id = f.str("appId");
    s.owner = f.str("owner");
    s.proxy_user = f.str("proxyUser");
    s.kind = f.str("kind");
    s.state_text = f.str("state").value_or("");
    s.state = session_state_from_string(s.state_text);
    s.app_info = app_info_from(f);
    s.log = f.str_list("log");
    s.ttl = f.str("ttl");
    s.idle_timeout = f.str("idleTimeout");
    s.driver_memory = f.str("driverMemory");
    s.driver_cores = f.int64("driverCores");
    s.executor_memory = f.str("executorMemory");
    s.executor_cores = f.int64("executorCores");
    s.num_executors = f.int64("numExecutors");
    s.queue = f.str("queue");
    s.heartbeat_timeout_in_second = f.int64("heartbeatTimeoutInSecond");
    s.conf = f.str_map("conf");
    s.jars = f.str_list("jars");
    s.py_files = f.str_list("pyFiles");
    s.files = f.str_list("files");
    s.archives = f.str_list("archives");
    return finish(f, std::move(s));
}

Result<Batch> batch_from_json(const boost::json::value& v, std::string_view where) {
    auto obj = require_object(v, where);
    if (!obj) {
        return obj.error();
    }
    JsonFields f(**obj, std::string(where));
    Batch b;
    b.id = required_id(f);
    b.name = f.str("name");
    b.owner = f.str("owner");
    b.proxy_user = f.str("proxyUser");
    b.state_text = f.str("state").value_or("");
    b.state = session_state_from_string(b.state_text);
    b.app_id = f.str("appId");
    b.app_info = app_info_from(f);
    b.log = f.str_list("log");
    return finish(f, std::move(b));
}

Result<StatementOutput> statement_output_from_json(const boost::json::value& v, std::string_view where) {
    auto obj = require_object(v, where);
    if (!obj) {
        return obj.error();
    }
    JsonFields f(**obj, std::string(where));
    StatementOutput out;
    out.status = f.str("status").value_or("");
    out.execution_count = f.int64("execution_count");
    if (const boost::json::object* data = f.object("data")) {
        for (const auto& kv : *data) {
            out.data.emplace(std::string(kv.key()), kv.value());
        }
    }
    out.ename = f.str("ename");
    out.evalue = f.str("evalue");
    if (const auto* tb = f.raw("traceback")) {
        if (tb->is_string()) {
            out.traceback = split_lines(tb->get_string());
        } else if (tb->is_array()) {
            for (const auto& e : tb->get_array()) {
                out.traceback.push_back(json_to_text(e));
            }
        } else if (tb->is_object()) {
            if (!tb->get_object().empty()) {
                out.traceback.push_back(boost::json::serialize(*tb));
            }
        } else if (!tb->is_null()) {
            out.traceback.push_back(json_to_text(*tb));
        }
    }
    return finish(f, std::move(out));
}

Result<Statement> statement_from_json(const boost::json::value& v, std::string_view where) {
    auto obj = require_object(v, where);
    if (!obj) {
        return obj.error();
    }
    JsonFields f(**obj, std::string(where));
    Statement s;
    s.id = required_int_id(f);
    s.code = f.str("code");
    s.state_text = f.str("state").value_or("");
    s.state = statement_state_from_string(s.state_text);
    if (const auto* out = f.raw("output"); out != nullptr && !out->is_null()) {
        auto parsed = statement_output_from_json(*out, f.path("output"));
        if (!parsed) {
            return parsed.error();
        }
        s.output = std::move(*parsed);
    }
    s.progress = f.number("progress");
    s.started = f.int64("started");
    s.completed = f.int64("completed");
    return finish(f, std::move(s));
}

Result<Session> parse_session(std::string_view body) {
    return parse_body<Session>(body, "session", session_from_json);
}

Result<Batch> parse_batch(std::string_view body) {
    return parse_body<Batch>(body, "batch", batch_from_json);
}

Result<Statement> parse_statement(std::string_view body) {
    return parse_body<Statement>(body, "statement", statement_from_json);
}

namespace {

// {"from":f,"total":n,"<key>":[...]} with each element parsed by `element`.
template <class List, class Item, class Fn>
Result<List> parse_list(std::string_view body, std::string_view what, std::string_view key,
                        std::vector<Item> List::*items, Fn&& element) {
    return parse_body<List>(body, what, [&](const boost::json::value& v, std::string_view w) {
        auto obj = require_object(v, w);
        if (!obj) {
            return Result<List>(obj.error());
        }
        JsonFields f(**obj, std::string(w));
        List list;
        list.from = f.int64("from").value_or(0);
        // Livy names the array "sessions" for GET /batches too; accept either key.
        const auto* arr = f.raw(key);
        if (arr == nullptr || arr->is_null()) {
            arr = f.raw(key == "batches" ? "sessions" : "batches");
            key = key == "batches" ? "sessions" : "batches";
        }
        if (arr != nullptr && !arr->is_null()) {
            if (!arr->is_array()) {
                f.fail(f.path(key) + ": expected an array, got " + std::string(json_kind(*arr)));
            } else {
                std::size_t i = 0;
                for (const auto& e : arr->get_array()) {
                    auto item = element(e, f.path(key) + "[" + std::to_string(i++) + "]");
                    if (!item) {
                        return Result<List>(item.error());
                    }
                    (list.*items).push_back(std::move(*item));
                }
            }
        }
        list.total = f.int64("total").value_or(static_cast<std::int64_t>((list.*items).size()));
        return finish(f, std::move(list));
    });
}

}  // namespace

Result<SessionList> parse_session_list(std::string_view body) {
    return parse_list(
        body, "session list", "sessions", &SessionList::sessions,
        [](const boost::json::value& v, const std::string& w) { return session_from_json(v, w); });
}

Result<BatchList> parse_batch_list(std::string_view body) {
    return parse_list(
        body, "batch list", "batches", &BatchList::batches,
        [](const boost::json::value& v, const std::string& w) { return batch_from_json(v, w); });
}

Result<StatementList> parse_statement_list(std::string_view body) {
    return parse_body<StatementList>(
        body, "statement list", [](const boost::json::value& v, std::string_view w) {
            auto obj = require_object(v, w);
            if (!obj) {
                return Result<StatementList>(obj.error());
            }
            JsonFields f(**obj, std::string(w));
            StatementList list;
            if (const auto* arr = f.raw("statements"); arr != nullptr && !arr->is_null()) {
                if (!arr->is_array()) {
                    f.fail(f.path("statements") + ": expected an array, got " + std::string(json_kind(*arr)));
                } else {
                    std::size_t i = 0;
                    for (const auto& e : arr->get_array()) {
                        auto st =
                            statement_from_json(e, f.path("statements") + "[" + std::to_string(i++) + "]");
                        if (!st) {
                            return Result<StatementList>(st.error());
                        }
                        list.statements.push_back(std::move(*st));
                    }
                }
            }
            list.total =
                f.int64("total_statements").value_or(static_cast<std::int64_t>(list.statements.size()));
            return finish(f, std::move(list));
        });
}

Result<LogPage> parse_log_page(std::string_view body) {
    return parse_body<LogPage>(body, "log", [](const boost::json::value& v, std::string_view w) {
        auto obj = require_object(v, w);
        if (!obj) {
            return Result<LogPage>(obj.error());
        }
        JsonFields f(**obj, std::string(w));
        LogPage page;
        page.id = f.id("id").value_or(Id{});
        page.from = f.int64("from").value_or(0);
        page.log = f.str_list("log");
        // 0.5+ sends "total"; the docs (and some gateways) call it "size".
        auto total = f.int64("total");
        if (!total) {
            total = f.int64("size");
        }
        page.total = total.value_or(page.from + static_cast<std::int64_t>(page.log.size()));
        return finish(f, std::move(page));
    });
}

Result<StateInfo> parse_state_info(std::string_view body) {
    return parse_body<StateInfo>(body, "state", [](const boost::json::value& v, std::string_view w) {
        auto obj = require_object(v, w);
        if (!obj) {
            return Result<StateInfo>(obj.error());
        }
        JsonFields f(**obj, std::string(w));
        StateInfo info;
        info.id = f.id("id").value_or(Id{});
        info.state_text = f.str("state").value_or("");
        if (info.state_text.empty() && !f.error()) {
            f.fail(f.path("state") + ": missing");
        }
        info.state = session_state_from_string(info.state_text);
        return finish(f, std::move(info));
    });
}

Result<Version> parse_version(std::string_view body) {
    return parse_body<Version>(body, "version", [](const boost::json::value& v, std::string_view w) {
        auto obj = require_object(v, w);
        if (!obj) {
            return Result<Version>(obj.error());
        }
        JsonFields f(**obj, std::string(w));
        Version ver;
        ver.version = f.str("version");
        ver.user = f.str("user");
        ver.revision = f.str("revision");
        ver.branch = f.str("branch");
        ver.date = f.str("date");
        ver.url = f.str("url");
        return finish(f, std::move(ver));
    });
}

Result<Completion> parse_completion(std::string_view body) {
    return parse_body<Completion>(body, "completion", [](const boost::json::value& v, std::string_view w) {
        auto obj = require_object(v, w);
        if (!obj) {
            return Result<Completion>(obj.error());
        }
        JsonFields f(**obj, std::string(w));
        Completion c;
        c.candidates = f.str_list("candidates");
        return finish(f, std::move(c));
    });
}

}  // namespace livy
