#pragma once

// Decoding Livy error bodies and mapping statuses to livy::Error (internal; unit-tested).

#include "livy_client/error.hpp"

#include <string>
#include <string_view>

namespace livy {

/// The message of a Livy error body: `{"msg":"..."}`, else a bare JSON string, else another JSON
/// value serialised, else raw text; HTML is reduced to its <title> (or its text without tags);
/// whitespace is collapsed and the result trimmed to at most 500 characters. Pure.
std::string decode_error_message(std::string_view body);

/// An Error for a non-2xx reply: 404 -> Errc::not_found, others Errc::http_status. Pure.
Error http_error(int status, std::string_view body, std::string method, std::string target);

/// True for 502, 503, 504 (gateway/overload statuses that are retried for idempotent calls).
bool is_retryable_status(int status) noexcept;

/// True when `e` is Livy's 500 "...Session is in state <x>" reply to a POST on a session that
/// is not running yet.
bool is_session_state_rejection(const Error& e) noexcept;

/// True when `e` is that 500 naming a state the session leaves by itself once it is up
/// (starting, recovering, not_started).
bool refused_while_coming_up(const Error& e) noexcept;

}  // namespace livy
