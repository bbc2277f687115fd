#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace steward::store {
class Store;
}

namespace steward::api {

class Commands;

/// Users known to the server (config `users:`) and their roles.
using UserDirectory = std::map<std::string, std::vector<std::string>, std::less<>>;

/// What every handler works with. References only: the owner (the app, or a test) keeps the
/// store, the commands and the directory alive while the server runs. Threading: the
/// io_context thread.
struct Context {
    store::Store& store;
    Commands& commands;
    const UserDirectory& users;
};

}  // namespace steward::api
