#pragma once

// Captures what the server logs on logger "api" while a test runs (the request lines carry the
// peer address and the TLS marker), and restores the previous logger afterwards.

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace steward::api::test {

class CapturedApiLog {
public:
    CapturedApiLog()
        : previous_(spdlog::get("api")), sink_(std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000)) {
        spdlog::drop("api");
        auto logger = std::make_shared<spdlog::logger>("api", sink_);
        logger->set_level(spdlog::level::trace);
        logger->set_pattern("%v");
        spdlog::register_logger(logger);
    }
    ~CapturedApiLog() {
        spdlog::drop("api");
        if (previous_) {
            spdlog::register_logger(previous_);
        }
    }
    CapturedApiLog(const CapturedApiLog&) = delete;
    CapturedApiLog& operator=(const CapturedApiLog&) = delete;

    /// Every line logged so far, newline-separated.
    [[nodiscard]] std::string text() const {
        std::string out;
        for (const auto& line : sink_->last_formatted()) {
            out += line;
        }
        return out;
    }

private:
    std::shared_ptr<spdlog::logger> previous_;
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> sink_;
};

}  // namespace steward::api::test
