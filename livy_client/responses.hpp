#pragma once

// Livy response bodies -> DTOs (internal to livy_client; unit-tested). All functions are pure;
// failures are Errc::bad_response with a message naming the body and field.

#include "livy_client/error.hpp"
#include "livy_client/types.hpp"

#include <boost/json/value.hpp>

#include <string_view>

namespace livy {

Result<Session> session_from_json(const boost::json::value& v, std::string_view where);
Result<Batch> batch_from_json(const boost::json::value& v, std::string_view where);
Result<Statement> statement_from_json(const boost::json::value& v, std::string_view where);
Result<StatementOutput> statement_output_from_json(const boost::json::value& v, std::string_view where);

Result<Session> parse_session(std::string_view body);
Result<Batch> parse_batch(std::string_view body);
Result<Statement> parse_statement(std::string_view body);
Result<SessionList> parse_session_list(std::string_view body);
Result<BatchList> parse_batch_list(std::string_view body);
Result<StatementList> parse_statement_list(std::string_view body);
Result<LogPage> parse_log_page(std::string_view body);
Result<StateInfo> parse_state_info(std::string_view body);
Result<Version> parse_version(std::string_view body);
Result<Completion> parse_completion(std::string_view body);

}  // namespace livy
