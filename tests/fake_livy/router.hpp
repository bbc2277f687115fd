#pragma once

#include "tests/fake_livy/model.hpp"
#include "tests/fake_livy/recorded_request.hpp"
#include "tests/fake_livy/reply.hpp"

#include <optional>
#include <string>

namespace steward::fake_livy {

/// The server-wide filters that run before the servlets.
struct RouterOptions {
    /// `livy.server.csrf-protection.enabled`: POST/DELETE/... without `X-Requested-By` get 400.
    bool csrf = false;
    /// HTTP Basic credentials (`user`, `password`) every request must carry; none: no auth.
    std::optional<std::pair<std::string, std::string>> basic_auth;
};

/// Maps a request to a Livy route on the model, after Livy's filters: Basic auth (401), CSRF
/// (400 Jetty page), API version in `Accept` (406). Unknown routes get 404 with an empty body and a
/// known route with the wrong method 405, as Scalatra does. Non-integer `from`/`size` get 400
/// `{"msg":"For input string: ..."}`. Not thread-safe (server loop thread); never throws except on
/// allocation.
class Router {
public:
    Router(Model& model, RouterOptions& options) : model_(model), options_(options) {}

    /// Answers one request.
    Reply handle(const RecordedRequest& request);

private:
    Reply route(const RecordedRequest& request);

    Model& model_;
    RouterOptions& options_;
};

/// Standard base64 (with padding), for Basic credentials.
std::string base64_encode(std::string_view in);

}  // namespace steward::fake_livy
