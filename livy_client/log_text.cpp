#include "livy_client/log_text.hpp"

#include <array>

namespace livy {
namespace {

constexpr std::array<LogSection, 3> kPrefixed{LogSection::stderr_section, LogSection::yarn_diagnostics,
                                              LogSection::k8s_diagnostics};

bool plain(LogSection section) {
    return section == LogSection::stdout_section || section == LogSection::none;
}

}  // namespace

std::string prefixed_text(const LogLine& line) {
    if (plain(line.section)) {
        return line.text;
    }
    return "[" + std::string(to_string(line.section)) + "] " + line.text;
}

LogLine from_prefixed_text(std::string_view text) {
    if (text.starts_with('[')) {
        for (const LogSection section : kPrefixed) {
            const std::string_view name = to_string(section);
            const std::string_view rest = text.substr(1);
            if (rest.starts_with(name) && rest.substr(name.size()).starts_with("] ")) {
                return LogLine{section, std::string(rest.substr(name.size() + 2))};
            }
        }
    }
    return LogLine{LogSection::stdout_section, std::string(text)};
}

}  // namespace livy
