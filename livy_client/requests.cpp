#include "livy_client/requests.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace livy {
namespace {

void put(boost::json::object& o, std::string_view key, const std::optional<std::string>& v) {
    if (v) {
        o[key] = *v;
    }
}

void put(boost::json::object& o, std::string_view key, const std::optional<std::int64_t>& v) {
    if (v) {
        o[key] = *v;
    }
}

void put(boost::json::object& o, std::string_view key, const std::optional<std::vector<std::string>>& v) {
    if (v) {
        boost::json::array a;
        for (const auto& s : *v) {
            a.emplace_back(s);
        }
        o[key] = std::move(a);
    }
}

void put(boost::json::object& o, std::string_view key,
         const std::optional<std::map<std::string, std::string>>& v) {
    if (v) {
        boost::json::object m;
        for (const auto& [k, val] : *v) {
            m[k] = val;
        }
        o[key] = std::move(m);
    }
}

void put_common(boost::json::object& o, const CommonRequest& r) {
    put(o, "proxyUser", r.proxy_user);
    put(o, "jars", r.jars);
    put(o, "pyFiles", r.py_files);
    put(o, "files", r.files);
    put(o, "archives", r.archives);
    put(o, "driverMemory", r.driver_memory);
    put(o, "driverCores", r.driver_cores);
    put(o, "executorMemory", r.executor_memory);
    put(o, "executorCores", r.executor_cores);
    put(o, "numExecutors", r.num_executors);
    put(o, "queue", r.queue);
    put(o, "name", r.name);
    put(o, "conf", r.conf);
}

}  // namespace

boost::json::object to_json(const BatchRequest& request) {
    boost::json::object o;
    put(o, "file", request.file);
    put(o, "className", request.class_name);
    put(o, "args", request.args);
    put_common(o, request);
    return o;
}

boost::json::object to_json(const SessionRequest& request) {
    boost::json::object o;
    put(o, "kind", request.kind);
    put_common(o, request);
    put(o, "heartbeatTimeoutInSecond", request.heartbeat_timeout_in_second);
    put(o, "ttl", request.ttl);
    put(o, "idleTimeout", request.idle_timeout);
    return o;
}

boost::json::object to_json(const StatementRequest& request) {
    boost::json::object o;
    o["code"] = request.code;
    put(o, "kind", request.kind);
    return o;
}

boost::json::object to_json(const CompletionRequest& request) {
    boost::json::object o;
    o["code"] = request.code;
    o["kind"] = request.kind;
    o["cursor"] = request.cursor;
    return o;
}

template <class Request>
std::string to_body(const Request& request) {
    return boost::json::serialize(to_json(request));
}

template std::string to_body(const BatchRequest&);
template std::string to_body(const SessionRequest&);
template std::string to_body(const StatementRequest&);
template std::string to_body(const CompletionRequest&);

}  // namespace livy
