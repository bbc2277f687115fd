#pragma once

// A response body produced over time (Server-Sent Events): the handler returns a `Response` whose
// `stream` is a `StreamProducer`; the server writes the headers, then runs the producer with a
// `StreamSink` over the connection until the producer returns, the client goes away or is too
// slow, or the server stops.

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace steward::api {

/// How the server runs streaming responses (part of `ServerSettings`).
struct StreamSettings {
    std::size_t max_streams = 64;                     ///< open streams at once; beyond it 503
    std::chrono::milliseconds heartbeat{15'000};      ///< a comment line when nothing else was sent
    std::chrono::milliseconds poll{250};              ///< how often a producer looks for news at most
    std::chrono::milliseconds write_timeout{10'000};  ///< per written batch; a slower client is dropped
};

/// The server's side of a streaming response, handed to `StreamProducer::run`. Used on the
/// io_context thread only; valid while `run` runs.
class StreamSink {
public:
    virtual ~StreamSink() = default;
    /// Writes `data` (one bounded batch) within `StreamSettings::write_timeout`. False when the
    /// client is gone or did not take it in time (the connection is then closed) or the server is
    /// stopping: the producer must return.
    virtual boost::asio::awaitable<bool> write(std::string data) = 0;
    /// Waits up to `duration`; returns early when the server stops or `Server::notify_streams`
    /// is called (new data may be there). Never fails.
    virtual boost::asio::awaitable<void> pause(std::chrono::milliseconds duration) = 0;
    /// True once the server stops or the connection failed: the producer must return.
    [[nodiscard]] virtual bool closed() const noexcept = 0;
    /// The server's stream settings.
    [[nodiscard]] virtual const StreamSettings& settings() const noexcept = 0;
};

/// Produces a streaming response's body. Runs once, on the io_context thread.
class StreamProducer {
public:
    virtual ~StreamProducer() = default;
    /// Writes through `sink` until done or `sink` says the stream is closed. Exceptions are logged
    /// by the server and end the stream.
    virtual boost::asio::awaitable<void> run(StreamSink& sink) = 0;
};

}  // namespace steward::api
