#include "orchestrator/app/logging.hpp"

#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <array>
#include <memory>
#include <string>

namespace steward::app {

void setup_logging(std::string_view level) {
    auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
    sink->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %l [%n] %v");
    spdlog::level::level_enum parsed = spdlog::level::from_str(std::string(level));
    if (parsed == spdlog::level::off && level != "off") {
        parsed = spdlog::level::info;
    }
    constexpr std::array<const char*, 6> kNames{"steward", "api", "engine", "livy", "store", "notify"};
    for (const char* name : kNames) {
        spdlog::drop(name);
        auto logger = std::make_shared<spdlog::logger>(name, sink);
        logger->set_level(parsed);
        logger->flush_on(spdlog::level::warn);
        spdlog::register_logger(logger);
        if (std::string_view(name) == "steward") {
            spdlog::set_default_logger(logger);
        }
    }
    spdlog::cfg::load_env_levels();
}

}  // namespace steward::app
