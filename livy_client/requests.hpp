#pragma once

// Request DTOs -> JSON bodies (internal to livy_client; unit-tested). Only fields that are set
// are serialised; batches never carry session-only fields. Pure functions.

#include "livy_client/types.hpp"

#include <boost/json/object.hpp>

#include <string>

namespace livy {

boost::json::object to_json(const BatchRequest& request);
boost::json::object to_json(const SessionRequest& request);
boost::json::object to_json(const StatementRequest& request);
boost::json::object to_json(const CompletionRequest& request);

/// Serialised form of any of the above.
template <class Request>
std::string to_body(const Request& request);

}  // namespace livy
