#pragma once

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::fake_livy {

/// The JSON type Jackson expects for one field of a Livy request class.
enum class FieldType { string, integer, string_list, string_map, session_kind };

/// A Livy request class: its Java name (quoted in error messages) and its known fields.
struct BodySchema {
    std::string_view java_class;
    std::vector<std::pair<std::string_view, FieldType>> fields;
};

/// `CreateInteractiveRequest` (0.9: includes ttl and idleTimeout).
const BodySchema& create_session_schema();
/// `CreateBatchRequest`.
const BodySchema& create_batch_schema();
/// `ExecuteRequest` (code, kind).
const BodySchema& statement_schema();
/// `CompletionRequest` (code, kind, cursor).
const BodySchema& completion_schema();

/// Parses `body` the way Livy's default Jackson `ObjectMapper` does: it must be a JSON object whose
/// fields are all known to `schema` and of the right type (null is allowed for any field).
/// Session kinds are normalised (scala -> spark, python -> pyspark, r -> sparkr).
/// Errors: a message meant to be sent as a 400 bare JSON string. Pure, thread-safe.
boost::system::result<boost::json::object, std::string> parse_body(std::string_view body,
                                                                   const BodySchema& schema);

}  // namespace steward::fake_livy
