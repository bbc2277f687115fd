#include "tests/fake_livy/request_schema.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>

namespace steward::fake_livy {

namespace json = boost::json;

namespace {

const char* jackson_type(FieldType type) noexcept {
    switch (type) {
        case FieldType::string: return "java.lang.String";
        case FieldType::integer: return "int";
        case FieldType::string_list: return "scala.collection.immutable.List<java.lang.String>";
        case FieldType::string_map: return "scala.collection.immutable.Map<String,String>";
        case FieldType::session_kind: return "org.apache.livy.sessions.Kind";
    }
    return "?";
}

bool all_strings(const json::array& a) {
    return std::all_of(a.begin(), a.end(), [](const json::value& v) { return v.is_string(); });
}

bool all_string_values(const json::object& o) {
    return std::all_of(o.begin(), o.end(),
                       [](const json::key_value_pair& kv) { return kv.value().is_string(); });
}

// Livy's Kind deserializer accepts the canonical names and three aliases.
std::string normalise_kind(std::string_view kind) {
    if (kind == "scala")
        return "spark";
    if (kind == "python")
        return "pyspark";
    if (kind == "r")
        return "sparkr";
    return std::string(kind);
}

bool known_kind(std::string_view kind) {
    return kind == "spark" || kind == "pyspark" || kind == "sparkr" || kind == "sql" || kind == "shared" ||
           kind == "scala" || kind == "python" || kind == "r";
}

std::string type_error(const BodySchema& schema, std::string_view field, FieldType type) {
    return "Cannot deserialize value of type `" + std::string(jackson_type(type)) + "` for field \"" +
           std::string(field) + "\" (through reference chain: " + std::string(schema.java_class) + "[\"" +
           std::string(field) + "\"])";
}

}  // namespace

const BodySchema& create_session_schema() {
    static const BodySchema schema{"org.apache.livy.server.interactive.CreateInteractiveRequest",
                                   {{"kind", FieldType::session_kind},
                                    {"proxyUser", FieldType::string},
                                    {"jars", FieldType::string_list},
                                    {"pyFiles", FieldType::string_list},
                                    {"files", FieldType::string_list},
                                    {"driverMemory", FieldType::string},
                                    {"driverCores", FieldType::integer},
                                    {"executorMemory", FieldType::string},
                                    {"executorCores", FieldType::integer},
                                    {"numExecutors", FieldType::integer},
                                    {"archives", FieldType::string_list},
                                    {"queue", FieldType::string},
                                    {"name", FieldType::string},
                                    {"conf", FieldType::string_map},
                                    {"heartbeatTimeoutInSecond", FieldType::integer},
                                    {"ttl", FieldType::string},
                                    {"idleTimeout", FieldType::string}}};
    return schema;
}

const BodySchema& create_batch_schema() {
    static const BodySchema schema{"org.apache.livy.server.batch.CreateBatchRequest",
                                   {{"file", FieldType::string},
                                    {"proxyUser", FieldType::string},
                                    {"className", FieldType::string},
                                    {"args", FieldType::string_list},
                                    {"jars", FieldType::string_list},
                                    {"pyFiles", FieldType::string_list},
                                    {"files", FieldType::string_list},
                                    {"driverMemory", FieldType::string},
                                    {"driverCores", FieldType::integer},
                                    {"executorMemory", FieldType::string},
                                    {"executorCores", FieldType::integer},
                                    {"numExecutors", FieldType::integer},
                                    {"archives", FieldType::string_list},
                                    {"queue", FieldType::string},
                                    {"name", FieldType::string},
                                    {"conf", FieldType::string_map}}};
    return schema;
}

const BodySchema& statement_schema() {
    static const BodySchema schema{"org.apache.livy.server.interactive.ExecuteRequest",
                                   {{"code", FieldType::string}, {"kind", FieldType::session_kind}}};
    return schema;
}

const BodySchema& completion_schema() {
    static const BodySchema schema{
        "org.apache.livy.server.interactive.CompletionRequest",
        {{"code", FieldType::string}, {"kind", FieldType::string}, {"cursor", FieldType::integer}}};
    return schema;
}

boost::system::result<json::object, std::string> parse_body(std::string_view body, const BodySchema& schema) {
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return std::string("No content to map due to end-of-input");
    }
    boost::system::error_code ec;
    auto value = json::parse(body, ec);
    if (ec) {
        return "Unexpected character or end-of-input while parsing " + std::string(schema.java_class) + ": " +
               ec.message();
    }
    if (!value.is_object()) {
        return "Cannot deserialize instance of `" + std::string(schema.java_class) +
               "` out of a non-object JSON value";
    }
    auto& object = value.as_object();
    for (auto& kv : object) {
        const auto it = std::find_if(schema.fields.begin(), schema.fields.end(),
                                     [&](const auto& f) { return f.first == kv.key(); });
        if (it == schema.fields.end()) {
            return "Unrecognized field \"" + std::string(kv.key()) + "\" (class " +
                   std::string(schema.java_class) + "), not marked as ignorable";
        }
        auto& v = kv.value();
        if (v.is_null()) {
            continue;
        }
        bool ok = false;
        switch (it->second) {
            case FieldType::string: ok = v.is_string(); break;
            case FieldType::integer: ok = v.is_int64() || v.is_uint64(); break;
            case FieldType::string_list: ok = v.is_array() && all_strings(v.as_array()); break;
            case FieldType::string_map: ok = v.is_object() && all_string_values(v.as_object()); break;
            case FieldType::session_kind:
                if (v.is_string()) {
                    const std::string_view kind = v.as_string();
                    if (!known_kind(kind)) {
                        return "Invalid kind: " + std::string(kind) +
                               " (through reference chain: " + std::string(schema.java_class) + "[\"kind\"])";
                    }
                    v = normalise_kind(kind);
                    ok = true;
                }
                break;
        }
        if (!ok) {
            return type_error(schema, kv.key(), it->second);
        }
    }
    return std::move(object);
}

}  // namespace steward::fake_livy
