#pragma once

// The API as a test calls it: an in-memory store, fake commands, a real authenticator on a manual
// clock, a role policy and the routing table with its gate. Requests go through `dispatch`
// exactly as the server sends them, so every test passes the same authentication and permission
// checks production requests do.

#include "orchestrator/api/context.hpp"
#include "orchestrator/api/message.hpp"
#include "orchestrator/auth/authenticator.hpp"
#include "orchestrator/store/store.hpp"
#include "tests/api/fake_commands.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace steward::api::test {

/// Roles: viewer (view), operator (view, trigger churn-*, cancel), model_owner (view, answer,
/// promote), admin (everything). Users: alice (model_owner), bob (none), vera (viewer), olga
/// (operator), root (admin), tester (model_owner, operator).
struct AccessHarness {
    explicit AccessHarness(auth::Mode mode = auth::Mode::local);

    store::Store db{":memory:"};
    FakeCommands commands{db};
    std::int64_t now_ms = 1'700'000'000'000;
    std::string remote_address = "127.0.0.1";  ///< the peer of every request
    auth::Authenticator auth;
    AccessSettings access;
    Context context;

    /// A new API token for `user`; every scope unless `scopes` is given.
    std::string token(const std::string& user, std::vector<std::string> scopes = {},
                      std::string workflows = "");
    /// Gives `user` a password in the database.
    void set_password(const std::string& user, const std::string& password);

    /// Dispatches a request from 127.0.0.1 with `Host: 127.0.0.1:8080`, a JSON content type when
    /// there is a body, and, unless `headers` has an Authorization or Cookie, a token of
    /// `as_user` (none when `as_user` is empty).
    Response call(const std::string& method, const std::string& target, const std::string& body = {},
                  std::map<std::string, std::string> headers = {}, const std::string& as_user = "tester");

    /// The same as `call` with no credentials at all.
    Response anonymous(const std::string& method, const std::string& target, const std::string& body = {},
                       std::map<std::string, std::string> headers = {});

private:
    std::map<std::string, std::string> tokens_;
};

}  // namespace steward::api::test
