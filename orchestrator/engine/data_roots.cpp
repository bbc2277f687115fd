#include "orchestrator/engine/data_roots.hpp"

#include "orchestrator/core/path_confinement.hpp"

namespace steward::engine::detail {

bool inside_data_roots(const EngineSettings& settings, const std::filesystem::path& path) {
    return core::is_inside_roots(path, settings.data_roots);
}

std::string outside_data_roots(std::string_view subject, std::string_view what, std::string_view given) {
    return std::string(subject) + ": " + std::string(what) + " " + core::quote_given_path(given) +
           " is outside the configured data_roots (config 'data_roots')";
}

}  // namespace steward::engine::detail
