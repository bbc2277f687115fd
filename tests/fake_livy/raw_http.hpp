#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>
#include <utility>
#include <vector>

namespace steward::fake_livy {

/// A response as seen by `raw_request`: status 0 means no response (see `error`).
struct RawResponse {
    unsigned status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string error;  ///< the transport error text when no complete response arrived

    /// The first header called `name` (case-insensitive), or "".
    std::string header(const std::string& name) const;
};

/// A minimal HTTP/1.1 call to 127.0.0.1:`port` on a fresh connection with a 5 s deadline, for
/// testing the fake itself without the client. Transport failures come back in `error`; never
/// throws except on allocation. Runs on the awaiting coroutine's executor.
boost::asio::awaitable<RawResponse> raw_request(unsigned short port, std::string method, std::string target,
                                                std::string body = {},
                                                std::vector<std::pair<std::string, std::string>> headers = {
                                                    {"X-Requested-By", "test"}});

}  // namespace steward::fake_livy
