#include "livy_client/requests.hpp"

#include <boost/json/parse.hpp>
#include <boost/test/unit_test.hpp>

BOOST_AUTO_TEST_SUITE(livy_requests)

BOOST_AUTO_TEST_CASE(empty_requests_serialise_nothing) {
    BOOST_TEST(livy::to_body(livy::BatchRequest{}) == "{}");
    BOOST_TEST(livy::to_body(livy::SessionRequest{}) == "{}");
}

BOOST_AUTO_TEST_CASE(batch_only_set_fields) {
    livy::BatchRequest r;
    r.file = "local:/jobs/pi.py";
    r.args = std::vector<std::string>{"2"};
    r.name = "run-7-train";
    r.driver_cores = 2;
    r.conf = std::map<std::string, std::string>{{"spark.executor.instances", "1"}};
    const auto o = livy::to_json(r);
    BOOST_TEST(o.size() == 5u);
    BOOST_TEST(o.at("file").as_string() == "local:/jobs/pi.py");
    BOOST_TEST(o.at("args").as_array().at(0).as_string() == "2");
    BOOST_TEST(o.at("name").as_string() == "run-7-train");
    BOOST_TEST(o.at("driverCores").as_int64() == 2);
    BOOST_TEST(o.at("conf").at("spark.executor.instances").as_string() == "1");
}

BOOST_AUTO_TEST_CASE(batch_every_field_uses_livy_names) {
    livy::BatchRequest r;
    r.file = "f";
    r.class_name = "C";
    r.args = std::vector<std::string>{};
    r.jars = std::vector<std::string>{"j"};
    r.py_files = std::vector<std::string>{"p"};
    r.files = std::vector<std::string>{"x"};
    r.archives = std::vector<std::string>{"a"};
    r.driver_memory = "1g";
    r.driver_cores = 1;
    r.executor_memory = "2g";
    r.executor_cores = 3;
    r.num_executors = 4;
    r.queue = "q";
    r.name = "n";
    r.conf = std::map<std::string, std::string>{};
    r.proxy_user = "alice";
    const auto o = livy::to_json(r);
    for (const char* key :
         {"file", "className", "args", "jars", "pyFiles", "files", "archives", "driverMemory", "driverCores",
          "executorMemory", "executorCores", "numExecutors", "queue", "name", "conf", "proxyUser"}) {
        BOOST_TEST(o.contains(key), key);
    }
    BOOST_TEST(o.size() == 16u);
    // Never session-only fields.
    for (const char* key : {"kind", "ttl", "idleTimeout", "heartbeatTimeoutInSecond"}) {
        BOOST_TEST(!o.contains(key), key);
    }
    BOOST_TEST(o.at("args").as_array().empty());  // set-but-empty is still sent
}

BOOST_AUTO_TEST_CASE(session_fields) {
    livy::SessionRequest r;
    r.kind = "pyspark";
    r.heartbeat_timeout_in_second = 60;
    r.ttl = "10m";
    r.idle_timeout = "5m";
    r.name = "s1";
    const auto o = livy::to_json(r);
    BOOST_TEST(o.size() == 5u);
    BOOST_TEST(o.at("kind").as_string() == "pyspark");
    BOOST_TEST(o.at("heartbeatTimeoutInSecond").as_int64() == 60);
    BOOST_TEST(o.at("ttl").as_string() == "10m");
    BOOST_TEST(o.at("idleTimeout").as_string() == "5m");
    BOOST_TEST(!o.contains("file"));
}

BOOST_AUTO_TEST_CASE(statement_and_completion) {
    livy::StatementRequest s{"1+1", std::nullopt};
    BOOST_TEST(livy::to_body(s) == R"({"code":"1+1"})");
    s.kind = "sql";
    const auto o = livy::to_json(s);
    BOOST_TEST(o.at("kind").as_string() == "sql");
    const auto c = livy::to_json(livy::CompletionRequest{"str.", "pyspark", 4});
    BOOST_TEST(c.at("cursor").as_int64() == 4);
    BOOST_TEST(c.at("kind").as_string() == "pyspark");
    // Round-trips through a JSON parser (escaping of quotes/newlines).
    const auto parsed =
        boost::json::parse(livy::to_body(livy::StatementRequest{"print(\"a\")\nx", "pyspark"}));
    BOOST_TEST(parsed.at("code").as_string() == "print(\"a\")\nx");
}

BOOST_AUTO_TEST_SUITE_END()
